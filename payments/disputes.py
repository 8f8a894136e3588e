"""Chargebacks and early fraud warnings: what the buyer's bank says about a payment after it was made.

A dispute (`charge.dispute.created`) takes the money back from the network's Stripe account until the bank
decides. Meanwhile the order is disputed: the item is withdrawn, the money counts in no sales report, and the
coordinators are told by e-mail with the date by which Stripe needs their evidence. Won (the bank sides with
the network: `charge.dispute.closed` with `won`), the order is what it was before and the item comes back;
lost, the order is charged back and the item stays withdrawn. Stripe's `funds_withdrawn` and
`funds_reinstated` are recorded on the dispute.

An early fraud warning (`radar.early_fraud_warning.created`) is the card issuer's report that a payment was
fraudulent, which often becomes a dispute. The order keeps its access; it is marked for the coordinators,
whose order page offers its refund in one click (a refund before the dispute avoids the dispute's fee).

Every handler locks the order first, as the refunds and the fulfilment do: a dispute, a refund and a late
checkout event for the same order, arriving together, are applied one after the other. Each works out the
order's state from what the dispute is now, so a repeated or late event changes nothing.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from . import entitlements, fulfilment, gateway, selectors, tasks
from .minor_units import from_minor
from .models import Dispute, Order, Refund

logger = logging.getLogger(__name__)

# A dispute only moves forward: open (in any of its stages), then closed; an older event changes nothing.
_CLOSED = 1


def _stage(status: str) -> int:
    return 0 if status in Dispute.OPEN else _CLOSED


def _order_for(payment: dict) -> Order | None:
    """The order a dispute or an early fraud warning is about, locked: by its PaymentIntent; else by the
    order that the PaymentIntent's metadata names, asked of Stripe (the dispute of a payment whose own events
    have not arrived yet, or of a second payment for an order). An order whose payment is not known yet is
    settled first, by asking Stripe about its checkout. None: not a payment of the portal."""
    payment_intent = gateway.id_of(payment.get("payment_intent"))
    if not payment_intent:
        return None
    orders = Order.objects.select_for_update(of=("self",)).select_related("buyer")
    order = orders.filter(payment_intent_id=payment_intent).first()
    if order is not None:
        return order
    metadata = gateway.payment_intent_retrieve(payment_intent).get("metadata") or {}
    if not str(metadata.get("order_id", "")).isdigit():
        return None
    order = orders.filter(pk=int(metadata["order_id"]), reference=metadata.get("order_reference", "")).first()
    if order is not None and not order.is_settled:
        fulfilment.order_settle(order=order)
        order = orders.get(pk=order.pk)
    return order


def _due_by(dispute: dict) -> datetime.datetime | None:
    due_by = (dispute.get("evidence_details") or {}).get("due_by")
    return datetime.datetime.fromtimestamp(due_by, tz=datetime.UTC) if isinstance(due_by, int) else None


def _dispute_store(order: Order, dispute: dict) -> tuple[Dispute, bool]:
    """Record the dispute as Stripe reports it, never moving it back; the dispute and whether this call
    recorded it first."""
    status = dispute.get("status") or "needs_response"
    payment_intent = gateway.id_of(dispute.get("payment_intent"))
    stored, created = Dispute.objects.get_or_create(
        stripe_id=dispute["id"],
        defaults={
            "order": order,
            "amount": from_minor(dispute.get("amount") or 0, dispute.get("currency") or order.currency),
            "reason": (dispute.get("reason") or "")[:60],
            "status": status,
            "evidence_due_by": _due_by(dispute),
            "second_payment": bool(payment_intent and payment_intent != order.payment_intent_id),
        },
    )
    if not created and _stage(status) >= _stage(stored.status) and stored.status != status:
        stored.status = status
        stored.evidence_due_by = _due_by(dispute) or stored.evidence_due_by
        stored.save(update_fields=["status", "evidence_due_by"])
    return stored, created


def _dispute_record(order: Order, dispute: dict) -> Dispute:
    """Record the dispute (`_dispute_store`); the first event heard of it, whichever it is, logs it on the
    order and tells the coordinators."""
    stored, created = _dispute_store(order, dispute)
    if created:
        _log(order, "payments.order.dispute_opened", stored, reason=stored.reason)
        tasks.email_dispute_queue(stored.pk)
    return stored


def _follow(order: Order, dispute: Dispute) -> None:
    """Bring the (locked) order in line with its dispute: disputed while it is open, charged back once lost,
    what it was before once won; the end of a dispute is logged on the order, once."""
    if dispute.second_payment or not order.is_settled:
        return
    if dispute.is_open or dispute.status == Dispute.LOST:
        if not order.dispute_withholds_access:
            dispute.order_status_before = order.status
            reason = _("Payment of order %(reference)s disputed") % {"reference": order.reference}
            dispute.withdrew_access = entitlements.purchase_revoke(order, by=None, reason=reason) is not None
            dispute.save(update_fields=["order_status_before", "withdrew_access"])
        status = Order.Status.DISPUTED if dispute.is_open else Order.Status.CHARGED_BACK
        if order.status != status:
            order.status = status
            order.save(update_fields=["status"])
            if status == Order.Status.CHARGED_BACK:
                _close(order, dispute, access_back=False)
        return
    if not order.dispute_withholds_access or order.status == Order.Status.CHARGED_BACK:
        return  # won, but never withheld here (an inquiry closed), or lost before: nothing to undo
    order.status = _status_back(order, dispute)
    order.save(update_fields=["status"])
    access_back = _access_back(order, dispute)
    if access_back:
        entitlements.purchase_grant(order, buyer=order.buyer, item=order.item)
    _close(order, dispute, access_back=access_back)


def _close(order: Order, dispute: Dispute, *, access_back: bool) -> None:
    dispute.closed_at = dispute.closed_at or timezone.now()
    dispute.save(update_fields=["closed_at"])
    _log(order, "payments.order.dispute_closed", dispute, access_back=access_back)


def _status_back(order: Order, dispute: Dispute) -> str:
    """What the order is once a dispute is won: as its refunds leave it (one may have failed meanwhile),
    under review if it was, otherwise paid."""
    if order.amount_refunded >= order.amount:
        return Order.Status.REFUNDED
    if order.amount_refunded > 0:
        return Order.Status.PARTIALLY_REFUNDED
    if dispute.order_status_before == Order.Status.FLAGGED:
        return Order.Status.FLAGGED
    return Order.Status.PAID


def _access_back(order: Order, dispute: Dispute) -> bool:
    """After a dispute won: the item comes back if the dispute withdrew it (or a refund that withdrew it has
    failed since), no refund still in force withdrew it, and the order gives access again."""
    withdrawn_by_failed_refund = order.refunds.filter(withdrew_access=True, status__in=Refund.FAILED).exists()
    return (
        (dispute.withdrew_access or withdrawn_by_failed_refund)
        and order.item_id is not None
        and order.status in selectors.OPEN_STATUSES
        and not order.refunds.filter(withdrew_access=True, status__in=Refund.COUNTED).exists()
        and not selectors.purchase_in_force(order)
    )


def _log(order: Order, action: str, dispute: Dispute, **extra) -> None:
    log(
        order,
        action,
        data={
            "reference": order.reference,
            "dispute": dispute.stripe_id,
            "amount": str(dispute.amount),
            "currency": order.currency,
            "status": dispute.status,
            **extra,
        },
    )


@transaction.atomic
def dispute_changed(*, dispute: dict) -> Order | None:
    """`charge.dispute.created`, `charge.dispute.updated` and `charge.dispute.closed`: the dispute as it is
    now, and what it does to the order. The coordinators are told of a new dispute once."""
    order = _order_for(dispute)
    if order is None:
        logger.warning("Dispute %s is not about a payment of the portal", dispute.get("id"))
        return None
    _follow(order, _dispute_record(order, dispute))
    return order


@transaction.atomic
def dispute_funds_moved(*, dispute: dict, withdrawn: bool) -> Order | None:
    """`charge.dispute.funds_withdrawn` / `charge.dispute.funds_reinstated`: when Stripe took the money
    from the account for the dispute, and when it gave it back (a dispute won)."""
    order = _order_for(dispute)
    if order is None:
        return None
    stored = _dispute_record(order, dispute)
    field = "funds_withdrawn_at" if withdrawn else "funds_reinstated_at"
    if getattr(stored, field) is None:
        setattr(stored, field, timezone.now())
        stored.save(update_fields=[field])
    _follow(order, stored)
    return order


@transaction.atomic
def fraud_warning(*, warning: dict) -> Order | None:
    """`radar.early_fraud_warning.created`: the order is marked for the coordinators, once; it keeps its
    access until they decide (its page offers the refund in one click)."""
    order = _order_for(warning)
    if order is None:
        logger.warning("Early fraud warning %s is not about a payment of the portal", warning.get("id"))
        return None
    if order.fraud_warned_at is not None:
        return order
    if gateway.id_of(warning.get("payment_intent")) != order.payment_intent_id:
        return order  # about a second payment for the order: refunded already
    order.fraud_warned_at = timezone.now()
    order.fraud_type = (warning.get("fraud_type") or "misc")[:60]
    order.save(update_fields=["fraud_warned_at", "fraud_type"])
    log(
        order,
        "payments.order.fraud_warning",
        data={"reference": order.reference, "fraud_type": order.fraud_type},
    )
    return order
