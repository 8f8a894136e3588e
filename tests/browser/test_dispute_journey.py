"""A chargeback in the browser: an authorised buyer pays with Stripe's disputed card (4000 0000 0000 0259) on
the stand-in's page; the bank's dispute reaches the portal at once, so the buyer finds the item withdrawn
and the order marked as disputed; a coordinator sees the dispute, its due date and its link to Stripe on
the order's page; when the stand-in closes the dispute as won, the item is the buyer's again."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from payments.models import Dispute, Order
from portal.roles import COORDINATORS

from .test_access_journeys import log_in
from .test_editor_journey import admin_login
from .test_purchase_journey import pay, shop  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_disputed_payment_withdraws_the_item_until_the_dispute_is_won(live_server, chromium_browser, shop):  # noqa: F811
    material, standin = shop["material"], shop["standin"]
    with translation.override("es"):
        purchases = reverse("payments:purchases")
    phone = chromium_browser.new_context(locale="es-419", viewport={"width": 390, "height": 844}).new_page()
    phone.set_default_timeout(15_000)
    log_in(phone, live_server.url, "ana@fondo.example")
    phone.goto(f"{live_server.url}{material.url}")
    phone.locator(".lock-notice form.buy-form button[type=submit]").click()
    phone.wait_for_url(f"{live_server.url}/es/terms/{material.pk}/*")
    phone.check("input[name=accept]")
    phone.locator("main form.stacked button[type=submit]").click()
    phone.wait_for_url(f"{standin.url}/pay/*")
    pay(phone, "4000 0000 0000 0259")

    # The bank disputed the payment at once: the page says so, and the item is not open.
    phone.wait_for_url(f"{live_server.url}/es/payments/success/*")
    expect(phone.locator("main h1")).to_have_text("Pago en disputa")
    order = Order.objects.get()
    assert order.status == Order.Status.DISPUTED
    phone.goto(f"{live_server.url}{purchases}")
    row = phone.locator(f"#order-{order.reference}")
    expect(row.locator(".badge")).to_have_text("En disputa por el banco del comprador")
    expect(row).to_contain_text("Su banco disputó este pago")
    expect(row.locator(".file-list a")).to_have_count(0)
    phone.goto(f"{live_server.url}{material.url}")
    expect(phone.locator(".lock-notice")).to_be_visible()
    response = phone.request.get(
        f"{live_server.url}{material.files.get().get_download_url()}", max_redirects=0
    )
    assert response.status == 302

    # The coordinators were told, with the date; the order's page shows the dispute and links to Stripe.
    dispute = Dispute.objects.get()
    alerts = [message for message in mail.outbox if "coordinator@clase.example" in message.to]
    assert len(alerts) == 1 and order.reference in alerts[0].subject
    coordinator = Group.objects.get(name=COORDINATORS).user_set.get()
    coordinator.language = "pt"  # reads the admin in Portuguese
    coordinator.save()
    desk = chromium_browser.new_context(locale="pt-BR", viewport={"width": 1280, "height": 900}).new_page()
    desk.set_default_timeout(15_000)
    admin_login(desk, live_server.url, coordinator.email)
    desk.goto(f"{live_server.url}/admin/orders/inspect/{order.pk}/")
    alert = desk.locator(".order-dispute")
    expect(alert).to_contain_text("O banco do comprador contestou o pagamento de USD 12,50")
    expect(alert.locator(f'a[href$="/disputes/{dispute.stripe_id}"]')).to_be_visible()
    expect(desk.locator("#order-refund-heading")).to_have_count(0)

    standin.close_dispute(dispute.stripe_id, won=True)

    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    phone.goto(f"{live_server.url}{purchases}")
    expect(row.locator(".badge")).to_have_text("Pagado")
    expect(row.locator(".file-list a")).to_be_visible()
    phone.goto(f"{live_server.url}{material.url}")
    expect(phone.locator("main .held")).to_be_visible()
    desk.reload()
    expect(desk.locator(".order-dispute")).to_contain_text("foi ganha")
