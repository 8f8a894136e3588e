"""What fulfilling a webhook costs the database, and the receipt queued with the payment in production.

Stripe delivers events at least once, and under load half the deliveries may be repeats: a new event is
stored, fulfilled and its receipt queued in one transaction of five statements; a repeated one is a single
read. Production queues receipts in the database (django_tasks_db): the queued receipt commits with the
payment, or not at all. The fast path (one UPDATE ... RETURNING) applies only to an exact, unsettled,
unrefunded payment; every other case goes through the locked order, as before.
"""

from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from courses.models import Entitlement
from payments import events, fulfilment
from payments.models import Order, StripeEvent

from .helpers import charge_for, deliver, event, in_threads, open_order, postgresql_only, session_for

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def completed(order, **changes):
    return event("checkout.session.completed", session_for(order, **changes))


def statements(context) -> list[str]:
    """The statements that read or write data (not BEGIN, COMMIT, savepoints)."""
    return [
        query["sql"] for query in context.captured_queries if not query["sql"].startswith(TRANSACTION_CONTROL)
    ]


def savepoints(context) -> int:
    return sum(query["sql"].startswith("SAVEPOINT") for query in context.captured_queries)


def receipts_queued(order) -> int:
    return sum(
        result.task_path == "payments.tasks.email_receipt" and result.args_kwargs["args"] == [order.pk]
        for result in DBTaskResult.objects.all()
    )


@pytest.mark.django_db
def test_a_new_event_costs_five_statements_and_a_repeated_one_a_single_read(
    client, buyer, priced_material, settings
):
    settings.TASKS = DATABASE_QUEUE
    order = open_order(buyer, priced_material)
    stripe_event = completed(order)

    with CaptureQueriesContext(connection) as new:
        assert deliver(client, stripe_event).status_code == 200
    with CaptureQueriesContext(connection) as repeated:
        assert deliver(client, stripe_event).status_code == 200

    # Processed before? Store the event; pay the order; grant the item; queue the receipt.
    assert [sql.split()[0] for sql in statements(new)] == ["SELECT", "INSERT", "UPDATE", "INSERT", "INSERT"]
    assert savepoints(new) <= 1  # the test's own transaction turns the webhook's into a savepoint
    assert len(repeated.captured_queries) == 1 and statements(repeated)[0].startswith("SELECT")
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.paid_at is not None
    assert order.payment_intent_id == f"pi_test_{order.pk}"
    assert Entitlement.objects.in_force().get().reference == order.reference
    assert receipts_queued(order) == 1
    stored = StripeEvent.objects.get()
    assert (stored.stripe_id, stored.payload, stored.attempts, stored.error) == (
        stripe_event["id"],
        stripe_event,
        1,
        "",
    )
    assert stored.processed_at is not None


@pytest.mark.django_db
def test_the_queued_receipt_is_rolled_back_with_a_fulfilment_that_fails_after_queueing_it(
    client, buyer, priced_material, settings, monkeypatch
):
    settings.TASKS = DATABASE_QUEUE
    order = open_order(buyer, priced_material)
    stripe_event = completed(order)

    def fulfil_then_fail(session):
        fulfilment.fulfil(session=session)
        raise RuntimeError("lost the connection before committing")

    monkeypatch.setitem(events.HANDLERS, "checkout.session.completed", fulfil_then_fail)
    assert deliver(client, stripe_event).status_code == 500

    order.refresh_from_db()
    assert order.status == Order.Status.PENDING and order.paid_at is None
    assert not Entitlement.objects.exists() and receipts_queued(order) == 0
    stored = StripeEvent.objects.get()
    assert stored.processed_at is None and stored.attempts == 1 and "lost the connection" in stored.error

    monkeypatch.undo()
    settings.TASKS = DATABASE_QUEUE
    assert deliver(client, stripe_event).status_code == 200
    assert deliver(client, stripe_event).status_code == 200
    stored.refresh_from_db()
    assert stored.processed_at is not None and stored.attempts == 2 and stored.error == ""
    assert Entitlement.objects.count() == 1 and receipts_queued(order) == 1


@pytest.mark.django_db
def test_a_late_error_never_marks_an_event_processed_meanwhile_as_failed(client, buyer, priced_material):
    """A delivery that failed records its error after its rollback; by then a concurrent delivery of the same
    event may have processed it: that event stays processed, without the error."""
    order = open_order(buyer, priced_material)
    stripe_event = completed(order)
    assert deliver(client, stripe_event).status_code == 200

    assert events._event_insert(stripe_event, processed=False, error="RuntimeError: too late") is False

    stored = StripeEvent.objects.get()
    assert stored.processed_at is not None and stored.error == "" and stored.attempts == 1


@pytest.mark.django_db
def test_the_fast_path_returns_the_order_as_stored(buyer, priced_material):
    order = open_order(buyer, priced_material)

    paid = fulfilment.fulfil(session=session_for(order))

    assert isinstance(paid, Order) and paid.pk == order.pk and paid.status == Order.Status.PAID
    assert paid.amount == Decimal("12.50") and paid.currency == "usd"
    assert paid.paid_at is not None and paid.paid_at.tzinfo is not None
    assert paid.buyer == buyer and paid.item.specific == priced_material
    paid.refresh_from_db()
    assert paid.status == Order.Status.PAID


@pytest.mark.django_db
def test_a_partial_refund_before_the_completed_checkout_is_kept_and_the_item_granted(
    client, buyer, priced_material, django_capture_on_commit_callbacks
):
    order = open_order(buyer, priced_material)

    with django_capture_on_commit_callbacks(execute=True):
        refund = event("charge.refunded", charge_for(order, refunded_minor=250))
        assert deliver(client, refund).status_code == 200
        assert deliver(client, completed(order)).status_code == 200

    order.refresh_from_db()
    assert order.status == Order.Status.PARTIALLY_REFUNDED and order.amount_refunded == Decimal("2.50")
    assert Entitlement.objects.in_force().count() == 1 and len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_payment_for_an_order_already_paid_is_flagged_not_granted_again(
    client, buyer, priced_material, django_capture_on_commit_callbacks
):
    order = open_order(buyer, priced_material)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, completed(order))
        deliver(client, completed(order, payment_intent="pi_test_second"))

    order.refresh_from_db()
    assert order.status == Order.Status.PAID and "pi_test_second" in order.flag_reason
    assert Entitlement.objects.count() == 1 and len(mail.outbox) == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_same_event_delivered_at_once_queues_one_receipt_in_the_database(
    tree, buyer, priced_material, settings
):
    settings.TASKS = DATABASE_QUEUE
    order = open_order(buyer, priced_material)
    stripe_event = completed(order)

    statuses = in_threads(*[lambda: deliver(Client(), stripe_event).status_code] * 6)

    assert statuses == [200] * 6
    stored = StripeEvent.objects.get()
    assert stored.processed_at is not None and stored.attempts == 1 and stored.error == ""
    assert Entitlement.objects.filter(user=buyer).count() == 1
    assert receipts_queued(order) == 1
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
