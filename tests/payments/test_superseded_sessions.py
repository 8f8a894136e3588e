"""Old checkout sessions: a session about to end is expired at Stripe when a new one replaces it, so it can
no longer be paid; and a second payment that still arrives (the old session could not be expired) is given
back whole, automatically, through Stripe, and the buyer told. Through the stand-in and the real SDK."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses.access import policy as access
from courses.models import Entitlement
from payments.models import Order, Refund
from payments.standin.errors import ApiError
from portal.roles import COORDINATORS

from .. import factories
from .helpers import deliver

REFUND_FAILS = "4000000000005126"


def buy(client, item, language="es"):
    return client.post(f"/{language}/payments/buy/{item.pk}/")


def about_to_end(order: Order) -> None:
    """The order's session has under five minutes left (as a buyer who comes back much later finds it)."""
    ends = timezone.now() + datetime.timedelta(minutes=2)
    Order.objects.filter(pk=order.pk).update(session_expires_at=ends)


def events_of(standin, event_type, object_id=None):
    found = [record["event"] for record in standin.events if record["type"] == event_type]
    if object_id is not None:
        found = [event for event in found if event["data"]["object"]["id"] == object_id]
    return found


def completed_event(standin, session_id):
    [stripe_event] = events_of(standin, "checkout.session.completed", session_id)
    return stripe_event


def opens(user, item) -> bool:
    access.forget(user)
    return access.check(user, item).allowed


@pytest.mark.django_db
def test_a_session_about_to_end_is_expired_at_stripe_when_a_new_one_replaces_it(
    buyer_client, priced_material, standin
):
    buy(buyer_client, priced_material)
    order = Order.objects.get()
    old = order.stripe_session_id
    about_to_end(order)

    response = buy(buyer_client, priced_material)

    order.refresh_from_db()
    assert order.stripe_session_id != old and order.attempt == 2
    assert response.status_code == 303 and response["Location"].endswith(order.stripe_session_id)
    assert standin.state.sessions[old]["status"] == "expired"
    assert standin.state.sessions[order.stripe_session_id]["status"] == "open"
    with pytest.raises(ApiError):  # the old page can no longer be paid
        standin.complete_session(old, send=False)
    # Its expiry, announced by Stripe, does not close the order, which goes on with the new session.
    assert deliver(Client(), events_of(standin, "checkout.session.expired", old)[0]).status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING


@pytest.mark.django_db
def test_a_session_paid_meanwhile_is_not_replaced_and_the_buyer_sees_the_payment_settled(
    buyer_client, buyer, priced_material, standin, django_capture_on_commit_callbacks
):
    buy(buyer_client, priced_material)
    order = Order.objects.get()
    paid_session = order.stripe_session_id
    standin.complete_session(paid_session, send=False)  # paid in another tab; its webhook is late
    about_to_end(order)

    response = buy(buyer_client, priced_material)

    assert response.status_code == 302
    assert response["Location"] == f"/es/payments/success/?session_id={paid_session}"
    assert len(standin.state.sessions) == 1
    with django_capture_on_commit_callbacks(execute=True):
        buyer_client.get(response["Location"])
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and opens(buyer, priced_material)


@pytest.fixture
def two_open_sessions(buyer_client, buyer, priced_material, standin):
    """The order's old session could not be expired (Stripe did not answer that call), and a new one was
    made: both can be paid. Returns the order and the two session ids, the old one first."""
    buy(buyer_client, priced_material)
    order = Order.objects.get()
    old = order.stripe_session_id
    about_to_end(order)
    standin.outage(r"/v1/checkout/sessions/.*/expire", times=2)  # the portal's call and its one retry

    buy(buyer_client, priced_material)

    order.refresh_from_db()
    assert standin.state.sessions[old]["status"] == "open" and order.stripe_session_id != old
    return order, old, order.stripe_session_id


@pytest.mark.django_db
def test_a_second_payment_is_refunded_automatically_and_the_buyer_told(
    two_open_sessions, buyer, priced_material, standin, django_capture_on_commit_callbacks
):
    order, old, new = two_open_sessions
    standin.complete_session(old, send=False)
    standin.complete_session(new, send=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(Client(), completed_event(standin, old)).status_code == 200
        assert deliver(Client(), completed_event(standin, new)).status_code == 200

    order.refresh_from_db()
    second = standin.state.sessions[new]["payment_intent"]
    assert order.status == Order.Status.PAID and order.payment_intent_id != second
    # Given back at Stripe, whole, once.
    [made] = standin.state.refunds.values()
    assert (made["payment_intent"], made["amount"], made["status"]) == (second, 1250, "succeeded")
    refund = Refund.objects.get()
    assert refund.second_payment and refund.amount == Decimal("12.50") and refund.order == order
    # Stripe's events about that refund change nothing on the order.
    with django_capture_on_commit_callbacks(execute=True):
        for stripe_event in events_of(standin, "charge.refunded") + events_of(standin, "refund.created"):
            assert deliver(Client(), stripe_event).status_code == 200
        assert deliver(Client(), completed_event(standin, new)).status_code == 200  # delivered again
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.amount_refunded == 0 and order.flag_reason == ""
    assert opens(buyer, priced_material) and Entitlement.objects.count() == 1
    assert len(standin.state.refunds) == 1 and Refund.objects.count() == 1
    entry = ModelLogEntry.objects.get(action="payments.order.second_payment_refund")
    assert entry.data["payment"] == second

    # The buyer: one receipt, and one notice of the second payment given back, in their language.
    receipts = [message for message in mail.outbox if "recibo de Cla@se" in message.subject]
    [notice] = [message for message in mail.outbox if "segundo pago" in message.subject]
    assert len(receipts) == 1 and len(mail.outbox) == 2
    assert notice.to == [buyer.email] and order.reference in notice.subject
    assert "Recibimos dos pagos de su pedido" in notice.body and "12,50 USD" in notice.body


@pytest.mark.django_db
def test_a_second_payment_whose_refund_fails_alerts_the_coordinators_and_the_buyer(
    two_open_sessions, buyer, priced_material, standin, django_capture_on_commit_callbacks
):
    coordinator = factories.UserFactory(is_staff=True, language="es")
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    order, old, new = two_open_sessions
    standin.complete_session(old, send=False)
    standin.complete_session(new, send=False, card=REFUND_FAILS)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(Client(), completed_event(standin, old))
        deliver(Client(), completed_event(standin, new))
    refund = Refund.objects.get()
    mail.outbox.clear()

    standin.fail_refund(refund.stripe_id, send=False)
    with django_capture_on_commit_callbacks(execute=True):
        for stripe_event in events_of(standin, "refund.failed"):
            assert deliver(Client(), stripe_event).status_code == 200

    order.refresh_from_db()
    refund.refresh_from_db()
    assert refund.status == "failed" and order.status == Order.Status.PAID and order.amount_refunded == 0
    assert opens(buyer, priced_material)
    [to_buyer] = [message for message in mail.outbox if message.to == [buyer.email]]
    [alert] = [message for message in mail.outbox if message.to == [coordinator.email]]
    assert "El reembolso de su segundo pago de 12,50 USD" in to_buyer.body
    assert "Era el reembolso automático de un segundo pago de este pedido." in alert.body
