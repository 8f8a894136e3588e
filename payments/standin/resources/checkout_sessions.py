"""Checkout Sessions: created by the portal, paid on the hosted page, expired on time or on request.

A session goes open -> complete (paid with the test card: the PaymentIntent and Charge appear, see
payment_intents.py) or open -> expired (past `expires_at`, or `POST .../expire`); each transition sends
the event Stripe sends. The API operations (`create`, `retrieve`, `expire`) are called by the routing table
as `operation(state, *ids from the path, params, ctx)`; `hosted_view`, `complete` and `expire_due` serve
the hosted page, the test controls and the expiry sweep.
"""

from __future__ import annotations

import copy
import time

from ..cards import SUCCEEDS, TestCard
from ..currencies import check_charge
from ..errors import ApiError, missing, no_such
from ..ids import new_id
from ..params import (
    check_known,
    email_param,
    expand_paths,
    integer_param,
    metadata_param,
    string_param,
    url_param,
)
from ..state import RequestContext, SessionExtra, State
from . import disputes, fraud_warnings, invoices
from .payment_intents import record_card_payment
from .payment_methods import method_types

# Stripe's limits: a session lives between 30 minutes and 24 hours.
MIN_EXPIRY = 30 * 60
MAX_EXPIRY = 24 * 60 * 60

# Locales Stripe Checkout accepts; the hosted page itself speaks es, en and pt and falls back to en.
STRIPE_LOCALES = frozenset(
    {
        *("auto", "bg", "cs", "da", "de", "el", "en", "en-GB", "es", "es-419", "et", "fi", "fil", "fr"),
        *("fr-CA", "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "ms", "mt", "nb", "nl", "pl", "pt"),
        *("pt-BR", "ro", "ru", "sk", "sl", "sv", "th", "tr", "vi", "zh", "zh-HK", "zh-TW"),
    }
)

# Real Checkout Session parameters the stand-in accepts and ignores (they change nothing a test can see):
# the portal may send them, so they must not be rejected as unknown.
_IGNORED_SESSION_PARAMS = frozenset(
    {
        "allow_promotion_codes",
        "consent_collection",
        "custom_text",
        "customer_creation",
        "payment_method_options",
        "payment_method_types",
        "phone_number_collection",
        "submit_type",
    }
)
# Checked and shown on the session by invoices.py: the invoice after payment and what it needs.
_INVOICE_SESSION_PARAMS = frozenset(
    {"automatic_tax", "billing_address_collection", "invoice_creation", "tax_id_collection"}
)
_SESSION_PARAMS = (
    _IGNORED_SESSION_PARAMS
    | _INVOICE_SESSION_PARAMS
    | {
        "cancel_url",
        "client_reference_id",
        "customer_email",
        "expand",
        "expires_at",
        "line_items",
        "locale",
        "metadata",
        "mode",
        "payment_intent_data",
        "success_url",
        "ui_mode",
    }
)
_PAYMENT_INTENT_DATA_PARAMS = frozenset(
    {"description", "metadata", "receipt_email", "statement_descriptor", "statement_descriptor_suffix"}
)


def create(state: State, params: dict, ctx: RequestContext) -> dict:
    check_known(params, _SESSION_PARAMS)
    mode = string_param(params, "mode", "mode", required=True)
    if mode != "payment":
        raise ApiError(400, "The Stripe stand-in supports only mode=payment.", param="mode")
    if params.get("ui_mode", "hosted") != "hosted":
        raise ApiError(400, "The Stripe stand-in supports only ui_mode=hosted.", param="ui_mode")
    line_items, currency = _line_items(params.get("line_items"))
    state.account.refuse_currency(currency, "line_items[0][price_data][currency]")
    locale = string_param(params, "locale", "locale")
    if locale is not None and locale not in STRIPE_LOCALES:
        raise ApiError(400, f"Invalid locale: {locale}", param="locale")
    now = int(time.time())
    expires_at = integer_param(params, "expires_at", "expires_at")
    if expires_at is None:
        expires_at = now + MAX_EXPIRY
    elif not now + MIN_EXPIRY - 5 <= expires_at <= now + MAX_EXPIRY + 5:
        raise ApiError(
            400,
            "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session "
            "creation.",
            param="expires_at",
        )
    payment_intent_data = params.get("payment_intent_data") or {}
    if not isinstance(payment_intent_data, dict):
        raise ApiError(400, "Invalid hash", param="payment_intent_data")
    check_known(payment_intent_data, _PAYMENT_INTENT_DATA_PARAMS, "payment_intent_data")
    intent_data = {
        "metadata": metadata_param(payment_intent_data, "payment_intent_data[metadata]"),
        "description": string_param(payment_intent_data, "description", "payment_intent_data[description]"),
        "receipt_email": email_param(
            payment_intent_data, "receipt_email", "payment_intent_data[receipt_email]"
        ),
    }
    invoice_options = invoices.session_options(params)
    total = sum(item["amount_total"] for item in line_items)
    check_charge(total, currency, "line_items")
    session_id = new_id("cs_test_")
    session = {
        "id": session_id,
        "object": "checkout.session",
        "after_expiration": None,
        "allow_promotion_codes": None,
        "amount_subtotal": total,
        "amount_total": total,
        "cancel_url": url_param(params, "cancel_url"),
        "client_reference_id": string_param(
            params, "client_reference_id", "client_reference_id", max_length=200
        ),
        "created": now,
        "currency": currency,
        "customer": None,
        "customer_details": None,
        "customer_email": email_param(params, "customer_email", "customer_email"),
        "expires_at": expires_at,
        "livemode": False,
        "locale": locale,
        "metadata": metadata_param(params, "metadata"),
        "mode": "payment",
        "payment_intent": None,
        "payment_method_types": method_types(currency),
        "payment_status": "unpaid",
        "status": "open",
        "success_url": url_param(params, "success_url"),
        "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
        "ui_mode": "hosted",
        "url": f"{state.public_url}/pay/{session_id}",
        **invoice_options,
    }
    paths = expand_paths(params)
    with state.lock:
        state.sessions[session_id] = session
        state.extras[session_id] = SessionExtra(line_items, payment_intent_data=intent_data)
        return state.expanded(session, paths)


def _line_items(value) -> tuple[list[dict], str]:
    """`line_items[]` checked as Stripe checks them, made into Stripe's line item objects; and their
    one currency."""
    if not value:
        raise missing("line_items")
    if not isinstance(value, list):
        raise ApiError(400, "Invalid array", param="line_items")
    if len(value) > 100:
        raise ApiError(400, "A Checkout Session can have at most 100 line items.", param="line_items")
    items, currencies = [], set()
    for index, raw in enumerate(value):
        prefix = f"line_items[{index}]"
        if not isinstance(raw, dict):
            raise ApiError(400, "Invalid hash", param=prefix)
        check_known(raw, frozenset({"price", "price_data", "quantity", "adjustable_quantity"}), prefix)
        if "price" in raw:
            # Prices live in the Stripe dashboard; the portal sends its own amounts instead.
            raise ApiError(
                400, "The Stripe stand-in supports only price_data line items.", param=f"{prefix}[price]"
            )
        price_data = raw.get("price_data")
        if not isinstance(price_data, dict):
            raise missing(f"{prefix}[price_data]")
        price_prefix = f"{prefix}[price_data]"
        check_known(
            price_data,
            frozenset({"currency", "unit_amount", "unit_amount_decimal", "product_data", "tax_behavior"}),
            price_prefix,
        )
        currency = string_param(price_data, "currency", f"{price_prefix}[currency]", required=True).lower()
        if len(currency) != 3 or not currency.isalpha():
            raise ApiError(400, f"Invalid currency: {currency}", param=f"{price_prefix}[currency]")
        unit_amount = integer_param(price_data, "unit_amount", f"{price_prefix}[unit_amount]")
        if unit_amount is None:
            decimal = string_param(price_data, "unit_amount_decimal", f"{price_prefix}[unit_amount_decimal]")
            if decimal is None or not decimal.isdigit():
                raise missing(f"{price_prefix}[unit_amount]")
            unit_amount = int(decimal)
        product_data = price_data.get("product_data")
        if not isinstance(product_data, dict):
            raise missing(f"{price_prefix}[product_data]")
        product_prefix = f"{price_prefix}[product_data]"
        check_known(
            product_data,
            frozenset({"name", "description", "images", "metadata", "tax_code"}),
            product_prefix,
        )
        name = string_param(product_data, "name", f"{product_prefix}[name]", required=True)
        tax_behavior = (
            string_param(price_data, "tax_behavior", f"{price_prefix}[tax_behavior]") or "unspecified"
        )
        if tax_behavior not in ("inclusive", "exclusive", "unspecified"):
            raise ApiError(
                400, f"Invalid tax_behavior: {tax_behavior}", param=f"{price_prefix}[tax_behavior]"
            )
        quantity = integer_param(raw, "quantity", f"{prefix}[quantity]", required=True, minimum=1)
        currencies.add(currency)
        items.append(
            {
                "id": new_id("li_"),
                "object": "item",
                "amount_discount": 0,
                "amount_subtotal": unit_amount * quantity,
                "amount_tax": 0,
                "amount_total": unit_amount * quantity,
                "currency": currency,
                "description": name,
                "price": {
                    "id": new_id("price_"),
                    "object": "price",
                    "active": False,
                    "currency": currency,
                    "livemode": False,
                    "metadata": {},
                    "product": new_id("prod_"),
                    "tax_behavior": tax_behavior,
                    "type": "one_time",
                    "unit_amount": unit_amount,
                },
                "quantity": quantity,
            }
        )
    if len(currencies) > 1:
        raise ApiError(400, "All line items must use the same currency.", param="line_items")
    return items, currencies.pop()


def _find(state: State, session_id: str) -> dict:
    """The session, expired first if its time has passed (as Stripe shows it); 404 if there is none."""
    session = state.sessions.get(session_id)
    if session is None:
        raise no_such("checkout.session", session_id)
    _expire_if_due(state, session)
    return session


def _expire_if_due(state: State, session: dict):
    if session["status"] == "open" and session["expires_at"] <= time.time():
        _expire(state, session, None)


def _expire(state: State, session: dict, ctx: RequestContext | None):
    session["status"] = "expired"
    session["url"] = None
    state.emit("checkout.session.expired", session, ctx)


def expire_due(state: State):
    """Expire open sessions past `expires_at` (called periodically, so the event comes on time)."""
    with state.lock:
        for session in state.sessions.values():
            _expire_if_due(state, session)


def retrieve(state: State, session_id: str, params: dict, ctx: RequestContext) -> dict:
    check_known(params, frozenset({"expand"}))
    with state.lock:
        return state.expanded(_find(state, session_id), expand_paths(params))


def expire(state: State, session_id: str, params: dict, ctx: RequestContext) -> dict:
    check_known(params, frozenset({"expand"}))
    with state.lock:
        session = _find(state, session_id)
        if session["status"] != "open":
            raise ApiError(
                400,
                f'Only Checkout Sessions with a status in ["open"] can be expired. This one is '
                f'"{session["status"]}".',
            )
        _expire(state, session, ctx)
        return state.expanded(session, expand_paths(params))


def hosted_view(state: State, session_id: str) -> tuple[dict, list[dict]] | None:
    """The session and its line items for the hosted page, or None if there is no such session."""
    with state.lock:
        if session_id not in state.sessions:
            return None
        session = _find(state, session_id)
        return copy.deepcopy(session), copy.deepcopy(state.extras[session_id].line_items)


def complete(
    state: State,
    session_id: str,
    *,
    email: str | None = None,
    exp_month: int = 12,
    exp_year: int | None = None,
    card: TestCard = SUCCEEDS,
    customer: dict | None = None,
) -> dict:
    """Pay an open session with a test card that pays (4242 unless told): the PaymentIntent and Charge
    appear, the invoice when the session asked for one, and `checkout.session.completed` goes to the outbox
    (Stripe records no API request for it), followed by what the card brings (a dispute, an early fraud
    warning). `customer` is what the buyer gave besides the card (see
    invoices.customer_details)."""
    with state.lock:
        session = _find(state, session_id)
        if session["status"] != "open":
            raise ApiError(
                400,
                f"This Checkout Session is {session['status']} and can no longer be paid.",
                code="checkout_session_not_open",
            )
        extra = state.extras[session_id]
        email = session["customer_email"] or email
        intent_id = record_card_payment(
            state,
            amount=session["amount_total"],
            currency=session["currency"],
            email=email,
            intent_data=extra.payment_intent_data,
            exp_month=exp_month,
            exp_year=exp_year,
            card=card,
        )
        session.update(
            status="complete",
            payment_status="paid",
            payment_intent=intent_id,
            url=None,
            customer_details=invoices.customer_details(session, email, customer),
        )
        invoices.invoice_for(state, session, extra.line_items)
        state.emit("checkout.session.completed", session)
        # What some test cards bring next: a dispute, an early fraud warning (after the event, as in Stripe).
        charge_id = state.payment_intents[intent_id]["latest_charge"]
        disputes.after_payment(state, charge_id)
        fraud_warnings.after_payment(state, charge_id)
        return copy.deepcopy(session)
