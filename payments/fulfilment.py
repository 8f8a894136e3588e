"""Settling an order once its Checkout Session is paid, has failed or has run out: fulfilment, and the
reconciliation that settles the orders whose webhook never came.

A delayed payment method (a bank debit, a cash voucher) completes the checkout unpaid: the order waits for
the money (`delayed_payment_since`), is fulfilled when it arrives, and is closed, with the buyer told, when
it never does.

Fulfilment is one idempotent function, `fulfil`, called by the webhook, the success page and the
reconciliation alike: whichever comes first checks what was paid against the order, grants the item and
sends the receipt; the others find the order paid and change nothing. A payment that does not match its
order flags the order for a coordinator instead, and a second payment for an order already paid is given
back (`payments.second_payments`).
"""

from __future__ import annotations

import datetime
import functools
import logging

from django.contrib.auth import get_user_model
from django.db import connections, router, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from courses.currencies import money

from . import billing, entitlements, gateway, refusals, second_payments, tasks
from .minor_units import from_minor
from .models import Order

logger = logging.getLogger(__name__)


def _order_for_session(session: dict) -> Order | None:
    """The order a Checkout Session was made for, locked. Sessions made elsewhere on the account: None."""
    orders = Order.objects.select_for_update(of=("self",)).select_related("buyer", "item")
    metadata = session.get("metadata") or {}
    order_id = session.get("client_reference_id") or metadata.get("order_id") or ""
    # Another integration on the same Stripe account may use numeric client references too: the order's
    # own reference (or its session id) must match as well.
    mine = Q(reference=metadata.get("order_reference") or "-")
    if session.get("id"):
        mine |= Q(stripe_session_id=session["id"])
    if str(order_id).isdigit():
        return orders.filter(mine, pk=int(order_id)).first()
    return orders.filter(stripe_session_id=session["id"]).first() if session.get("id") else None


def _mismatch(order: Order, session: dict) -> str:
    paid = (session.get("amount_total"), (session.get("currency") or "").lower())
    if paid == (order.amount_minor, order.currency):
        return ""
    paid_amount = from_minor(paid[0], paid[1]) if isinstance(paid[0], int) else paid[0]
    return _("Stripe reports %(paid)s paid; the order is for %(amount)s.") % {
        "paid": money(paid_amount, paid[1] or "?"),
        "amount": money(order.amount, order.currency),
    }


def _flag(order: Order, reason: str) -> None:
    if reason not in order.flag_reason:
        order.flag_reason = f"{order.flag_reason}\n{reason}".strip()
    logger.error("Order %s needs review: %s", order.reference, reason)


def _order_pay(session: dict) -> Order | None:
    """The common case of a payment, in one statement: the order named by the session (its id, and its
    reference or session id, as `_order_for_session` asks), not settled yet, nothing refunded, and exactly
    its amount and currency paid, is marked paid (with the buyer's details for the invoice, from
    `billing.buyer_fields`); the order comes back as updated, with its item's content
    type (`item_content_type_id`, to check what is granted without loading the page). None in any other
    case, which `fulfil` then treats on the locked order.

    `UPDATE ... RETURNING` locks the row like `SELECT ... FOR UPDATE` and writes it in the same round trip
    (PostgreSQL, and SQLite since 3.35). A concurrent change (a refund, another delivery) is waited for and
    the conditions checked again on the row as it committed: the row then no longer qualifies, and the
    locked path decides. The ORM cannot update with RETURNING, hence raw SQL; the row is turned into an
    Order by the model's own fields (`Order.from_db`, after the database's converters)."""
    metadata = session.get("metadata") or {}
    order_id = str(session.get("client_reference_id") or metadata.get("order_id") or "")
    amount_total = session.get("amount_total")
    currency = (session.get("currency") or "").lower()
    if not order_id.isdigit() or type(amount_total) is not int or amount_total <= 0:
        return None
    connection = connections[router.db_for_write(Order)]
    sql, columns = _order_pay_sql(connection.alias)
    details = billing.buyer_fields(session)
    buyer = [
        Order._meta.get_field(name).get_db_prep_save(details[name], connection)
        for name in billing.BUYER_FIELDS
    ]
    params = [
        Order.Status.PAID.value,
        gateway.id_of(session.get("payment_intent")),
        Order._meta.get_field("paid_at").get_db_prep_save(timezone.now(), connection),
        *buyer,
        int(order_id),
        metadata.get("order_reference") or "-",
        session.get("id") or "-",
        Order._meta.get_field("amount").get_db_prep_save(from_minor(amount_total, currency), connection),
        currency,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = []
    for value, (column, converters) in zip(row[:-1], columns, strict=True):
        for converter in converters:
            value = converter(value, column, connection)
        values.append(value)
    order = Order.from_db(connection.alias, [field.attname for field in Order._meta.concrete_fields], values)
    order.item_content_type_id = row[-1]
    return order


@functools.cache
def _order_pay_sql(alias: str) -> tuple[str, list]:
    """`_order_pay`'s statement, with the tables' and columns' names as the models and the database say;
    and for each of the order's columns, the converters the ORM would apply to its value."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    table, pages = quote(Order._meta.db_table), quote(Page._meta.db_table)

    def column(name):
        return f"{table}.{quote(Order._meta.get_field(name).column)}"

    returning = ", ".join(f"{table}.{quote(field.column)}" for field in Order._meta.concrete_fields)
    item_type = (
        f"SELECT {pages}.{quote(Page._meta.get_field('content_type').column)} FROM {pages} "  # noqa: S608
        f"WHERE {pages}.{quote(Page._meta.pk.column)} = {column('item')}"
    )
    # The buyer's details for the invoice are written with the payment, in the same statement.
    buyer = "".join(f", {quote(Order._meta.get_field(name).column)} = %s" for name in billing.BUYER_FIELDS)
    sql = (
        f"UPDATE {table} SET {quote(Order._meta.get_field('status').column)} = %s, "  # noqa: S608
        f"{quote(Order._meta.get_field('payment_intent_id').column)} = %s, "
        f"{quote(Order._meta.get_field('paid_at').column)} = %s{buyer} "
        f"WHERE {column('id')} = %s AND ({column('reference')} = %s OR {column('stripe_session_id')} = %s) "
        f"AND {column('paid_at')} IS NULL AND {column('amount')} = %s AND {column('currency')} = %s "
        f"AND {column('amount_refunded')} = 0 "
        f"RETURNING {returning}, ({item_type}) AS item_content_type_id"
    )
    columns = []
    for field in Order._meta.concrete_fields:
        col = field.get_col(Order._meta.db_table)
        columns.append((col, connection.ops.get_db_converters(col) + col.get_db_converters(connection)))
    return sql, columns


def _grant_and_send_receipt(order: Order, *, buyer, item) -> None:
    if item is not None:
        entitlements.purchase_grant(order, buyer=buyer, item=item)
    tasks.email_receipt_queue(order.pk)


@transaction.atomic(savepoint=False)  # inside a webhook's transaction, its savepoint is enough
def fulfil(*, session: dict) -> Order | None:
    """Settle the order of a paid Checkout Session: check what was paid against the order, grant the item
    once, send the receipt once. Idempotent; safe against concurrent calls for the same session.

    A payment that does not match the order (amount or currency) flags the order and grants nothing.
    A refund recorded before the payment was known leaves the order refunded and grants nothing.
    """
    if session.get("payment_status") == "paid":
        order = _order_pay(session)
        if order is not None:
            # Only the ids are needed to grant: the buyer and the page are not loaded.
            item = (
                Page(pk=order.item_id, content_type_id=order.item_content_type_id)
                if order.item_id is not None
                else None
            )
            _grant_and_send_receipt(order, buyer=get_user_model()(pk=order.buyer_id), item=item)
            return order
    order = _order_for_session(session)
    if order is None:
        logger.warning("Checkout Session %s is not for an order of the portal", session.get("id"))
        return None
    if session.get("payment_status") != "paid":
        _delayed_payment_start(order, session)  # confirmed, or failed, by a later event
        return order
    payment_intent = gateway.id_of(session.get("payment_intent"))
    if order.is_settled:
        if payment_intent and order.payment_intent_id and payment_intent != order.payment_intent_id:
            # An older checkout of the order paid too: given back whole, and the buyer told.
            second_payments.second_payment_refund(order, payment_intent=payment_intent)
        return order

    order.payment_intent_id = payment_intent
    order.paid_at = timezone.now()
    for name, value in billing.buyer_fields(session).items():
        setattr(order, name, value)
    problem = _mismatch(order, session)
    if problem:
        order.status = Order.Status.FLAGGED
        _flag(order, problem)
        order.save()
        return order
    if order.amount_refunded >= order.amount:
        order.status = Order.Status.REFUNDED
        order.save()
        return order
    order.status = Order.Status.PARTIALLY_REFUNDED if order.amount_refunded else Order.Status.PAID
    order.save(update_fields=["payment_intent_id", "paid_at", "status", *billing.BUYER_FIELDS])
    _grant_and_send_receipt(order, buyer=order.buyer, item=order.item)
    return order


def _delayed_payment_start(order: Order, session: dict) -> None:
    """The buyer completed the (locked) order's checkout with a method paid later: the order waits for the
    money, shown as such to the buyer, and has no checkout to go back to (a second one could be paid too)."""
    if (
        session.get("status") == "complete"
        and session.get("payment_status") == "unpaid"
        and order.status == Order.Status.PENDING
        and order.stripe_session_id == session.get("id")
        and order.delayed_payment_since is None
    ):
        order.delayed_payment_since = timezone.now()
        order.checkout_url = ""
        order.save(update_fields=["delayed_payment_since", "checkout_url"])


@transaction.atomic
def order_fail(*, session: dict) -> Order | None:
    """The buyer's delayed payment (a bank debit, a cash voucher) never came: the order is closed unpaid,
    and the buyer told, once."""
    order = _order_for_session(session)
    if (
        order is not None
        and order.status == Order.Status.PENDING
        and order.stripe_session_id == session.get("id")
    ):
        order.status = Order.Status.FAILED
        order.save(update_fields=["status"])
        tasks.email_payment_failed_queue(order.pk)
    return order


@transaction.atomic
def order_expire(*, session: dict) -> Order | None:
    """The order's checkout ran out unpaid: the order is closed; a later click opens a new one."""
    order = _order_for_session(session)
    if (
        order is not None
        and order.status == Order.Status.PENDING
        and order.stripe_session_id == session.get("id")
    ):
        order.status = Order.Status.EXPIRED
        order.save(update_fields=["status"])
    return order


def session_settle(*, session: dict) -> Order | None:
    """Act on a Checkout Session as Stripe reports it now (success page, reconciliation), with its
    PaymentIntent expanded (`gateway.checkout_session_retrieve`)."""
    if session.get("status") == "complete":
        if session.get("payment_status") == "unpaid" and _delayed_payment_failed(session):
            return order_fail(session=session)
        return fulfil(session=session)  # paid: fulfilled; unpaid: waiting for a delayed payment
    if session.get("status") == "expired":
        return order_expire(session=session)
    return None


def _delayed_payment_failed(session: dict) -> bool:
    """Whether the delayed payment of a session completed unpaid has failed: Stripe then sets its
    PaymentIntent back to wanting a payment method (or cancels it)."""
    intent = session.get("payment_intent")
    return isinstance(intent, dict) and intent.get("status") in ("requires_payment_method", "canceled")


def order_settle(*, order: Order) -> Order:
    """Ask Stripe about the order's checkout and settle it accordingly. Raises `gateway.GatewayError`."""
    if order.stripe_session_id and order.status == Order.Status.PENDING:
        session_settle(session=gateway.checkout_session_retrieve(order.stripe_session_id))
        order.refresh_from_db()
    return order


def orders_reconcile(*, older_than: datetime.timedelta) -> dict[str, int]:
    """Settle the orders left pending longer than `older_than` (a webhook lost or not configured)."""
    counts = {"checked": 0, "paid": 0, "failed": 0, "expired": 0, "pending": 0, "errors": 0}
    stale = Order.objects.pending().filter(
        stripe_session_id__isnull=False, created_at__lt=timezone.now() - older_than
    )
    for order in stale.iterator():
        counts["checked"] += 1
        try:
            order = order_settle(order=order)
        except gateway.GatewayError as error:
            logger.warning("Could not reconcile order %s: %s", order.reference, error)
            if isinstance(error, gateway.GatewayRefused):
                refusals.refusal_record(error, order=order)
            counts["errors"] += 1
            continue
        key = {
            Order.Status.EXPIRED: "expired",
            Order.Status.FAILED: "failed",
            Order.Status.PENDING: "pending",
        }.get(order.status, "paid")
        counts[key] += 1
    return counts
