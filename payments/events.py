"""Receiving a Stripe webhook event once: stored by its id, handed to what it is about (a checkout to
fulfil, fail or expire; a refund; a dispute or an early fraud warning), and marked processed in the same
transaction.

Stripe delivers an event at least once, sometimes twice at the same moment, and again after any failure:
a delivery of an event processed before changes nothing, and a failed one leaves the event stored with its
error, for Stripe to deliver again.
"""

from __future__ import annotations

import functools

from django.db import connections, router, transaction
from django.db.models import F
from django.utils import timezone

from . import disputes, fulfilment, refunds
from .models import StripeEvent

# What each type of event asks for; other types are stored and marked processed, nothing more.
HANDLERS = {
    "checkout.session.completed": lambda obj: fulfilment.fulfil(session=obj),
    "checkout.session.async_payment_succeeded": lambda obj: fulfilment.fulfil(session=obj),
    "checkout.session.async_payment_failed": lambda obj: fulfilment.order_fail(session=obj),
    "checkout.session.expired": lambda obj: fulfilment.order_expire(session=obj),
    "charge.refunded": lambda obj: refunds.charge_refunded(charge=obj),
    "refund.created": lambda obj: refunds.refund_updated(refund=obj),
    "refund.updated": lambda obj: refunds.refund_updated(refund=obj),
    "refund.failed": lambda obj: refunds.refund_updated(refund=obj),
    "charge.refund.updated": lambda obj: refunds.refund_updated(refund=obj),
    "charge.dispute.created": lambda obj: disputes.dispute_changed(dispute=obj),
    "charge.dispute.updated": lambda obj: disputes.dispute_changed(dispute=obj),
    "charge.dispute.closed": lambda obj: disputes.dispute_changed(dispute=obj),
    "charge.dispute.funds_withdrawn": lambda obj: disputes.dispute_funds_moved(dispute=obj, withdrawn=True),
    "charge.dispute.funds_reinstated": lambda obj: disputes.dispute_funds_moved(dispute=obj, withdrawn=False),
    "radar.early_fraud_warning.created": lambda obj: disputes.fraud_warning(warning=obj),
}


def event_receive(*, event: dict) -> bool:
    """Store a verified webhook event once by its id, and process it unless that was done already; True
    when this call processed it, False when it had been processed before (or by a concurrent delivery).

    Processing runs in one transaction with the storing of the event: it either completes (the event is
    stored, marked processed) or leaves nothing behind but the stored event with its error, and raises, so
    that Stripe delivers it again.
    """
    # A repeated delivery of an event processed before (Stripe retries; it may send an event twice): one
    # query, no lock, nothing written.
    if _event_processed(event["id"]):
        return False
    try:
        with transaction.atomic():
            # Stored already marked processed: nobody sees the row before the transaction commits, and the
            # handler's failure rolls both back. A concurrent delivery of the same event waits on this
            # insert (the unique index) until the commit, and then finds it processed.
            stored_now = _event_insert(event, processed=True)
            if not stored_now:
                # Stored before, by a failed attempt or by a delivery that has committed since the check.
                stored = (
                    StripeEvent.objects.select_for_update()
                    .filter(stripe_id=event["id"])
                    .values_list("pk", "processed_at")
                    .get()
                )
                if stored[1] is not None:
                    return False
            handler = HANDLERS.get(event["type"])
            if handler is not None:
                handler(event["data"]["object"])
            if not stored_now:
                StripeEvent.objects.filter(pk=stored[0]).update(
                    processed_at=timezone.now(), attempts=F("attempts") + 1, error=""
                )
    except Exception as error:
        _event_insert(event, processed=False, error=f"{type(error).__name__}: {error}"[:2000])
        raise
    return True


def _event_processed(stripe_id: str) -> bool:
    """Whether the event is stored and processed. What `StripeEvent.objects.filter(stripe_id=...,
    processed_at__isnull=False).exists()` asks, without building the query each time: every delivery, a
    repeated one included, asks it first."""
    connection = connections[router.db_for_read(StripeEvent)]
    with connection.cursor() as cursor:
        cursor.execute(_event_processed_sql(connection.alias), [stripe_id])
        return cursor.fetchone() is not None


@functools.cache
def _event_processed_sql(alias: str) -> str:
    quote = connections[alias].ops.quote_name
    field = StripeEvent._meta.get_field
    return (
        f"SELECT 1 FROM {quote(StripeEvent._meta.db_table)} "  # noqa: S608 — names from the model
        f"WHERE {quote(field('stripe_id').column)} = %s AND {quote(field('processed_at').column)} IS NOT NULL"
    )


# The columns a Stripe event is inserted with (the primary key comes back from the database).
_EVENT_FIELDS = [field for field in StripeEvent._meta.concrete_fields if not field.primary_key]


def _event_insert(event: dict, *, processed: bool, error: str = "") -> bool:
    """Store the event under its Stripe id unless it is stored already; True when this stored it.

    `processed`: store it as processed by this very transaction (one attempt, no error), or store the
    failed attempt, its `error` (the transaction of the attempt having been rolled back). When the event
    is stored already, a failed attempt is counted on it and its error kept, unless it was processed in
    the meantime (a concurrent delivery succeeded): that row is left as it is.

    One statement, `INSERT ... ON CONFLICT ... RETURNING` (PostgreSQL, and SQLite since 3.35): no query
    beforehand and no savepoint to catch the IntegrityError of a race. The ORM's `bulk_create` says
    neither whether the row was inserted nor lets a conflict update conditionally, hence raw SQL; the
    values are prepared by the model's own fields."""
    now = timezone.now()
    fields = {
        "stripe_id": event["id"],
        "type": event["type"],
        "payload": event,
        "received_at": now,
        "processed_at": now if processed else None,
        "attempts": 1,
        "error": error,
    }
    connection = connections[router.db_for_write(StripeEvent)]
    values = [field.get_db_prep_save(fields[field.name], connection) for field in _EVENT_FIELDS]
    with connection.cursor() as cursor:
        cursor.execute(_event_insert_sql(connection.alias, processed=processed), values)
        return cursor.fetchone() is not None


@functools.cache
def _event_insert_sql(alias: str, *, processed: bool) -> str:
    """`_event_insert`'s statement, with the table's and columns' names as the model and the database say."""
    quote = connections[alias].ops.quote_name
    table = quote(StripeEvent._meta.db_table)
    column = {field.name: quote(field.column) for field in _EVENT_FIELDS}
    if processed:
        conflict = "DO NOTHING"
    else:
        conflict = (
            f"DO UPDATE SET {column['attempts']} = {table}.{column['attempts']} + 1, "
            f"{column['error']} = EXCLUDED.{column['error']} WHERE {table}.{column['processed_at']} IS NULL"
        )
    return (
        f"INSERT INTO {table} ({', '.join(column.values())}) "  # noqa: S608 — names from the model
        f"VALUES ({', '.join(['%s'] * len(column))}) ON CONFLICT ({column['stripe_id']}) {conflict} "
        f"RETURNING {quote(StripeEvent._meta.pk.column)}"
    )
