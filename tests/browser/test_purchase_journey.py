"""Buying in the browser, with the real Stripe SDK talking to the local stand-in over HTTP: an authorised
external user buys a priced material in one round (Buy, accept the licence's terms, Stripe's page) with the
test card (after a declined one), finds it marked as bought on its page, downloads the stamped file, a
coordinator refunds the order, and the download is refused afterwards."""

import re

import pikepdf
import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from courses.models import AccessLevel, Entitlement, LicenceAcceptance
from payments.models import Order
from payments.standin import StripeStandin
from portal.models import AccessRequest
from portal.roles import COORDINATORS

from .. import factories
from ..conftest import wagtail_root
from .test_access_journeys import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shop(locales, live_server, settings):
    from wagtail.models import Site

    home = factories.HomePageFactory(parent=wagtail_root(locales["es"]), slug="inicio", locale=locales["es"])
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    materials = factories.MaterialIndexPageFactory(parent=home, slug="materiales")
    material = factories.MaterialPageFactory(
        parent=materials,
        title="Manual de costos",
        slug="manual-de-costos",
        access_level=AccessLevel.AUTHORISED,
        price="12.50",
        licence=factories.LicenceFactory(
            name="Convenio del Fondo (prueba)", label="Convenio", acceptance_required=True
        ),
    )
    factories.credit(material, factories.ContributorFactory(name="Fondo Solidario"))
    factories.add_file(material, "manual-costos.pdf", factories.pdf_bytes("Costos de produccion"))
    buyer = factories.UserFactory(email="ana@fondo.example", full_name="Ana Compradora")
    AccessRequest.objects.create(
        user=buyer,
        organisation="Fondo Solidario",
        country="EC",
        role="Asesora",
        purpose="Capacitar",
        accepted_terms=True,
        status=AccessRequest.Status.APPROVED,
    )
    coordinator = factories.UserFactory(email="coordinator@clase.example")
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    with StripeStandin(
        secret_key=settings.STRIPE_SECRET_KEY,
        webhook_secret=settings.STRIPE_WEBHOOK_SECRET,
        webhook_url=f"{live_server.url}/payments/webhook/",
    ) as standin:
        settings.STRIPE_API_BASE = standin.url
        yield {"material": material, "buyer": buyer, "standin": standin}


def pay(page, card: str):
    page.fill("#card_number", card)
    page.fill("#expiry", "12/34")
    page.fill("#cvc", "123")
    page.locator("form button[type=submit]").click()


def test_an_authorised_user_buys_downloads_and_loses_access_after_a_refund(
    live_server, chromium_browser, shop
):
    material = shop["material"]
    page = chromium_browser.new_context(locale="es-ES", accept_downloads=True).new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, "ana@fondo.example")
    page.goto(f"{live_server.url}{material.url}")
    expect(page.locator(".lock-notice .price")).to_contain_text("12,50")
    page.locator(".lock-notice form.buy-form button[type=submit]").click()

    # The licence asks for its terms first: accepting them goes on to Stripe's page, not back to the item.
    page.wait_for_url(f"{live_server.url}/es/terms/{material.pk}/*")
    expect(page.locator("main")).to_contain_text("12,50 USD")
    page.check("input[name=accept]")
    page.locator("main form.stacked button[type=submit]").click()
    page.wait_for_url(f"{shop['standin'].url}/pay/*")
    assert LicenceAcceptance.objects.filter(user=shop["buyer"], page=material).count() == 1
    expect(page.locator("main, body").first).to_contain_text("Manual de costos")
    pay(page, "4000 0000 0000 0002")  # declined: nothing is charged, the order stays open
    expect(page.locator("#card_number-error")).to_be_visible()
    assert Order.objects.get().status == Order.Status.PENDING
    pay(page, "4242 4242 4242 4242")

    page.wait_for_url(f"{live_server.url}/es/payments/success/*")
    expect(page.locator("main")).to_contain_text("CL-")
    order = Order.objects.get()
    assert (order.status, order.amount, order.currency) == (Order.Status.PAID, 12.5, "usd")
    assert order.licence == material.licence
    assert Entitlement.objects.in_force().filter(user=shop["buyer"], page=material).count() == 1
    receipts = [message for message in mail.outbox if "ana@fondo.example" in message.to]
    assert len(receipts) == 1 and order.reference in receipts[0].body

    # The item's page now says it was bought, and when, instead of its price.
    page.goto(f"{live_server.url}{material.url}")
    with translation.override("es"):
        today = date_format(timezone.localdate(), "DATE_FORMAT")
    expect(page.locator("main .held")).to_have_text(re.compile(rf"Comprado el {today} · Descargar"))
    expect(page.locator("main")).not_to_contain_text("12,50")
    expect(page.locator(".lock-notice, form.buy-form")).to_have_count(0)
    with page.expect_download() as download_info:
        page.locator("main .held a").click()
    with open(download_info.value.path(), "rb") as downloaded, pikepdf.open(downloaded) as pdf:
        notice = pdf.pages[0].obj.Contents.read_bytes()
    assert "Ana Compradora \\(Fondo Solidario\\)".encode("cp1252") in notice

    refund_in_the_admin(chromium_browser, live_server, order)

    order.refresh_from_db()
    assert order.status == Order.Status.REFUNDED
    notices = [message for message in mail.outbox if "Su reembolso de Cla@se" in message.subject]
    assert len(notices) == 1 and "Usted ya no tiene acceso" in notices[0].body  # told, in Spanish
    assert not Entitlement.objects.in_force().filter(user=shop["buyer"], page=material).exists()
    page.goto(f"{live_server.url}{material.url}")
    expect(page.locator(".lock-notice form.buy-form")).to_be_visible()  # buyable again, not open
    response = page.request.get(
        f"{live_server.url}{material.files.get().get_download_url()}", max_redirects=0
    )
    assert response.status == 302 and response.headers["location"] == material.url
    assert shop["standin"].url == settings.STRIPE_API_BASE


def refund_in_the_admin(chromium_browser, live_server, order):
    """A Spanish-speaking coordinator refunds: the admin speaks their language even in an English browser."""
    from .test_editor_journey import admin_login

    admin = chromium_browser.new_context(locale="en-US").new_page()
    admin.set_default_timeout(15_000)
    admin_login(admin, live_server.url, "coordinator@clase.example")
    admin.goto(f"{live_server.url}/admin/")
    admin.get_by_role("link", name="Pedidos").first.click()
    admin.get_by_role("link", name=order.reference).first.click()
    admin.get_by_role("button", name="Reembolsar").click()
    # Nothing is refunded before the coordinator confirms, with the amount and the loss of access in view.
    expect(admin.locator("#refund-question")).to_contain_text("¿Reembolsar 12,50 USD a Ana Compradora")
    expect(admin.locator("#refund-consequence")).to_contain_text("El comprador pierde el acceso a")
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID
    admin.get_by_role("button", name="Confirmar el reembolso").click()
    expect(admin.locator(".messages")).to_contain_text("reembols")
    admin.context.close()
