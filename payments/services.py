"""State-changing actions of the payments app: checkout, fulfilment, refunds, webhook events, reconciliation.

Each is atomic and takes keyword-only arguments. Stripe is reached only through `payments.gateway`;
entitlements are written only through `courses.services`. Fulfilment is one idempotent function, `fulfil`,
called by the webhook, the success page and the reconciliation alike: whichever comes first grants the item
and sends the receipt, the others find the order paid and change nothing.
"""

from __future__ import annotations

import datetime
import functools
import logging
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page

from courses.access import policy as access
from courses.access import services as courses_services
from courses.licensing import rules as licensing
from courses.models import Entitlement, Licence

from . import gateway, tasks
from .models import Order, Refund, StripeEvent, from_minor, to_minor

logger = logging.getLogger(__name__)

# Filled in by Stripe (in `success_url`) and here (in `cancel_url`).
SESSION_ID = "{CHECKOUT_SESSION_ID}"
ORDER_REFERENCE = "{ORDER_REFERENCE}"
# A checkout address this close to its end is not handed out again: a new session is made instead.
SESSION_MARGIN = datetime.timedelta(minutes=5)


class CheckoutRefused(Exception):
    """The item cannot be bought by this user now; `message` (translated) says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TermsNotAccepted(CheckoutRefused):
    """The licence asks the buyer to accept its terms before buying."""

    def __init__(self, licence: Licence):
        super().__init__(
            _("Before buying, please read and accept the terms of “%(licence)s”.") % {"licence": licence}
        )
        self.licence = licence


class CheckoutUnavailable(Exception):
    """Stripe could not start the checkout; the order stays open and nothing was charged."""

    def __init__(self, order: Order):
        self.message = _(
            "Card payment is not available right now, and nothing was charged. "
            "Your order %(reference)s is kept: please try again in a few minutes."
        ) % {"reference": order.reference}
        super().__init__(self.message)
        self.order = order


# --- checkout ---------------------------------------------------------------------------------------------


def _refusal(user, item, decision: access.Decision) -> str:
    """Why this user cannot buy this item, in their words."""
    viewer = access.viewer_for(user)
    if decision.allowed:
        if item.translation_key in viewer.entitled_keys:
            return _("You already have this item: open it from its page or from your purchases.")
        if item.price is not None and viewer.is_member:
            return _("Members of the network get this item free: just open it.")
        return _("This item is not sold: you can open it already.")
    terms, today = licensing.item_terms(item), timezone.localdate()
    if item.price is not None and not licensing.may_sell(terms, today):
        if licensing.has_ended(terms, today):
            return _("The agreement under which this item was offered has ended: it is no longer sold.")
        return _("This item cannot be bought: its licence does not allow it to be sold.")
    return decision.message


def _open_order(user, item) -> Order:
    """The buyer's open order for the item (in any of its languages), or a new one at the item's price and
    currency today."""
    for _attempt in range(3):
        order = Order.objects.pending().filter(buyer=user, item__translation_key=item.translation_key).first()
        if order is not None:
            return order
        try:
            with transaction.atomic():
                return Order.objects.create(
                    buyer=user,
                    item=item,
                    item_title=item.title,
                    amount=item.price,
                    currency=item.currency,
                    licence=licensing.item_terms(item),
                )
        except IntegrityError:
            continue  # a double click made the same order at the same moment: use theirs
    raise RuntimeError("could not open an order")


def _session_usable(order: Order) -> bool:
    return bool(
        order.stripe_session_id
        and order.checkout_url
        and order.session_expires_at
        and order.session_expires_at > timezone.now() + SESSION_MARGIN
    )


def _checkout_request(order: Order, *, language: str, success_url: str, cancel_url: str):
    return gateway.CheckoutRequest(
        order_id=order.pk,
        reference=order.reference,
        product_name=order.item_title,
        amount_minor=order.amount_minor,
        currency=order.currency,
        customer_email=order.buyer.email,
        language=language,
        success_url=success_url,
        cancel_url=cancel_url.replace(ORDER_REFERENCE, order.reference),
    )


def checkout_start(*, user, item, language: str, success_url: str, cancel_url: str) -> Order:
    """Open (or reuse) the user's order for the item and give it a Stripe Checkout Session.

    Refuses, with a message for the user, what the access policy does not offer to buy (`CheckoutRefused`)
    and a purchase whose licence terms are still to be accepted (`TermsNotAccepted`). When Stripe cannot be
    reached the order stays open and `CheckoutUnavailable` is raised. Returns the order, whose
    `checkout_url` is where the buyer pays.
    """
    item = item.specific
    access.forget(user)  # money is at stake: decide on fresh facts
    decision = access.check(user, item)
    if decision.next_step != access.NextStep.BUY:
        raise CheckoutRefused(_refusal(user, item, decision))
    licence = licensing.acceptance_needed(user, item)
    if licence is not None:
        raise TermsNotAccepted(licence)

    order = _open_order(user, item)
    try:
        with transaction.atomic():
            # Holding the order's row while Stripe answers makes a double click wait, then reuse the session.
            order = Order.objects.select_for_update().select_related("buyer").get(pk=order.pk)
            if order.status != Order.Status.PENDING or _session_usable(order):
                return order
            if order.stripe_session_id:  # the previous session ran out: a new attempt, a new key
                order.attempt += 1
            request = _checkout_request(
                order, language=language, success_url=success_url, cancel_url=cancel_url
            )
            try:
                session = gateway.checkout_session_create(request, idempotency_key=_checkout_key(order))
            except gateway.IdempotencyConflict:
                # Same attempt asked before with other details (another language, a new e-mail): start afresh.
                order.attempt += 1
                session = gateway.checkout_session_create(request, idempotency_key=_checkout_key(order))
            order.stripe_session_id = session["id"]
            order.checkout_url = session.get("url") or ""
            order.session_expires_at = _timestamp(session.get("expires_at"))
            order.save(update_fields=["stripe_session_id", "checkout_url", "session_expires_at", "attempt"])
            return order
    except gateway.GatewayError as error:
        logger.warning("Checkout of order %s could not start: %s", order.reference, error)
        raise CheckoutUnavailable(order) from error


def _checkout_key(order: Order) -> str:
    return f"clase-checkout-{order.pk}-{order.attempt}"


def _timestamp(value) -> datetime.datetime | None:
    return datetime.datetime.fromtimestamp(value, tz=datetime.UTC) if value else None


def _id_of(value) -> str:
    """A Stripe reference that may come as an id or as the expanded object."""
    if isinstance(value, dict):
        return value.get("id") or ""
    return value or ""


# --- fulfilment -------------------------------------------------------------------------------------------


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
    return _(
        "Stripe reports %(paid_amount)s %(paid_currency)s paid; the order is for %(amount)s %(currency)s."
    ) % {
        "paid_amount": from_minor(paid[0]) if isinstance(paid[0], int) else paid[0],
        "paid_currency": paid[1].upper() or "?",
        "amount": order.amount,
        "currency": order.currency.upper(),
    }


def _flag(order: Order, reason: str) -> None:
    if reason not in order.flag_reason:
        order.flag_reason = f"{order.flag_reason}\n{reason}".strip()
    logger.error("Order %s needs review: %s", order.reference, reason)


def _order_pay(session: dict) -> Order | None:
    """The common case of a payment, in one statement: the order named by the session (its id, and its
    reference or session id, as `_order_for_session` asks), not settled yet, nothing refunded, and exactly
    its amount and currency paid, is marked paid; the order comes back as updated, with its item's content
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
    if not order_id.isdigit() or type(amount_total) is not int or amount_total <= 0:
        return None
    connection = connections[router.db_for_write(Order)]
    sql, columns = _order_pay_sql(connection.alias)
    params = [
        Order.Status.PAID.value,
        _id_of(session.get("payment_intent")),
        Order._meta.get_field("paid_at").get_db_prep_save(timezone.now(), connection),
        int(order_id),
        metadata.get("order_reference") or "-",
        session.get("id") or "-",
        Order._meta.get_field("amount").get_db_prep_save(from_minor(amount_total), connection),
        (session.get("currency") or "").lower(),
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
    sql = (
        f"UPDATE {table} SET {quote(Order._meta.get_field('status').column)} = %s, "  # noqa: S608
        f"{quote(Order._meta.get_field('payment_intent_id').column)} = %s, "
        f"{quote(Order._meta.get_field('paid_at').column)} = %s "
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
        courses_services.entitlement_grant(
            user=buyer,
            item=item,
            by=None,
            source=Entitlement.Source.PURCHASE,
            reference=order.reference,
            note=_("Order %(reference)s") % {"reference": order.reference},
        )
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
        return order  # not paid (yet): an asynchronous payment is confirmed by a later event
    payment_intent = _id_of(session.get("payment_intent"))
    if order.is_settled:
        if payment_intent and order.payment_intent_id and payment_intent != order.payment_intent_id:
            _flag(
                order,
                _("A second payment (%(payment)s) arrived for this order: refund it.")
                % {"payment": payment_intent},
            )
            order.save(update_fields=["flag_reason"])
        return order

    order.payment_intent_id = payment_intent
    order.paid_at = timezone.now()
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
    order.save(update_fields=["payment_intent_id", "paid_at", "status"])
    _grant_and_send_receipt(order, buyer=order.buyer, item=order.item)
    return order


@transaction.atomic
def order_fail(*, session: dict) -> Order | None:
    """The buyer's delayed payment method (a bank debit) failed: the order is closed unpaid."""
    order = _order_for_session(session)
    if (
        order is not None
        and order.status == Order.Status.PENDING
        and order.stripe_session_id == session.get("id")
    ):
        order.status = Order.Status.FAILED
        order.save(update_fields=["status"])
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
    """Act on a Checkout Session as Stripe reports it now (success page, reconciliation)."""
    if session.get("status") == "complete" and session.get("payment_status") == "paid":
        return fulfil(session=session)
    if session.get("status") == "expired":
        return order_expire(session=session)
    return None


def order_settle(*, order: Order) -> Order:
    """Ask Stripe about the order's checkout and settle it accordingly. Raises `gateway.GatewayError`."""
    if order.stripe_session_id and order.status == Order.Status.PENDING:
        session_settle(session=gateway.checkout_session_retrieve(order.stripe_session_id))
        order.refresh_from_db()
    return order


def orders_reconcile(*, older_than: datetime.timedelta) -> dict[str, int]:
    """Settle the orders left pending longer than `older_than` (a webhook lost or not configured)."""
    counts = {"checked": 0, "paid": 0, "expired": 0, "pending": 0, "errors": 0}
    stale = Order.objects.pending().filter(
        stripe_session_id__isnull=False, created_at__lt=timezone.now() - older_than
    )
    for order in stale.iterator():
        counts["checked"] += 1
        try:
            order = order_settle(order=order)
        except gateway.GatewayError as error:
            logger.warning("Could not reconcile order %s: %s", order.reference, error)
            counts["errors"] += 1
            continue
        key = {Order.Status.EXPIRED: "expired", Order.Status.PENDING: "pending"}.get(order.status, "paid")
        counts[key] += 1
    return counts


# --- refunds ----------------------------------------------------------------------------------------------


def _revoke_purchase(order: Order, *, by, reason: str) -> None:
    """Withdraw what this order granted (not a grant or another purchase of the same item)."""
    entitlement = (
        Entitlement.objects.in_force()
        .filter(
            user=order.buyer_id,
            page=order.item_id,
            source=Entitlement.Source.PURCHASE,
            reference=order.reference,
        )
        .first()
    )
    if entitlement is not None:
        courses_services.entitlement_revoke(entitlement=entitlement, by=by, reason=reason)


def _refund_apply(order: Order, refunded: Decimal, *, by=None, revoke: bool = False) -> Order:
    """Record that `refunded` has been given back in all for this (locked) order, and follow its consequences:
    a full refund withdraws the item, a partial one keeps it unless `revoke`. Amounts only grow, so events
    repeated or out of order change nothing."""
    total = max(order.amount_refunded, min(refunded, order.amount))
    if total > order.amount_refunded:
        order.amount_refunded = total
        order.refunded_at = order.refunded_at or timezone.now()
    if (
        not order.is_settled
    ):  # the payment itself is not known yet: `fulfil` will take the refund into account
        order.save()
        return order
    reason = _("Order %(reference)s refunded") % {"reference": order.reference}
    if total >= order.amount:
        order.status = Order.Status.REFUNDED
        _revoke_purchase(order, by=by, reason=reason)
    elif total > 0 and order.status != Order.Status.FLAGGED:
        order.status = Order.Status.PARTIALLY_REFUNDED
        if revoke:
            _revoke_purchase(order, by=by, reason=reason)
    order.save()
    return order


def _counted_refunds(order: Order) -> Decimal:
    return order.refunds.filter(status__in=Refund.COUNTED).aggregate(total=Sum("amount"))["total"] or Decimal(
        0
    )


@transaction.atomic
def refund_order(
    *, order: Order, by, amount: Decimal | None = None, revoke: bool | None = None, reason: str = ""
) -> Order:
    """Give back `amount` (all that is left when None) through Stripe. A full refund withdraws the item;
    a partial one keeps it unless `revoke` is True. Logged in the audit log under `by`."""
    order = Order.objects.select_for_update().select_related("buyer").get(pk=order.pk)
    if order.status not in (Order.Status.PAID, Order.Status.PARTIALLY_REFUNDED, Order.Status.FLAGGED):
        raise ValidationError(_("Only a paid order can be refunded."))
    if not order.payment_intent_id:
        raise ValidationError(_("This order has no payment at Stripe to refund."))
    refundable = order.amount - order.amount_refunded
    amount = refundable if amount is None else Decimal(amount)
    if not Decimal("0.01") <= amount <= refundable:
        raise ValidationError(
            {"amount": _("Refund between 0.01 and %(refundable)s.") % {"refundable": refundable}}
        )
    try:
        refund = gateway.refund_create(
            payment_intent=order.payment_intent_id,
            amount_minor=to_minor(amount),
            # A retry of this very call reuses the key and is made once. A second submit of the same form
            # arrives after the first committed, with another key: callers guard against it by the refunded
            # amount their form showed (payments/admin/orders.py refuses an out-of-date form).
            idempotency_key=f"clase-refund-{order.pk}-{to_minor(order.amount_refunded)}-{to_minor(amount)}",
            metadata={"order_id": str(order.pk), "order_reference": order.reference},
        )
    except gateway.GatewayUnavailable as error:
        raise ValidationError(
            _("Stripe could not be reached: nothing was refunded. Try again later.")
        ) from error
    except gateway.GatewayError as error:
        raise ValidationError(_("Stripe refused the refund: %(error)s") % {"error": error}) from error
    _refund_store(order, refund, by=by, reason=reason)
    order = _refund_apply(order, _counted_refunds(order), by=by, revoke=bool(revoke) or amount == refundable)
    log(
        order,
        "payments.order.refund",
        user=by,
        data={
            "reference": order.reference,
            "amount": str(amount),
            "currency": order.currency,
            "reason": reason,
        },
    )
    return order


def _refund_store(order: Order, refund: dict, *, by=None, reason: str = "") -> Refund:
    stored, created = Refund.objects.get_or_create(
        stripe_id=refund["id"],
        defaults={
            "order": order,
            "amount": from_minor(refund.get("amount") or 0),
            "status": refund.get("status") or "",
            "reason": reason,
            "created_by": by,
        },
    )
    if not created and stored.status != (refund.get("status") or stored.status):
        stored.status = refund["status"]
        stored.save(update_fields=["status"])
    if stored.status == Refund.SUCCEEDED and stored.buyer_notified_at is None:
        # Done at Stripe: the buyer is told, once (the task checks again), after this transaction commits,
        # so that the e-mail says what the refund did to their access. A pending refund waits for its
        # `refund.updated`; a failed one is never announced.
        tasks.email_refund_queue(stored.pk)
    return stored


def _order_for_payment(payment: dict) -> Order | None:
    """The order a charge or refund belongs to, locked: by its PaymentIntent, else by the order id that the
    checkout put in the payment's metadata (the charge can arrive before the completed checkout)."""
    orders = Order.objects.select_for_update()
    payment_intent = _id_of(payment.get("payment_intent"))
    if payment_intent:
        order = orders.filter(payment_intent_id=payment_intent).first()
        if order is not None:
            return order
    metadata = payment.get("metadata") or {}
    if str(metadata.get("order_id", "")).isdigit():
        return orders.filter(
            pk=int(metadata["order_id"]), reference=metadata.get("order_reference", "")
        ).first()
    return None


@transaction.atomic
def charge_refunded(*, charge: dict) -> Order | None:
    """`charge.refunded`: the charge's refunded total, whoever refunded it (here or in Stripe's dashboard)."""
    order = _order_for_payment(charge)
    if order is None:
        logger.warning("Refunded charge %s is not for an order of the portal", charge.get("id"))
        return None
    refunded = order.amount if charge.get("refunded") else from_minor(charge.get("amount_refunded") or 0)
    return _refund_apply(order, refunded)


@transaction.atomic
def refund_updated(*, refund: dict) -> Order | None:
    """`refund.created` / `refund.updated` / `refund.failed`: one refund and its state."""
    order = _order_for_payment(refund)
    if order is None:
        logger.warning("Refund %s is not for an order of the portal", refund.get("id"))
        return None
    _refund_store(order, refund)
    return _refund_apply(order, _counted_refunds(order))


# --- webhook events ---------------------------------------------------------------------------------------

HANDLERS = {
    "checkout.session.completed": lambda obj: fulfil(session=obj),
    "checkout.session.async_payment_succeeded": lambda obj: fulfil(session=obj),
    "checkout.session.async_payment_failed": lambda obj: order_fail(session=obj),
    "checkout.session.expired": lambda obj: order_expire(session=obj),
    "charge.refunded": lambda obj: charge_refunded(charge=obj),
    "refund.created": lambda obj: refund_updated(refund=obj),
    "refund.updated": lambda obj: refund_updated(refund=obj),
    "refund.failed": lambda obj: refund_updated(refund=obj),
    "charge.refund.updated": lambda obj: refund_updated(refund=obj),
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
