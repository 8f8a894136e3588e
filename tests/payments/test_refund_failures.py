"""A refund that fails after it was made (Stripe's 4000 0000 0000 5126 card, through the stand-in and the real
SDK): the refunded amount comes back on the order, the access that refund withdrew is given back (only if
that refund withdrew it), the coordinators are alerted (e-mail, order page) and the buyer is told, once,
however the three events Stripe sends arrive."""

from decimal import Decimal

import pytest
import stripe
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from wagtail.models import ModelLogEntry

from courses.access import policy as access
from courses.models import Entitlement
from payments import refunds
from payments.models import Order, Refund
from portal.roles import COORDINATORS

from .. import factories
from .helpers import deliver

REFUND_FAILS = "4000000000005126"
FAILURE_EVENTS = ("charge.refund.updated", "refund.updated", "refund.failed")


def opens(user, item) -> bool:
    access.forget(user)
    return access.check(user, item).allowed


@pytest.fixture
def coordinator(db):
    """A learning coordinator, reading Portuguese: the alert comes in their language."""
    user = factories.UserFactory(is_staff=True, is_superuser=True, language="pt", full_name="Paula Coord")
    user.groups.add(Group.objects.get(name=COORDINATORS))
    return user


@pytest.fixture
def paid_order(buyer_client, buyer, priced_material, standin, django_capture_on_commit_callbacks):
    """An order paid with the card whose refunds fail later, confirmed as a buyer would (success page)."""
    buyer.language = "es"
    buyer.save()
    buyer_client.post(f"/es/payments/buy/{priced_material.pk}/")
    order = Order.objects.get()
    standin.complete_session(order.stripe_session_id, send=False, card=REFUND_FAILS)
    with django_capture_on_commit_callbacks(execute=True):
        buyer_client.get(f"/es/payments/success/?session_id={order.stripe_session_id}")
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and opens(buyer, priced_material)
    mail.outbox.clear()  # the receipt
    return order


def events_of(standin, *types, refund_id=None):
    found = [record["event"] for record in standin.events if record["type"] in types]
    if refund_id is not None:
        found = [event for event in found if event["data"]["object"]["id"] == refund_id]
    return found


def deliver_all(events, capture):
    with capture(execute=True):
        for stripe_event in events:
            assert deliver(Client(), stripe_event).status_code == 200


def fail(standin, refund: Refund, capture, order=FAILURE_EVENTS):
    """Stripe moves the refund to failed; its three events reach the portal (in `order`)."""
    standin.fail_refund(refund.stripe_id, send=False)
    failure = events_of(standin, *FAILURE_EVENTS, refund_id=refund.stripe_id)
    events = {stripe_event["type"]: stripe_event for stripe_event in failure}
    deliver_all([events[event_type] for event_type in order], capture)


@pytest.mark.django_db
def test_a_full_refund_that_fails_restores_the_order_and_the_access_and_tells_everyone_once(
    paid_order, buyer, priced_material, coordinator, standin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = refunds.refund_order(order=paid_order, by=coordinator, reason="Pedido por error")
    assert order.status == Order.Status.REFUNDED and not opens(buyer, priced_material)
    refund = Refund.objects.get()
    assert refund.withdrew_access and refund.status == "succeeded"
    deliver_all(events_of(standin, "charge.refunded", "refund.created"), django_capture_on_commit_callbacks)
    mail.outbox.clear()  # the refund notice

    fail(standin, refund, django_capture_on_commit_callbacks)

    order.refresh_from_db()
    refund.refresh_from_db()
    assert order.status == Order.Status.PAID and order.amount_refunded == 0 and order.refunded_at is None
    assert (refund.status, refund.failure_reason) == ("failed", "expired_or_canceled_card")
    assert refund.failed_at is not None and refund.failure_notified_at is not None
    assert opens(buyer, priced_material)
    assert Entitlement.objects.filter(user=buyer).count() == 2  # the withdrawn one stays on record
    entry = ModelLogEntry.objects.get(action="payments.order.refund_failed")
    assert entry.data["access_back"] is True and entry.data["refund"] == refund.stripe_id

    # Told once, each in their language, though three events said it.
    to_buyer = [message for message in mail.outbox if message.to == [buyer.email]]
    to_coordinator = [message for message in mail.outbox if message.to == [coordinator.email]]
    assert len(to_buyer) == 1 and len(to_coordinator) == 1 and len(mail.outbox) == 2
    text = to_buyer[0].body
    assert order.reference in to_buyer[0].subject and "no le llegó" in to_buyer[0].subject
    assert "12,50 USD" in text and "la tarjeta venció o fue cancelada" in text
    assert "vuelve a tener acceso a “Manual de costos”" in text
    alert = to_coordinator[0]
    assert "Um reembolso falhou no Stripe" in alert.subject and refund.stripe_id in alert.body
    assert f"{settings.PORTAL_BASE_URL}/admin/orders/inspect/{order.pk}/" in alert.body

    # A late copy of an older event changes nothing: the refund stays failed, the order paid.
    deliver_all(events_of(standin, "refund.created", "charge.refunded"), django_capture_on_commit_callbacks)
    order.refresh_from_db()
    refund.refresh_from_db()
    assert order.status == Order.Status.PAID and order.amount_refunded == 0 and refund.status == "failed"
    assert opens(buyer, priced_material) and len(mail.outbox) == 2


@pytest.mark.django_db
def test_the_failure_events_in_any_order_end_the_same(
    paid_order, buyer, priced_material, coordinator, standin, django_capture_on_commit_callbacks
):
    order = refunds.refund_order(order=paid_order, by=coordinator)
    refund = Refund.objects.get()

    fail(standin, refund, django_capture_on_commit_callbacks, ("refund.failed", "charge.refund.updated"))

    order.refresh_from_db()
    assert order.status == Order.Status.PAID and opens(buyer, priced_material)
    assert len([message for message in mail.outbox if message.to == [buyer.email]]) == 1


@pytest.mark.django_db
def test_a_partial_refund_that_fails_gives_nothing_back_that_it_did_not_withdraw(
    paid_order, buyer, priced_material, coordinator, standin, django_capture_on_commit_callbacks
):
    order = refunds.refund_order(order=paid_order, by=coordinator, amount=Decimal("2.50"))
    assert order.status == Order.Status.PARTIALLY_REFUNDED and opens(buyer, priced_material)
    refund = Refund.objects.get()
    assert not refund.withdrew_access

    fail(standin, refund, django_capture_on_commit_callbacks)

    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.amount_refunded == 0
    assert Entitlement.objects.filter(user=buyer).count() == 1 and opens(buyer, priced_material)
    [to_buyer] = [message for message in mail.outbox if message.to == [buyer.email]]
    assert "conserva el acceso a “Manual de costos”" in to_buyer.body


@pytest.mark.django_db
def test_the_failure_of_a_refund_that_did_not_withdraw_the_item_leaves_it_withdrawn(
    paid_order, buyer, priced_material, coordinator, standin, django_capture_on_commit_callbacks
):
    first = refunds.refund_order(order=paid_order, by=coordinator, amount=Decimal("2.50"), revoke=True)
    assert not opens(buyer, priced_material)
    order = refunds.refund_order(order=first, by=coordinator)  # the rest
    assert order.status == Order.Status.REFUNDED
    withdrew, rest = Refund.objects.order_by("created_at", "pk")
    assert withdrew.withdrew_access and not rest.withdrew_access

    fail(standin, rest, django_capture_on_commit_callbacks)

    order.refresh_from_db()
    assert order.status == Order.Status.PARTIALLY_REFUNDED and order.amount_refunded == Decimal("2.50")
    assert not opens(buyer, priced_material)
    assert ModelLogEntry.objects.get(action="payments.order.refund_failed").data["access_back"] is False


@pytest.mark.django_db
def test_a_refund_made_in_stripe_that_fails_is_undone_though_its_events_come_out_of_order(
    paid_order, buyer, priced_material, coordinator, standin, django_capture_on_commit_callbacks
):
    dashboard = stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses={"api": standin.url})
    made = dashboard.v1.refunds.create({"payment_intent": paid_order.payment_intent_id})
    deliver_all(events_of(standin, "charge.refunded"), django_capture_on_commit_callbacks)
    paid_order.refresh_from_db()
    assert paid_order.status == Order.Status.REFUNDED and not opens(buyer, priced_material)

    standin.fail_refund(made.id, send=False)
    # Its own events arrive only now, the failure first.
    deliver_all(events_of(standin, "refund.failed", "refund.created"), django_capture_on_commit_callbacks)

    paid_order.refresh_from_db()
    refund = Refund.objects.get()
    assert paid_order.status == Order.Status.PAID and paid_order.amount_refunded == 0
    assert refund.status == "failed" and refund.withdrew_access and opens(buyer, priced_material)
    assert refund.failure_notified_at is not None


@pytest.mark.django_db
def test_the_order_page_shows_the_failed_refund_and_the_listing_marks_it(
    paid_order, coordinator, standin, django_capture_on_commit_callbacks
):
    refunds.refund_order(order=paid_order, by=coordinator)
    fail(standin, Refund.objects.get(), django_capture_on_commit_callbacks)
    admin = Client()
    admin.force_login(coordinator)

    # The admin speaks the coordinator's own language (Portuguese), whatever the browser asks for.
    page = admin.get(f"/admin/orders/inspect/{paid_order.pk}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    listing = admin.get("/admin/orders/", HTTP_ACCEPT_LANGUAGE="es").content.decode()

    alert = page.split('order-alert order-refund-failed"')[1].split("</div>")[0]
    assert "o dinheiro não chegou ao comprador" in alert and "o cartão venceu ou foi cancelado" in alert
    assert "12,50" in alert and "O comprador tem acesso ao conteúdo" in alert
    assert "order-row--flagged" in listing
