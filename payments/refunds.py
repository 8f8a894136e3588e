"""Refunds: a coordinator's refund of an order through Stripe, and the refunds Stripe reports (made here or
in its dashboard), with what they do to the order and to the buyer's access.

Every path ends in `_refund_apply`, which records the refunded total of the order: amounts only grow, so
events repeated or out of order change nothing. A full refund withdraws the item; a partial one keeps it
unless the coordinator asks otherwise. The buyer is told of each refund once it is done at Stripe.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from courses import currencies

from . import entitlements, gateway, tasks
from .minor_units import from_minor, to_minor
from .models import Order, Refund

logger = logging.getLogger(__name__)


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
        entitlements.purchase_revoke(order, by=by, reason=reason)
    elif total > 0 and order.status != Order.Status.FLAGGED:
        order.status = Order.Status.PARTIALLY_REFUNDED
        if revoke:
            entitlements.purchase_revoke(order, by=by, reason=reason)
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
            "amount": from_minor(refund.get("amount") or 0, refund.get("currency") or order.currency),
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


@transaction.atomic
def charge_refunded(*, charge: dict) -> Order | None:
    """`charge.refunded`: the charge's refunded total, whoever refunded it (here or in Stripe's dashboard)."""
    order = _order_for_payment(charge)
    if order is None:
        logger.warning("Refunded charge %s is not for an order of the portal", charge.get("id"))
        return None
    refunded = (
        order.amount
        if charge.get("refunded")
        else from_minor(charge.get("amount_refunded") or 0, charge.get("currency") or order.currency)
    )
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
