"""Refunds: money given back against a paid session's Charge, whole or in parts.

`POST /v1/refunds` names the PaymentIntent or the Charge; the amount defaults to what is left, and more
than what is left is refused as Stripe refuses it. A refund changes the Charge (`amount_refunded`,
`refunded`) and sends `charge.refunded` and `refund.created`. Called by the routing table as
`create(state, params, ctx)`.
"""

from __future__ import annotations

import time

from ..errors import ApiError, no_such
from ..ids import new_id
from ..params import check_known, expand_paths, integer_param, metadata_param, string_param
from ..state import RequestContext, State

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
        previous = {"amount_refunded": charge["amount_refunded"], "refunded": charge["refunded"]}
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount"]
        if not charge["refunded"]:
            del previous["refunded"]  # Stripe lists only the attributes that changed
        state.emit("charge.refunded", charge, ctx, previous_attributes=previous)
        state.emit("refund.created", refund, ctx)
        return state.expanded(refund, expand_paths(params))
