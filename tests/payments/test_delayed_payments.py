"""Delayed payment methods (a bank debit, OXXO, a boleto) end to end: the checkout completes unpaid, the
order waits for the money and says so to the buyer, and is fulfilled when the payment arrives or closed,
with the buyer told, when it never does.

Through the real SDK against the stand-in, which delivers its events to the live portal (or, for the
reconciliation, keeps them back as a lost webhook would).
"""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from courses.access import policy as access
from courses.models import AccessLevel, Entitlement
from payments.models import Order
from payments.standin import StripeStandin

from .. import factories


@pytest.fixture
def stripe_account(live_server, settings):
    with StripeStandin(
        secret_key=settings.STRIPE_SECRET_KEY,
        webhook_secret=settings.STRIPE_WEBHOOK_SECRET,
        webhook_url=f"{live_server.url}/payments/webhook/",
        retry_delays=(),
    ) as standin:
        settings.STRIPE_API_BASE = standin.url
        yield standin


def buy(client, item):
    return client.post(f"/es/payments/buy/{item.pk}/")


def opens(user, item) -> bool:
    access.forget(user)
    return access.check(user, item).allowed


def test_a_delayed_payment_waits_shown_as_such_then_is_fulfilled_when_it_arrives(
    buyer_client, buyer, priced_material, stripe_account
):
    buy(buyer_client, priced_material)
    order = Order.objects.get()

    stripe_account.complete_session(order.stripe_session_id, delayed=True)

    order.refresh_from_db()
    assert order.awaits_delayed_payment and order.checkout_url == ""
    assert not opens(buyer, priced_material) and mail.outbox == []
    success = buyer_client.get(f"/es/payments/success/?session_id={order.stripe_session_id}")
    html = success.content.decode()
    assert "Estamos esperando su pago" in html and 'http-equiv="refresh"' not in html
    purchases = buyer_client.get("/es/account/purchases/").content.decode()
    assert "Pago en curso" in purchases and "retomar el pago" not in purchases
    item_page = buyer_client.get(priced_material.url).content.decode()
    assert "Su pago de este contenido está en camino" in item_page and "buy-form" not in item_page
    # Buying again leads to the purchases, not to a second checkout that could be paid too.
    again = buy(buyer_client, priced_material)
    assert again.status_code == 302 and again["Location"] == "/es/account/purchases/"
    assert len(stripe_account.state.sessions) == 1 and Order.objects.count() == 1

    stripe_account.settle_delayed_payment(order.stripe_session_id, succeeded=True)

    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.payment_intent_id.startswith("pi_")
    assert opens(buyer, priced_material) and Entitlement.objects.get().reference == order.reference
    [receipt] = mail.outbox
    assert receipt.to == [buyer.email] and order.reference in receipt.body
    types = [record["type"] for record in stripe_account.events if record["last_status"] == 200]
    assert types == ["checkout.session.completed", "checkout.session.async_payment_succeeded"]


def test_a_delayed_payment_that_never_arrives_closes_the_order_and_tells_the_buyer_once(
    buyer_client, buyer, priced_material, stripe_account
):
    buyer.language = "pt"
    buyer.save()
    buy(buyer_client, priced_material)
    order = Order.objects.get()
    stripe_account.complete_session(order.stripe_session_id, delayed=True)

    failed = stripe_account.settle_delayed_payment(order.stripe_session_id, succeeded=False)
    [record] = [r for r in stripe_account.events if r["type"] == "checkout.session.async_payment_failed"]
    stripe_account.resend(record["id"])  # Stripe may deliver it twice

    order.refresh_from_db()
    assert order.status == Order.Status.FAILED and order.failure_notice_sent_at is not None
    assert failed["payment_status"] == "unpaid" and not opens(buyer, priced_material)
    [notice] = mail.outbox
    assert notice.to == [buyer.email] and order.reference in notice.subject
    assert "não chegou" in notice.body and "Nada foi cobrado" in notice.body
    assert priced_material.url in notice.body
    purchases = buyer_client.get("/es/account/purchases/").content.decode()
    assert "Pago fallido" in purchases and "Comprarlo de nuevo" in purchases
    # Buying again starts afresh: a new order and a new checkout.
    again = buy(buyer_client, priced_material)
    assert again.status_code == 303 and Order.objects.count() == 2
    assert Order.objects.get(status=Order.Status.PENDING).stripe_session_id != order.stripe_session_id


@pytest.mark.django_db
def test_reconciliation_settles_delayed_payments_whose_events_were_lost(
    buyer_client, buyer, priced_material, tree, standin, django_capture_on_commit_callbacks
):
    course = factories.CoursePageFactory(
        parent=tree.courses, access_level=AccessLevel.AUTHORISED, price=Decimal("30.00"), currency="eur"
    )
    buy(buyer_client, priced_material)
    buy(buyer_client, course)
    arrived, never = Order.objects.get(item=priced_material), Order.objects.get(item=course)
    for order in (arrived, never):
        standin.complete_session(order.stripe_session_id, delayed=True, send=False)
    # The success page learns from Stripe that the checkout completed unpaid, before any webhook.
    page = buyer_client.get(f"/es/payments/success/?session_id={never.stripe_session_id}")
    assert "Estamos esperando su pago" in page.content.decode()
    standin.settle_delayed_payment(arrived.stripe_session_id, succeeded=True, send=False)
    standin.settle_delayed_payment(never.stripe_session_id, succeeded=False, send=False)
    Order.objects.update(created_at=timezone.now() - datetime.timedelta(hours=2))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("reconcile_orders", minutes=60)

    arrived.refresh_from_db()
    never.refresh_from_db()
    assert (arrived.status, never.status) == (Order.Status.PAID, Order.Status.FAILED)
    assert opens(buyer, priced_material) and not opens(buyer, course)
    [receipt] = [message for message in mail.outbox if arrived.reference in message.subject]
    [notice] = [message for message in mail.outbox if never.reference in message.subject]
    assert len(mail.outbox) == 2 and "recibo" in receipt.subject and "Su pago no llegó" in notice.subject
