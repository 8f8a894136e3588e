"""A refund that fails after it was made: Stripe could not give the money back (the card was closed, say),
so it is back on the Stripe account and the buyer has neither the money nor, if the refund withdrew it,
the item.

`payments.refunds` has already lowered the order's refunded total when this is called; here the access that
this very refund withdrew is given back (not access withdrawn by another refund, a coordinator or a
dispute), the order's audit log says what happened, and the coordinators and the buyer are told once.
"""

from __future__ import annotations

from wagtail.log_actions import log

from . import entitlements, selectors, tasks
from .models import Order, Refund


def refund_failed(order: Order, refund: Refund) -> None:
    """Follow a refund that Stripe has just reported failed or cancelled (the order is locked, its total
    already lowered): give back the access it withdrew, log it, and tell the coordinators and the buyer."""
    access_back = _access_back(order, refund)
    if access_back:
        entitlements.purchase_grant(order, buyer=order.buyer, item=order.item)
    log(
        order,
        "payments.order.refund_failed",
        data={
            "reference": order.reference,
            "refund": refund.stripe_id,
            "amount": str(refund.amount),
            "currency": order.currency,
            "failure_reason": refund.failure_reason,
            "access_back": access_back,
        },
    )
    tasks.email_refund_failure_queue(refund.pk)


def _access_back(order: Order, refund: Refund) -> bool:
    """Whether the item comes back: only if this refund withdrew it, no refund still in force withdrew it
    too, and the order gives access again (paid, or partly refunded) while the buyer has none."""
    return (
        refund.withdrew_access
        and not refund.second_payment
        and order.item_id is not None
        and order.status in selectors.OPEN_STATUSES
        and not order.refunds.filter(withdrew_access=True, status__in=Refund.COUNTED).exists()
        and not selectors.purchase_in_force(order)
    )
