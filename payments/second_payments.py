"""A second payment for an order already paid: given back whole, at once, through Stripe, and the buyer
told.

It happens when an older Checkout Session of the order is paid too (one open in another tab, which could
not be expired when a new one replaced it; or paid at that very moment). The order keeps the payment that
settled it; the second one is refunded in full, with a key of its own so that Stripe makes the refund once
however often its event is delivered. Its refund is recorded on the order as a refund of a second
payment: it changes neither the order's refunded amount nor its access.
"""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _
from wagtail.log_actions import log

from . import gateway, refusals, tasks
from .minor_units import from_minor
from .models import Order, Refund

logger = logging.getLogger(__name__)


def second_payment_refund(order: Order, *, payment_intent: str) -> Refund | None:
    """Refund the whole of `payment_intent`, a payment for `order` (locked, settled by another payment).

    When Stripe cannot be reached or refuses, the order is marked for a coordinator to refund that payment
    by hand (in Stripe's dashboard), a refusal for good is recorded for the admin dashboard, and None is
    returned. (Rarely: the second payment itself needed Stripe a moment ago.)"""
    try:
        refund = gateway.refund_create(
            payment_intent=payment_intent,
            amount=None,  # all of it
            currency=order.currency,
            idempotency_key=f"clase-second-payment-{payment_intent}",
            metadata={"order_id": str(order.pk), "order_reference": order.reference, "second_payment": "1"},
        )
    except gateway.GatewayError as error:
        if isinstance(error, gateway.GatewayRefused):
            refusals.refusal_record(error, order=order)
        note = _("A second payment (%(payment)s) arrived for this order: refund it.") % {
            "payment": payment_intent
        }
        if note not in order.flag_reason:
            order.flag_reason = f"{order.flag_reason}\n{note}".strip()
            order.save(update_fields=["flag_reason"])
        return None
    stored, created = Refund.objects.get_or_create(
        stripe_id=refund["id"],
        defaults={
            "order": order,
            "amount": from_minor(refund.get("amount") or 0, refund.get("currency") or order.currency),
            "status": refund.get("status") or "",
            "second_payment": True,
        },
    )
    if created:
        # Nothing is left for a coordinator to do: the order's audit log and its refunds say what happened.
        logger.info("Order %s: second payment %s refunded automatically", order.reference, payment_intent)
        log(
            order,
            "payments.order.second_payment_refund",
            data={
                "reference": order.reference,
                "payment": payment_intent,
                "amount": str(stored.amount),
                "currency": order.currency,
            },
        )
    if stored.status == Refund.SUCCEEDED and stored.buyer_notified_at is None:
        tasks.email_refund_queue(stored.pk)  # the buyer's notice says why it was refunded
    return stored
