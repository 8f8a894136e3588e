"""Disputes: the cardholder asks their bank for the money back, and the bank takes it from the account.

A charge paid with Stripe's "disputed as fraudulent" card (4000 0000 0000 0259) is disputed just after
`checkout.session.completed`, in the same step (or `State.dispute_delay` seconds later, from the expiry
sweep; a control opens it at once): the Dispute is `needs_response` with `reason: "fraudulent"`, the
disputed amount and Stripe's $15 fee leave the balance (a negative balance transaction), the Charge is
`disputed: true`, and `charge.dispute.created` then `charge.dispute.funds_withdrawn` are sent. A payment
fully refunded before its dispute was due is never disputed.

The bank decides later; here a control does (`close`): won, the money comes back (a second, positive
balance transaction, `charge.dispute.funds_reinstated`) and `charge.dispute.closed`; lost,
`charge.dispute.closed` alone. Through the API, as in Stripe, the merchant may submit evidence
(`POST /v1/disputes/<id>`: `under_review`, `charge.dispute.updated`) or accept the dispute
(`POST /v1/disputes/<id>/close`: `lost`, `charge.dispute.closed`). While a dispute is open, or once it
is lost, the charge cannot be refunded: refunds.py asks `refuse_refund`.
"""

from __future__ import annotations

import copy
import time

from ..errors import ApiError, no_such
from ..ids import new_id
from ..params import check_known, expand_paths, list_page, metadata_param, string_param
from ..state import RequestContext, State
from . import fraud_warnings

# Stripe's dispute fee ($15), taken with the disputed amount. Counted here in the minor unit of the
# charge's currency, with no conversion to a settlement currency.
DISPUTE_FEE = 1500
# Days the merchant has to answer (`evidence_details.due_by`).
EVIDENCE_DAYS = 7
# Statuses of a dispute still waiting for the bank's decision.
OPEN = frozenset({"warning_needs_response", "warning_under_review", "needs_response", "under_review"})
# The evidence a merchant may give as text or file ids (Stripe's `evidence` hash, all null at first).
EVIDENCE_FIELDS = (
    *("access_activity_log", "billing_address", "cancellation_policy", "cancellation_policy_disclosure"),
    *("cancellation_rebuttal", "customer_communication", "customer_email_address", "customer_name"),
    *("customer_purchase_ip", "customer_signature", "duplicate_charge_documentation"),
    *("duplicate_charge_explanation", "duplicate_charge_id", "product_description", "receipt"),
    *("refund_policy", "refund_policy_disclosure", "refund_refusal_explanation", "service_date"),
    *("service_documentation", "shipping_address", "shipping_carrier", "shipping_date"),
    *("shipping_documentation", "shipping_tracking_number", "uncategorized_file", "uncategorized_text"),
)


# -- how a dispute opens ----------------------------------------------------------------------------


def after_payment(state: State, charge_id: str):
    """The dispute that follows a payment with the "disputed" card, if it was one: opened now, or due
    `state.dispute_delay` seconds from now. The caller holds `state.lock`."""
    card = state.charge_cards.get(charge_id)
    if card is None or not card.disputed:
        return
    if state.dispute_delay > 0:
        state.dispute_openings[charge_id] = time.time() + state.dispute_delay
    else:
        open_dispute(state, charge_id)


def open_due(state: State):
    """Open the disputes whose time has come (called periodically, with the expiry sweep); none on a
    charge fully refunded meanwhile."""
    with state.lock:
        now = time.time()
        for charge_id, due in list(state.dispute_openings.items()):
            if due <= now:
                del state.dispute_openings[charge_id]
                charge = state.charges[charge_id]
                if charge["amount_refunded"] < charge["amount"] and not charge.get("disputed"):
                    open_dispute(state, charge_id)


def dispute_now(state: State, charge_id: str) -> dict:
    """A control: dispute a paid charge as fraudulent now (any charge, or one of the "disputed" card
    before its `dispute_delay` is over)."""
    with state.lock:
        charge = state.charges.get(charge_id)
        if charge is None:
            raise no_such("charge", charge_id, "charge")
        if charge.get("disputed"):
            raise ApiError(400, f"Charge {charge_id} is already disputed.", code="charge_disputed")
        if charge["amount_refunded"] >= charge["amount"]:
            raise ApiError(
                400,
                f"Charge {charge_id} has been fully refunded: there is nothing left to dispute.",
                code="charge_already_refunded",
            )
        return open_dispute(state, charge_id)


def open_dispute(state: State, charge_id: str, reason: str = "fraudulent") -> dict:
    """A dispute of what is left of the charge: the money withdrawn, the charge marked, and the events
    Stripe sends. An early fraud warning on the charge stops being actionable."""
    state.dispute_openings.pop(charge_id, None)
    charge = state.charges[charge_id]
    now = int(time.time())
    card = state.charge_cards.get(charge_id)
    dispute_id = new_id("dp_")
    dispute = {
        "id": dispute_id,
        "object": "dispute",
        "amount": charge["amount"] - charge["amount_refunded"],
        "balance_transactions": [],
        "charge": charge_id,
        "created": now,
        "currency": charge["currency"],
        "enhanced_eligibility_types": [],
        "evidence": dict.fromkeys(EVIDENCE_FIELDS),
        "evidence_details": {
            "due_by": now + EVIDENCE_DAYS * 24 * 3600,
            "enhanced_eligibility": {},
            "has_evidence": False,
            "past_due": False,
            "submission_count": 0,
        },
        "is_charge_refundable": False,
        "livemode": False,
        "metadata": {},
        "network_reason_code": "10.4",  # Visa's "other fraud, card-absent environment"
        "payment_intent": charge["payment_intent"],
        "payment_method_details": {
            "type": "card",
            "card": {
                "brand": card.brand if card else "visa",
                "case_type": "chargeback",
                "network_reason_code": "10.4",
            },
        },
        "reason": reason,
        "status": "needs_response",
    }
    withdrawal = f"Chargeback withdrawal for {charge_id}"
    dispute["balance_transactions"].append(
        _balance_transaction(dispute, -dispute["amount"], DISPUTE_FEE, withdrawal)
    )
    state.disputes[dispute_id] = dispute
    charge["disputed"] = True
    state.emit("charge.dispute.created", dispute)
    state.emit("charge.dispute.funds_withdrawn", dispute)
    fraud_warnings.settled(state, charge_id)
    return copy.deepcopy(dispute)


def _balance_transaction(dispute: dict, amount: int, fee: int, description: str) -> dict:
    """Money leaving (negative) or coming back to the account because of the dispute."""
    now = int(time.time())
    currency = dispute["currency"]
    return {
        "id": new_id("txn_"),
        "object": "balance_transaction",
        "amount": amount,
        "available_on": now,
        "created": now,
        "currency": currency,
        "description": description,
        "exchange_rate": None,
        "fee": fee,
        "fee_details": (
            [
                {
                    "amount": fee,
                    "application": None,
                    "currency": currency,
                    "description": "Dispute fee",
                    "type": "stripe_fee",
                }
            ]
            if fee
            else []
        ),
        "net": amount - fee,
        "reporting_category": "dispute" if amount < 0 else "dispute_reversal",
        "source": dispute["id"],
        "status": "available",
        "type": "adjustment",
    }


# -- how it ends ------------------------------------------------------------------------------------


def close(state: State, dispute_id: str, *, won: bool) -> dict:
    """A control: the bank decides. Won: the money comes back (`charge.dispute.funds_reinstated`), then
    `charge.dispute.closed`; lost: `charge.dispute.closed`."""
    with state.lock:
        dispute = _open(state, dispute_id)
        if won:
            dispute["balance_transactions"].append(
                _balance_transaction(
                    dispute, dispute["amount"], 0, f"Chargeback reversal for {dispute['charge']}"
                )
            )
            dispute["status"] = "won"
            state.emit("charge.dispute.funds_reinstated", dispute)
        else:
            dispute["status"] = "lost"
        state.emit("charge.dispute.closed", dispute)
        return copy.deepcopy(dispute)


def refuse_refund(state: State, charge_id: str):
    """Stripe's refusal of a refund of a charge whose dispute is open or lost (the bank already gave the
    money back); after a won dispute the charge may be refunded again."""
    for dispute in state.disputes.values():
        if dispute["charge"] == charge_id and dispute["status"] != "won":
            raise ApiError(
                400,
                f"Charge {charge_id} has been charged back; cannot issue a refund.",
                code="charge_disputed",
            )


def _find(state: State, dispute_id: str) -> dict:
    dispute = state.disputes.get(dispute_id)
    if dispute is None:
        raise no_such("dispute", dispute_id)
    return dispute


def _open(state: State, dispute_id: str) -> dict:
    dispute = _find(state, dispute_id)
    if dispute["status"] not in OPEN:
        raise ApiError(
            400,
            f"Dispute {dispute_id} is already closed (status {dispute['status']}): only an open dispute "
            "can be closed or answered.",
        )
    return dispute


# -- the API ----------------------------------------------------------------------------------------


def retrieve(state: State, dispute_id: str, params: dict, ctx: RequestContext) -> dict:
    check_known(params, frozenset({"expand"}))
    with state.lock:
        return state.expanded(_find(state, dispute_id), expand_paths(params))


def list_all(state: State, params: dict, ctx: RequestContext) -> dict:
    """Newest first, `limit` at a time after `starting_after`; only a charge's or a PaymentIntent's when
    `charge` or `payment_intent` is given."""
    check_known(params, frozenset({"charge", "expand", "limit", "payment_intent", "starting_after"}))
    charge_id = string_param(params, "charge", "charge")
    intent_id = string_param(params, "payment_intent", "payment_intent")
    with state.lock:
        disputes = [
            dispute
            for dispute in reversed(state.disputes.values())
            if charge_id in (None, dispute["charge"]) and intent_id in (None, dispute["payment_intent"])
        ]
        return list_page(disputes, params, "dispute", "/v1/disputes")


def accept(state: State, dispute_id: str, params: dict, ctx: RequestContext) -> dict:
    """`POST /v1/disputes/<id>/close`: the merchant gives up the dispute, which is lost at once."""
    check_known(params, frozenset({"expand"}))
    with state.lock:
        dispute = _open(state, dispute_id)
        dispute["status"] = "lost"
        state.emit("charge.dispute.closed", dispute, ctx)
        return state.expanded(dispute, expand_paths(params))


def update(state: State, dispute_id: str, params: dict, ctx: RequestContext) -> dict:
    """`POST /v1/disputes/<id>`: `metadata` at any time; `evidence[...]` (text fields) while the dispute
    needs a response, submitted to the bank unless `submit=false` (the dispute is then `under_review`).
    Sends `charge.dispute.updated` with what changed in `previous_attributes`."""
    check_known(params, frozenset({"evidence", "expand", "metadata", "submit"}))
    evidence = params.get("evidence") or {}
    if not isinstance(evidence, dict):
        raise ApiError(400, "Invalid hash", param="evidence")
    check_known(evidence, frozenset(EVIDENCE_FIELDS), "evidence")
    given = {name: string_param(evidence, name, f"evidence[{name}]") for name in evidence}
    submit = params.get("submit", "true")
    if submit not in ("true", "false"):
        raise ApiError(400, f"Invalid boolean: {submit}", param="submit")
    with state.lock:
        dispute = _find(state, dispute_id)
        previous: dict = {}
        if "metadata" in params:
            metadata = {**dispute["metadata"], **metadata_param(params, "metadata")}
            for key, value in params["metadata"].items():
                if value == "":  # an empty value unsets the key
                    metadata.pop(key, None)
            if metadata != dispute["metadata"]:
                previous["metadata"] = dispute["metadata"]
                dispute["metadata"] = metadata
        if given or ("submit" in params and submit == "true"):
            _answer(dispute, given, submit == "true", previous)
        if previous:
            state.emit("charge.dispute.updated", dispute, ctx, previous_attributes=previous)
        return state.expanded(dispute, expand_paths(params))


def _answer(dispute: dict, given: dict, submit: bool, previous: dict):
    """Evidence staged on a dispute that needs a response, and submitted to the bank if asked."""
    if dispute["status"] not in ("needs_response", "warning_needs_response"):
        raise ApiError(
            400,
            f"Dispute {dispute['id']} is {dispute['status']}: evidence can be given only while it needs a "
            "response.",
        )
    details = dispute["evidence_details"]
    changed = {name: dispute["evidence"][name] for name in given if dispute["evidence"][name] != given[name]}
    if changed:
        previous["evidence"] = changed
        dispute["evidence"].update(given)
    before = {"has_evidence": details["has_evidence"], "submission_count": details["submission_count"]}
    details["has_evidence"] = details["has_evidence"] or bool(changed)
    if submit:
        details["submission_count"] += 1
        previous["status"] = dispute["status"]
        dispute["status"] = dispute["status"].replace("needs_response", "under_review")
    if before != {name: details[name] for name in before}:
        previous["evidence_details"] = before
