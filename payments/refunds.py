"""Refunds: a coordinator's refund of an order through Stripe, and the refunds Stripe reports (made here or
in its dashboard), with what they do to the order and to the buyer's access.

Every path ends in `_refund_apply`, which works out the refunded total of the order afresh from what
Stripe has said (`_refunded_total`): events repeated or out of order change nothing. A full refund
withdraws the item; a partial one keeps it unless the coordinator asks otherwise. The buyer is told of
each refund once it is done at Stripe. A refund can still fail after that (the card was closed): the
total drops by its amount, and `payments.refund_failures` gives back what it withdrew and tells everyone.
A refund of a second payment for the same order (`payments.second_payments`) is not the order's money:
it changes neither the order's total nor its access.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from courses import currencies

from . import entitlements, gateway, refund_failures, selectors, tasks
from .minor_units import from_minor, to_minor
from .models import Order, Refund

logger = logging.getLogger(__name__)

# How far a refund has gone at Stripe. A refund only moves forward: pending (or waiting for the buyer's
# action) -> succeeded -> failed, or cancelled; an event older than what is recorded changes nothing.
_PROGRESS = {"pending": 0, "requires_action": 0, "succeeded": 1, "failed": 2, "canceled": 2}


def _refunded_total(order: Order) -> Decimal:
    """What has been given back for the order's payment: its refunds that count, or what Stripe's charge
    reported less every refund that failed since, whichever is larger; never more than was paid.

    The charge's figure covers refunds whose own event has not arrived yet (one made in Stripe's dashboard);
    less the failed ones it is never too much, since a refund that failed before the report was not in it
    anyway (it may then be too little for a moment, until that refund's own event arrives)."""
    sums = order.refunds.filter(second_payment=False).aggregate(
        counted=Sum("amount", filter=Q(status__in=Refund.COUNTED)),
        failed=Sum("amount", filter=Q(status__in=Refund.FAILED)),
    )
    counted, failed = sums["counted"] or Decimal(0), sums["failed"] or Decimal(0)
    return min(order.amount, max(counted, order.charge_refunded_reported - failed, Decimal(0)))


def _refund_apply(order: Order, *, by=None, revoke: bool = False, refund: Refund | None = None) -> Order:
    """Work out what has been given back for this (locked) order, and follow its consequences: a full
    refund withdraws the item, a partial one keeps it unless `revoke`; a refund that failed lowers the
    total, and the order goes back to partly refunded or paid. `refund` is the refund that this call
    records, if any: it is marked as the one that withdrew the item when it did."""
    total = _refunded_total(order)
    order.amount_refunded = total
    order.refunded_at = (order.refunded_at or timezone.now()) if total > 0 else None
    if not order.is_settled or order.dispute_withholds_access:
        # The payment itself is not known yet: `fulfil` will take the refund into account. Or a dispute
        # holds the order: the dispute's end works out its state from the refunds (payments.disputes).
        order.save()
        return order
    status_before = order.status
    if total >= order.amount:
        order.status = Order.Status.REFUNDED
        _withdraw(order, by=by, refund=refund, status_before=status_before)
    elif status_before == Order.Status.REFUNDED:  # lowered by a refund that failed
        order.status = _status_unrefunded(order)
        if total > 0 and order.status == Order.Status.PAID:
            order.status = Order.Status.PARTIALLY_REFUNDED
    elif total > 0 and order.status != Order.Status.FLAGGED:
        order.status = Order.Status.PARTIALLY_REFUNDED
        if revoke:
            _withdraw(order, by=by, refund=refund, status_before=status_before)
    elif total == 0 and order.status == Order.Status.PARTIALLY_REFUNDED:
        order.status = Order.Status.PAID
    order.save()
    return order


def _status_unrefunded(order: Order) -> str:
    """What a refunded order was before its refund: under review if it never gave access and a coordinator
    was asked to look at it (a payment that did not match), otherwise paid."""
    if order.flag_reason and not selectors.purchase_ever_granted(order):
        return Order.Status.FLAGGED
    return Order.Status.PAID


def _withdraw(order: Order, *, by, refund: Refund | None, status_before: str) -> None:
    """Withdraw the item, and mark `refund` as the refund that withdrew it: when it withdrew it now, or when
    the charge's report had (the order already refunded before this refund's own event arrived)."""
    reason = _("Order %(reference)s refunded") % {"reference": order.reference}
    withdrawn_now = entitlements.purchase_revoke(order, by=by, reason=reason) is not None
    if refund is None or refund.status not in Refund.COUNTED or refund.withdrew_access:
        return
    if withdrawn_now or _withdrawn_by_report(order, status_before):
        refund.withdrew_access = True
        refund.save(update_fields=["withdrew_access"])


def _withdrawn_by_report(order: Order, status_before: str) -> bool:
    """Whether the charge's report withdrew the item on behalf of a refund whose own event arrives only now:
    the order was refunded in full already, and no refund still counted is known to have withdrawn it."""
    return (
        status_before == Order.Status.REFUNDED
        and not order.refunds.filter(withdrew_access=True, status__in=Refund.COUNTED).exists()
    )


@transaction.atomic
def refund_order(
    *, order: Order, by, amount: Decimal | None = None, revoke: bool | None = None, reason: str = ""
) -> Order:
    """Give back `amount` (all that is left when None) through Stripe. A full refund withdraws the item;
    a partial one keeps it unless `revoke` is True. Logged in the audit log under `by`."""
    order = Order.objects.select_for_update(of=("self",)).select_related("buyer").get(pk=order.pk)
    if order.dispute_withholds_access:
        raise ValidationError(
            _("The buyer's bank disputes this payment: Stripe refunds nothing of a disputed payment.")
        )
    if order.status not in (Order.Status.PAID, Order.Status.PARTIALLY_REFUNDED, Order.Status.FLAGGED):
        raise ValidationError(_("Only a paid order can be refunded."))
    if not order.payment_intent_id:
        raise ValidationError(_("This order has no payment at Stripe to refund."))
    refundable = order.amount - order.amount_refunded
    amount = refundable if amount is None else Decimal(amount)
    smallest = currencies.smallest_amount(order.currency)
    if not smallest <= amount <= refundable or amount != amount.quantize(smallest):
        raise ValidationError(
            {
                "amount": _("Refund between %(smallest)s and %(refundable)s.")
                % {
                    "smallest": currencies.money(smallest, order.currency),
                    "refundable": currencies.money(refundable, order.currency),
                }
            }
        )
    currency = order.currency
    # A retry of this very call reuses the key and is made once. A second submit of the same form arrives
    # after the first committed, with another key: callers guard against it by the refunded amount their
    # form showed (payments/admin/refund.py refuses an out-of-date form).
    key = f"clase-refund-{order.pk}-{to_minor(order.amount_refunded, currency)}-{to_minor(amount, currency)}"
    try:
        refund = gateway.refund_create(
            payment_intent=order.payment_intent_id,
            amount=amount,
            currency=currency,
            idempotency_key=key,
            metadata={"order_id": str(order.pk), "order_reference": order.reference},
            # After an early fraud warning: Stripe's Radar then blocks the card for future payments.
            reason="fraudulent" if order.fraud_warned_at else None,
        )
    except gateway.GatewayUnavailable as error:
        raise ValidationError(
            _("Stripe could not be reached: nothing was refunded. Try again later.")
        ) from error
    except gateway.GatewayError as error:
        raise ValidationError(_("Stripe refused the refund: %(error)s") % {"error": error}) from error
    stored, failed_now, _first_heard = _refund_store(order, refund, by=by, reason=reason)
    order = _refund_apply(order, by=by, revoke=bool(revoke) or amount == refundable, refund=stored)
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
    if failed_now:
        refund_failures.refund_failed(order, stored)
    return order


def _refund_store(order: Order, refund: dict, *, by=None, reason: str = "") -> tuple[Refund, bool, bool]:
    """Record a refund as Stripe reports it, never moving it back (an older event arriving late); the
    refund, whether this call learnt that it failed, and whether this call recorded it first."""
    status = refund.get("status") or ""
    payment_intent = gateway.id_of(refund.get("payment_intent"))
    stored, created = Refund.objects.get_or_create(
        stripe_id=refund["id"],
        defaults={
            "order": order,
            "amount": from_minor(refund.get("amount") or 0, refund.get("currency") or order.currency),
            "status": status,
            "reason": reason,
            "created_by": by,
            # Made in Stripe's dashboard for another payment of the order than the one that settled it.
            "second_payment": bool(
                payment_intent and order.payment_intent_id and payment_intent != order.payment_intent_id
            ),
        },
    )
    was_failed = not created and stored.has_failed
    if not created and status and _PROGRESS.get(status, 0) > _PROGRESS.get(stored.status, 0):
        stored.status = status
        stored.save(update_fields=["status"])
    failed_now = stored.has_failed and not was_failed
    if failed_now:
        stored.failure_reason = (refund.get("failure_reason") or "")[:60]
        stored.failed_at = timezone.now()
        stored.save(update_fields=["failure_reason", "failed_at"])
    if stored.status == Refund.SUCCEEDED and stored.buyer_notified_at is None:
        # Done at Stripe: the buyer is told, once (the task checks again), after this transaction commits,
        # so that the e-mail says what the refund did to their access. A pending refund waits for its
        # `refund.updated`; a failed one is never announced as done.
        tasks.email_refund_queue(stored.pk)
    return stored, failed_now, created


def _order_for_payment(payment: dict) -> Order | None:
    """The order a charge or refund belongs to, locked: by its PaymentIntent, else by the order id that the
    checkout put in the payment's metadata (the charge can arrive before the completed checkout)."""
    orders = Order.objects.select_for_update()
    payment_intent = gateway.id_of(payment.get("payment_intent"))
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


def _of_another_payment(order: Order, payment: dict) -> bool:
    """Whether a charge or refund is of a second payment for the order, not of the one that settled it."""
    payment_intent = gateway.id_of(payment.get("payment_intent"))
    return bool(payment_intent and order.payment_intent_id and payment_intent != order.payment_intent_id)


@transaction.atomic
def charge_refunded(*, charge: dict) -> Order | None:
    """`charge.refunded`: the charge's refunded total, whoever refunded it (here or in Stripe's dashboard)."""
    order = _order_for_payment(charge)
    if order is None:
        logger.warning("Refunded charge %s is not for an order of the portal", charge.get("id"))
        return None
    if _of_another_payment(order, charge):
        return order  # a second payment given back: its refund is recorded from its own event
    currency = charge.get("currency") or order.currency
    refunded_minor = charge.get("amount_refunded") or 0
    reported = order.amount if charge.get("refunded") else from_minor(refunded_minor, currency)
    if reported > order.charge_refunded_reported:
        order.charge_refunded_reported = reported
    return _refund_apply(order)


@transaction.atomic
def refund_updated(*, refund: dict) -> Order | None:
    """`refund.created` / `refund.updated` / `refund.failed` / `charge.refund.updated`: one refund and its
    state; one that failed (or was cancelled) after it was counted is undone."""
    order = _order_for_payment(refund)
    if order is None:
        logger.warning("Refund %s is not for an order of the portal", refund.get("id"))
        return None
    stored, failed_now, first_heard = _refund_store(order, refund)
    if failed_now and first_heard and not stored.second_payment and _withdrawn_by_report(order, order.status):
        # First heard of as failed (a refund made in Stripe's dashboard, whose events came out of order): the
        # charge's report had withdrawn the item on its behalf, so its failure gives it back.
        stored.withdrew_access = True
        stored.save(update_fields=["withdrew_access"])
    if not stored.second_payment:
        order = _refund_apply(order, refund=stored)
    if failed_now:
        refund_failures.refund_failed(order, stored)
    return order
