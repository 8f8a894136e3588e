"""A Checkout Session paid with a delayed method (payment_methods.py): it completes unpaid, and the payment
succeeds or fails later, as with OXXO, a boleto or a bank debit.

Stripe completes the session as soon as the buyer has the voucher or has authorised the debit:
`checkout.session.completed` with `payment_status: "unpaid"`, its PaymentIntent `processing`. Days later
the money arrives (`checkout.session.async_payment_succeeded`: the session is `paid`, the Charge made) or
never does (`checkout.session.async_payment_failed`: the voucher expired, the debit bounced; the
PaymentIntent goes back to `requires_payment_method`). Here the buyer picks the method on the hosted page
(or a test control completes the session with it), and a test control decides the outcome.
"""

from __future__ import annotations

import copy
import time

from ..errors import ApiError, no_such
from ..ids import new_id
from ..state import State
from . import invoices
from .checkout_sessions import expire_due
from .payment_methods import delayed_method


def complete_unpaid(
    state: State, session_id: str, *, email: str | None = None, customer: dict | None = None
) -> dict:
    """The buyer chose the session's delayed method: the session completes unpaid, its PaymentIntent is
    `processing`, and `checkout.session.completed` goes to the outbox. `customer`: what the buyer gave
    besides the method (an organisation, see invoices.customer_details)."""
    with state.lock:
        session = _session(state, session_id)
        if session["status"] != "open":
            raise ApiError(
                400,
                f"This Checkout Session is {session['status']} and can no longer be paid.",
                code="checkout_session_not_open",
            )
        method = delayed_method(session)
        if method is None:
            raise ApiError(
                400,
                f"No delayed payment method is offered in {session['currency'].upper()} "
                "(the stand-in has one for USD, EUR, MXN and BRL).",
                code="payment_method_unavailable",
            )
        email = session["customer_email"] or email
        intent_id = new_id("pi_")
        extra = state.extras[session_id]
        state.payment_intents[intent_id] = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": session["amount_total"],
            "amount_capturable": 0,
            "amount_received": 0,
            "capture_method": "automatic",
            "created": int(time.time()),
            "currency": session["currency"],
            "customer": None,
            "description": extra.payment_intent_data.get("description"),
            "last_payment_error": None,
            "latest_charge": None,
            "livemode": False,
            "metadata": dict(extra.payment_intent_data.get("metadata") or {}),
            "payment_method": new_id("pm_"),
            "payment_method_types": [method[0]],
            "receipt_email": extra.payment_intent_data.get("receipt_email"),
            "status": "processing",
        }
        session.update(
            status="complete",
            payment_status="unpaid",
            payment_intent=intent_id,
            url=None,
            customer_details=invoices.customer_details(session, email, customer),
        )
        state.emit("checkout.session.completed", session)
        return copy.deepcopy(session)


def settle(state: State, session_id: str, *, succeeded: bool) -> dict:
    """The delayed payment of a session completed unpaid arrives (`succeeded`: the Charge is made, the
    session paid) or fails; the session's event goes to the outbox."""
    with state.lock:
        session = _session(state, session_id)
        intent = state.payment_intents.get(session.get("payment_intent") or "")
        if session["payment_status"] != "unpaid" or intent is None or intent["status"] != "processing":
            raise ApiError(
                400,
                f"Checkout Session {session_id} has no delayed payment waiting to be confirmed.",
                code="payment_intent_unexpected_state",
            )
        if succeeded:
            intent.update(
                status="succeeded",
                amount_received=intent["amount"],
                latest_charge=_charge(state, intent, session),
            )
            session["payment_status"] = "paid"
            # Checkout makes the invoice once the money is there, as for a card payment.
            invoices.invoice_for(state, session, state.extras[session_id].line_items)
            state.emit("checkout.session.async_payment_succeeded", session)
        else:
            intent.update(
                status="requires_payment_method",
                last_payment_error={
                    "code": "payment_method_provider_timeout",
                    "message": "The customer did not complete the payment in time.",
                    "type": "invalid_request_error",
                },
            )
            state.emit("checkout.session.async_payment_failed", session)
        return copy.deepcopy(session)


def _session(state: State, session_id: str) -> dict:
    expire_due(state)  # a session past its time is expired first, with its event, as Stripe shows it
    session = state.sessions.get(session_id)
    if session is None:
        raise no_such("checkout.session", session_id)
    return session


def _charge(state: State, intent: dict, session: dict) -> str:
    """The Charge of the delayed payment once it has arrived; its id."""
    charge_id = new_id("ch_")
    method_type = intent["payment_method_types"][0]
    state.charges[charge_id] = {
        "id": charge_id,
        "object": "charge",
        "amount": intent["amount"],
        "amount_captured": intent["amount"],
        "amount_refunded": 0,
        "billing_details": {
            "address": None,
            "email": session["customer_details"]["email"],
            "name": None,
            "phone": None,
        },
        "captured": True,
        "created": int(time.time()),
        "currency": intent["currency"],
        "customer": None,
        "description": intent["description"],
        "disputed": False,
        "livemode": False,
        "metadata": dict(intent["metadata"]),
        "outcome": {
            "network_status": "approved_by_network",
            "risk_level": "not_assessed",
            "seller_message": "Payment complete.",
            "type": "authorized",
        },
        "paid": True,
        "payment_intent": intent["id"],
        "payment_method": intent["payment_method"],
        "payment_method_details": {"type": method_type, method_type: {}},
        "receipt_email": intent["receipt_email"],
        "refunded": False,
        "status": "succeeded",
    }
    return charge_id
