"""Early fraud warnings (Radar): the card issuer's notice that a charge was probably fraudulent.

A charge paid with Stripe's early fraud warning card (4000 0000 0000 5423) gets one at once, just after
`checkout.session.completed`: `radar.early_fraud_warning.created`, `actionable: true`. As in Stripe, a
warning stays actionable until the charge is fully refunded or disputed (a refund then avoids the
dispute that often follows, and its fee); it then turns `actionable: false` and
`radar.early_fraud_warning.updated` is sent, with `previous_attributes: {"actionable": true}`.

`GET /v1/radar/early_fraud_warnings/<id>` and `GET /v1/radar/early_fraud_warnings` (newest first,
`limit`, `starting_after`, `charge`, `payment_intent`) read them back; the routing table calls them as
`operation(state, *ids from the path, params, ctx)`.
"""

from __future__ import annotations

import time

from ..errors import no_such
from ..ids import new_id
from ..params import check_known, expand_paths, list_page, string_param
from ..state import RequestContext, State

# What the issuer reports for Stripe's test card: the card was used without its owner's consent.
FRAUD_TYPE = "made_with_stolen_card"


def after_payment(state: State, charge_id: str):
    """The early fraud warning that follows a payment with the early fraud warning card, if it was one.
    The caller holds `state.lock` (the session was paid in the same step)."""
    card = state.charge_cards.get(charge_id)
    if card is not None and card.fraud_warning:
        warn(state, charge_id)


def warn(state: State, charge_id: str, fraud_type: str = FRAUD_TYPE) -> dict:
    """An early fraud warning on a charge, and `radar.early_fraud_warning.created`."""
    charge = state.charges[charge_id]
    warning_id = new_id("issfr_")
    warning = {
        "id": warning_id,
        "object": "radar.early_fraud_warning",
        "actionable": True,
        "charge": charge_id,
        "created": int(time.time()),
        "fraud_type": fraud_type,
        "livemode": False,
        "payment_intent": charge["payment_intent"],
    }
    state.early_fraud_warnings[warning_id] = warning
    state.emit("radar.early_fraud_warning.created", warning)
    return warning


def settled(state: State, charge_id: str, ctx: RequestContext | None = None):
    """The charge was fully refunded or disputed: its actionable warnings no longer are, each with
    `radar.early_fraud_warning.updated`. The caller holds `state.lock`."""
    for warning in state.early_fraud_warnings.values():
        if warning["charge"] == charge_id and warning["actionable"]:
            warning["actionable"] = False
            state.emit(
                "radar.early_fraud_warning.updated", warning, ctx, previous_attributes={"actionable": True}
            )


def retrieve(state: State, warning_id: str, params: dict, ctx: RequestContext) -> dict:
    check_known(params, frozenset({"expand"}))
    with state.lock:
        warning = state.early_fraud_warnings.get(warning_id)
        if warning is None:
            raise no_such("radar.early_fraud_warning", warning_id)
        return state.expanded(warning, expand_paths(params))


def list_all(state: State, params: dict, ctx: RequestContext) -> dict:
    """Newest first, `limit` at a time after `starting_after`; only a charge's or a PaymentIntent's when
    `charge` or `payment_intent` is given."""
    check_known(params, frozenset({"charge", "expand", "limit", "payment_intent", "starting_after"}))
    charge_id = string_param(params, "charge", "charge")
    intent_id = string_param(params, "payment_intent", "payment_intent")
    with state.lock:
        warnings = [
            warning
            for warning in reversed(state.early_fraud_warnings.values())
            if charge_id in (None, warning["charge"]) and intent_id in (None, warning["payment_intent"])
        ]
        return list_page(warnings, params, "radar.early_fraud_warning", "/v1/radar/early_fraud_warnings")
