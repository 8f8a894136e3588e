"""Refunds: money given back against a paid session's Charge, whole or in parts; and refunds that fail.

`POST /v1/refunds` names the PaymentIntent or the Charge; the amount defaults to what is left, and more
than what is left is refused as Stripe refuses it, and so is a refund of a charge whose dispute is open or
lost (`charge_disputed`, disputes.py). A refund changes the Charge (`amount_refunded`, `refunded`) and
sends `charge.refunded` and `refund.created`; a full refund makes an early fraud warning on the charge
no longer actionable (fraud_warnings.py). Called by the routing table as
`create(state, params, ctx)`.

A refund of a charge paid with Stripe's "refund fails" card (4000 0000 0000 5126) succeeds, then fails
later (`State.refund_failure_delay`, or at once through a control): as in Stripe, it moves to `failed`
with a `failure_reason`, the money comes back to the account (the Charge's `amount_refunded` drops), and
`charge.refund.updated`, `refund.updated` and `refund.failed` are sent.
"""

from __future__ import annotations

import copy
import time

from ..errors import ApiError, no_such
from ..ids import new_id
from ..params import check_known, expand_paths, integer_param, metadata_param, string_param
from ..state import RequestContext, State
from . import disputes, fraud_warnings

_PARAMS = frozenset(
    {"amount", "charge", "expand", "instructions_email", "metadata", "payment_intent", "reason"}
)
_REASONS = ("duplicate", "fraudulent", "requested_by_customer")


def create(state: State, params: dict, ctx: RequestContext) -> dict:
    check_known(params, _PARAMS)
    intent_id = string_param(params, "payment_intent", "payment_intent")
    charge_id = string_param(params, "charge", "charge")
    amount = integer_param(params, "amount", "amount", minimum=1)
    reason = string_param(params, "reason", "reason")
    if reason is not None and reason not in _REASONS:
        raise ApiError(
            400,
            "Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer",
            param="reason",
        )
    metadata = metadata_param(params, "metadata")
    with state.lock:
        if intent_id is None and charge_id is None:
            raise ApiError(
                400,
                "One of the following params should be provided for this request: payment_intent or charge.",
            )
        if intent_id is not None:
            intent = state.payment_intents.get(intent_id)
            if intent is None:
                raise no_such("payment_intent", intent_id, "payment_intent")
            if charge_id is not None and charge_id != intent["latest_charge"]:
                raise ApiError(400, f"Charge {charge_id} does not belong to {intent_id}.", param="charge")
            charge_id = intent["latest_charge"]
        charge = state.charges.get(charge_id)
        if charge is None:
            raise no_such("charge", charge_id, "charge")
        disputes.refuse_refund(state, charge_id)
        remaining = charge["amount"] - charge["amount_refunded"]
        if remaining == 0:
            raise ApiError(
                400, f"Charge {charge_id} has already been refunded.", code="charge_already_refunded"
            )
        amount = remaining if amount is None else amount
        if amount > remaining:
            raise ApiError(
                400,
                f"Refund amount ({amount} {charge['currency']}) is greater than unrefunded amount on "
                f"charge ({remaining} {charge['currency']})",
                code="amount_too_large",
                param="amount",
            )
        refund_id = new_id("re_")
        refund = {
            "id": refund_id,
            "object": "refund",
            "amount": amount,
            "balance_transaction": None,
            "charge": charge_id,
            "created": int(time.time()),
            "currency": charge["currency"],
            "metadata": metadata,
            "payment_intent": charge["payment_intent"],
            "reason": reason,
            "receipt_number": None,
            "status": "succeeded",
        }
        state.refunds[refund_id] = refund
        card = state.charge_cards.get(charge_id)
        if card is not None and card.refunds_fail:
            state.refund_failures[refund_id] = time.time() + state.refund_failure_delay
        previous = {"amount_refunded": charge["amount_refunded"], "refunded": charge["refunded"]}
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount"]
        if not charge["refunded"]:
            del previous["refunded"]  # Stripe lists only the attributes that changed
        state.emit("charge.refunded", charge, ctx, previous_attributes=previous)
        state.emit("refund.created", refund, ctx)
        if charge["refunded"]:
            fraud_warnings.settled(state, charge_id)
        return state.expanded(refund, expand_paths(params))


# Why the refund of the "refund fails" card fails: the card it would go back to was closed meanwhile.
FAILURE_REASON = "expired_or_canceled_card"


def fail(state: State, refund_id: str, reason: str = FAILURE_REASON) -> dict:
    """Move a succeeded (or pending) refund to `failed`, as Stripe does when the card cannot take the
    money back: the Charge is refunded that much less, and the three events Stripe sends go out."""
    with state.lock:
        refund = state.refunds.get(refund_id)
        if refund is None:
            raise no_such("refund", refund_id)
        if refund["status"] not in ("pending", "succeeded"):
            raise ApiError(
                400, f"Refund {refund_id} is {refund['status']}: only a refund on its way can fail."
            )
        state.refund_failures.pop(refund_id, None)
        # Stripe lists the attributes that changed, with their values before (null when they had none).
        previous = {"status": refund["status"], "failure_reason": None, "failure_balance_transaction": None}
        refund.update(status="failed", failure_reason=reason, failure_balance_transaction=new_id("txn_"))
        charge = state.charges[refund["charge"]]
        charge["amount_refunded"] -= refund["amount"]
        charge["refunded"] = False
        state.emit("charge.refund.updated", refund, previous_attributes=previous)
        state.emit("refund.updated", refund, previous_attributes=previous)
        state.emit("refund.failed", refund)
        return copy.deepcopy(refund)


def fail_due(state: State):
    """Fail the refunds whose time has come (called periodically, with the expiry sweep)."""
    with state.lock:
        now = time.time()
        for refund_id, due in list(state.refund_failures.items()):
            if due <= now:
                fail(state, refund_id)
