"""Refunds: a full refund withdraws the item, a partial one keeps it unless asked; refund events are
idempotent and may come in any order."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from wagtail.models import ModelLogEntry

from courses.access import policy as access
from courses.access import services as courses_services
from courses.models import Entitlement
from payments import refunds
from payments.models import Order, Refund

from .. import factories
from .helpers import charge_for, deliver, event, open_order, session_for


def opens(user, item) -> bool:
    access.forget(user)
    return access.check(user, item).allowed


@pytest.fixture
def coordinator(db):
    return factories.UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def paid_order(buyer_client, buyer, priced_material, standin, django_capture_on_commit_callbacks):
    """An order bought through the stand-in and confirmed (success page), as a buyer would."""
    buyer_client.post(f"/es/payments/buy/{priced_material.pk}/")
    order = Order.objects.get()
    standin.complete_session(order.stripe_session_id, send=False)
    with django_capture_on_commit_callbacks(execute=True):
        buyer_client.get(f"/es/payments/success/?session_id={order.stripe_session_id}")
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and opens(buyer, priced_material)
    return order


def events_of(standin, event_type):
    return [record["event"] for record in standin.events if record["type"] == event_type]


# --- refunds made by a coordinator --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_full_refund_gives_the_money_back_and_withdraws_the_item(
    paid_order, buyer, priced_material, coordinator, standin
):
    order = refunds.refund_order(order=paid_order, by=coordinator, reason="Pedido por error")

    assert order.status == Order.Status.REFUNDED and order.amount_refunded == Decimal("12.50")
    assert not opens(buyer, priced_material)
    assert Entitlement.objects.get().revoked_at is not None
    charge = standin.state.charges[next(iter(standin.state.charges))]
    assert charge["refunded"] is True and charge["amount_refunded"] == 1250
    refund = Refund.objects.get()
    assert (refund.amount, refund.status, refund.created_by) == (Decimal("12.50"), "succeeded", coordinator)
    entry = ModelLogEntry.objects.get(action="payments.order.refund")
    assert entry.user == coordinator and entry.data["reference"] == order.reference

    # Stripe's own events about this refund arrive afterwards: nothing changes.
    for stripe_event in events_of(standin, "charge.refunded") + events_of(standin, "refund.created"):
        assert deliver(Client(), stripe_event).status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.REFUNDED and order.amount_refunded == Decimal("12.50")
    assert Refund.objects.count() == 1


@pytest.mark.django_db
def test_a_partial_refund_keeps_the_item_unless_the_coordinator_withdraws_it(
    paid_order, buyer, priced_material, coordinator
):
    order = refunds.refund_order(order=paid_order, amount=Decimal("2.50"), by=coordinator)
    assert order.status == Order.Status.PARTIALLY_REFUNDED and order.amount_refunded == Decimal("2.50")
    assert opens(buyer, priced_material)

    order = refunds.refund_order(order=order, amount=Decimal("5.00"), revoke=True, by=coordinator)
    assert order.status == Order.Status.PARTIALLY_REFUNDED and order.amount_refunded == Decimal("7.50")
    assert not opens(buyer, priced_material)

    order = refunds.refund_order(order=order, by=coordinator)  # the rest
    assert order.status == Order.Status.REFUNDED and order.amount_refunded == Decimal("12.50")


@pytest.mark.django_db
def test_more_than_was_paid_cannot_be_refunded(paid_order, coordinator, standin):
    with pytest.raises(ValidationError):
        refunds.refund_order(order=paid_order, amount=Decimal("12.51"), by=coordinator)
    refunds.refund_order(order=paid_order, by=coordinator)
    with pytest.raises(ValidationError):
        refunds.refund_order(order=paid_order, by=coordinator)
    assert len(standin.state.refunds) == 1


@pytest.mark.django_db
def test_an_unpaid_order_cannot_be_refunded(buyer, priced_material, coordinator):
    with pytest.raises(ValidationError):
        refunds.refund_order(order=open_order(buyer, priced_material), by=coordinator)


@pytest.mark.django_db
def test_stripe_unreachable_during_a_refund_changes_nothing(
    paid_order, buyer, priced_material, coordinator, stripe_down
):
    with translation.override("en"), pytest.raises(ValidationError, match="nothing was refunded"):
        refunds.refund_order(order=paid_order, by=coordinator)
    paid_order.refresh_from_db()
    assert paid_order.status == Order.Status.PAID and paid_order.amount_refunded == 0
    assert opens(buyer, priced_material)


# --- refunds made in Stripe's dashboard, known from events ---------------------------------------------


@pytest.mark.django_db
def test_a_full_refund_in_stripe_withdraws_the_item_once(
    client, buyer, priced_material, django_capture_on_commit_callbacks
):
    order = open_order(buyer, priced_material)
    deliver(client, event("checkout.session.completed", session_for(order)))
    refunded = event("charge.refunded", charge_for(order, refunded_minor=1250))

    assert deliver(client, refunded).status_code == 200
    assert deliver(client, refunded).status_code == 200

    order.refresh_from_db()
    assert order.status == Order.Status.REFUNDED and order.refunded_at is not None
    assert not opens(buyer, priced_material)
    assert Entitlement.objects.count() == 1  # revoked, not deleted: the record stays


@pytest.mark.django_db
def test_a_partial_refund_in_stripe_keeps_the_item(client, buyer, priced_material):
    order = open_order(buyer, priced_material)
    deliver(client, event("checkout.session.completed", session_for(order)))
    deliver(client, event("charge.refunded", charge_for(order, refunded_minor=500)))
    order.refresh_from_db()
    assert order.status == Order.Status.PARTIALLY_REFUNDED and order.amount_refunded == Decimal("5.00")
    assert opens(buyer, priced_material)


@pytest.mark.django_db
def test_refund_events_out_of_order_never_lower_the_refunded_amount(client, buyer, priced_material):
    order = open_order(buyer, priced_material)
    deliver(client, event("checkout.session.completed", session_for(order)))
    deliver(client, event("charge.refunded", charge_for(order, refunded_minor=1250)))
    deliver(client, event("charge.refunded", charge_for(order, refunded_minor=500)))  # an older one, late
    order.refresh_from_db()
    assert order.status == Order.Status.REFUNDED and order.amount_refunded == Decimal("12.50")


@pytest.mark.django_db
def test_a_refund_that_arrives_before_the_completed_checkout_ends_refunded_without_access(
    client, buyer, priced_material, django_capture_on_commit_callbacks
):
    order = open_order(buyer, priced_material)

    with django_capture_on_commit_callbacks(execute=True):
        assert (
            deliver(client, event("charge.refunded", charge_for(order, refunded_minor=1250))).status_code
            == 200
        )
        assert deliver(client, event("checkout.session.completed", session_for(order))).status_code == 200

    order.refresh_from_db()
    assert order.status == Order.Status.REFUNDED and order.paid_at is not None
    assert not Entitlement.objects.in_force().exists() and not opens(buyer, priced_material)
    assert not mail.outbox


@pytest.mark.django_db
def test_a_refund_does_not_withdraw_a_grant_made_by_a_coordinator(
    client, buyer, priced_material, coordinator
):
    courses_services.entitlement_grant(user=buyer, item=priced_material, by=coordinator)
    order = open_order(buyer, priced_material)
    deliver(client, event("checkout.session.completed", session_for(order)))
    deliver(client, event("charge.refunded", charge_for(order, refunded_minor=1250)))
    order.refresh_from_db()
    assert order.status == Order.Status.REFUNDED and opens(buyer, priced_material)
