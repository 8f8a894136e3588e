"""Starting a checkout: whether this buyer may buy this item now, their open order for it, and the Stripe
Checkout Session where they pay.

Nothing is paid or granted here: the payment settles the order later, in `payments.fulfilment`. Refusals
come back as exceptions whose `message` is said to the buyer (`CheckoutRefused`, `TermsNotAccepted`), a
Stripe that cannot be reached leaves the order open (`CheckoutUnavailable`), and a Stripe that refuses for
good tells the buyer the truth and the coordinators the cause (`CheckoutImpossible`). A session about to
end is replaced by a new one, and expired at Stripe first, so that it cannot be paid as well.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.access import policy as access
from courses.licensing import rules as licensing
from courses.licensing.models import Licence

from . import gateway, refusals
from .models import Order

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

    def __init__(self, order: Order, message: str = ""):
        self.message = message or _(
            "Card payment is not available right now, and nothing was charged. "
            "Your order %(reference)s is kept: please try again in a few minutes."
        ) % {"reference": order.reference}
        super().__init__(self.message)
        self.order = order


class CheckoutImpossible(CheckoutUnavailable):
    """Stripe refused the checkout for good (a currency the account does not support, a revoked key):
    trying again will not help until the network changes something, so the buyer is told so, and the
    refusal is recorded for the coordinators (`payments.refusals`)."""

    def __init__(self, order: Order):
        super().__init__(
            order,
            _(
                "This item cannot be bought by card at the moment, and nothing was charged. "
                "The problem is on our side: the network's coordinators have been told."
            ),
        )


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
        amount=order.amount,
        currency=order.currency,
        customer_email=order.buyer.email,
        language=language,
        success_url=success_url,
        cancel_url=cancel_url.replace(ORDER_REFERENCE, order.reference),
        order_label=_("Order"),
        automatic_tax=settings.STRIPE_AUTOMATIC_TAX,
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
            order = Order.objects.select_for_update(of=("self",)).select_related("buyer").get(pk=order.pk)
            # A delayed payment under way (a voucher, a bank debit) gets no second checkout: it could be
            # paid too.
            if order.status != Order.Status.PENDING or order.awaits_delayed_payment or _session_usable(order):
                return order
            if order.stripe_session_id:  # the previous session ran out: a new attempt, a new key
                if not _session_supersede(order):
                    return order  # it was paid meanwhile: its payment settles the order
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
    except gateway.GatewayRefused as error:
        # After the rollback of the order's transaction: the refusal is kept whatever else happened.
        logger.error("Checkout of order %s refused by Stripe for good: %s", order.reference, error)
        refusals.refusal_record(error, order=order)
        raise CheckoutImpossible(order) from error
    except gateway.GatewayError as error:
        logger.warning("Checkout of order %s could not start: %s", order.reference, error)
        raise CheckoutUnavailable(order) from error


def _session_supersede(order: Order) -> bool:
    """Expire the order's current session at Stripe before a new one replaces it, so that the buyer cannot
    pay both (an old checkout page left open in another tab); False when that session turns out to be paid
    already (its payment, on its way, settles the order: no new session then).

    A session past its end has been expired by Stripe itself. When Stripe cannot be reached the new session
    is made all the same: should the old one be paid too, that second payment is given back automatically
    (`payments.second_payments`)."""
    if order.session_expires_at is not None and order.session_expires_at <= timezone.now():
        return True
    try:
        gateway.checkout_session_expire(order.stripe_session_id)
        return True
    except gateway.GatewayRefused:
        pass  # no longer open: expired, or paid just now, as Stripe will say
    except gateway.GatewayError as error:
        logger.warning("Superseded checkout of order %s not expired: %s", order.reference, error)
        return True
    try:
        session = gateway.checkout_session_retrieve(order.stripe_session_id)
    except gateway.GatewayError as error:
        logger.warning("Superseded checkout of order %s not checked: %s", order.reference, error)
        return True
    if session.get("status") != "complete":
        return True
    order.checkout_url = ""  # nothing left to pay: the buyer is sent to see the payment settled
    order.save(update_fields=["checkout_url"])
    return False


def _checkout_key(order: Order) -> str:
    return f"clase-checkout-{order.pk}-{order.attempt}"


def _timestamp(value) -> datetime.datetime | None:
    return datetime.datetime.fromtimestamp(value, tz=datetime.UTC) if value else None
