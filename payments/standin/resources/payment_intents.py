"""PaymentIntents and Charges: what a paid Checkout Session leaves behind, read back by the portal.

The portal never creates them itself: `record_card_payment` makes both when a session is paid with the
test card (see checkout_sessions.py), and refunds (refunds.py) draw on the Charge. The API operations are
called by the routing table as `operation(state, *ids from the path, params, ctx)`.
"""

from __future__ import annotations

import time

from ..cards import SUCCEEDS, TestCard
from ..errors import no_such
from ..ids import new_id
from ..params import check_known, expand_paths
from ..state import RequestContext, State


def record_card_payment(
    state: State,
    *,
    amount: int,
    currency: str,
    email: str | None,
    intent_data: dict,
    exp_month: int,
    exp_year: int | None,
    card: TestCard = SUCCEEDS,
) -> str:
    """A succeeded PaymentIntent and its Charge for a payment with a test card that pays (4242, or one
    whose later life differs, such as 5126 whose refunds fail); the intent's id. `intent_data` is the
    session's `payment_intent_data` (metadata, description, receipt_email). The caller holds `state.lock`
    (the session changes in the same step)."""
    now = int(time.time())
    intent_id, charge_id, method_id = new_id("pi_"), new_id("ch_"), new_id("pm_")
    state.charges[charge_id] = {
        "id": charge_id,
        "object": "charge",
        "amount": amount,
        "amount_captured": amount,
        "amount_refunded": 0,
        "billing_details": {"address": None, "email": email, "name": None, "phone": None},
        "captured": True,
        "created": now,
        "currency": currency,
        "customer": None,
        "description": intent_data.get("description"),
        "disputed": False,
        "livemode": False,
        "metadata": dict(intent_data.get("metadata") or {}),
        "outcome": {
            "network_status": "approved_by_network",
            "risk_level": "normal",
            "seller_message": "Payment complete.",
            "type": "authorized",
        },
        "paid": True,
        "payment_intent": intent_id,
        "payment_method": method_id,
        "payment_method_details": {
            "type": "card",
            "card": {
                "brand": card.brand,
                "country": "US",
                "exp_month": exp_month,
                "exp_year": exp_year or time.gmtime().tm_year + 3,
                "funding": "credit",
                "last4": card.last4,
            },
        },
        "receipt_email": intent_data.get("receipt_email"),
        "refunded": False,
        "status": "succeeded",
    }
    state.charge_cards[charge_id] = card
    state.payment_intents[intent_id] = {
        "id": intent_id,
        "object": "payment_intent",
        "amount": amount,
        "amount_capturable": 0,
        "amount_received": amount,
        "capture_method": "automatic",
        "created": now,
        "currency": currency,
        "customer": None,
        "description": intent_data.get("description"),
        "latest_charge": charge_id,
        "livemode": False,
        "metadata": dict(intent_data.get("metadata") or {}),
        "payment_method": method_id,
        "payment_method_types": ["card"],
        "receipt_email": intent_data.get("receipt_email"),
        "status": "succeeded",
    }
    return intent_id


def retrieve_payment_intent(state: State, intent_id: str, params: dict, ctx: RequestContext) -> dict:
    check_known(params, frozenset({"expand"}))
    with state.lock:
        intent = state.payment_intents.get(intent_id)
        if intent is None:
            raise no_such("payment_intent", intent_id, "intent")
        return state.expanded(intent, expand_paths(params))


def retrieve_charge(state: State, charge_id: str, params: dict, ctx: RequestContext) -> dict:
    check_known(params, frozenset({"expand"}))
    with state.lock:
        charge = state.charges.get(charge_id)
        if charge is None:
            raise no_such("charge", charge_id, "charge")
        return state.expanded(charge, expand_paths(params))
