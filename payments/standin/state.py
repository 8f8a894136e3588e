"""The stand-in's Stripe objects and their transitions, in memory behind one lock.

Only what the portal uses exists here: Checkout Sessions (open -> complete | expired), the PaymentIntent
and Charge a paid session leaves behind, and Refunds against that charge. Objects are plain dicts in the
shape Stripe returns (ids, `object` fields, unix timestamps, amounts in minor units), and parameters are
validated the way Stripe validates them, so a portal bug fails here instead of first in production.

Every transition that Stripe would announce appends an event to an outbox; the HTTP layer takes the
outbox under the same lock and decides whether to deliver now or from the retry thread.
"""

from __future__ import annotations

import copy
import threading
import time
from dataclasses import dataclass, field

from .events import EventRecord, build_event
from .ids import new_id

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
        "automatic_tax",
        "billing_address_collection",
        "consent_collection",
        "custom_text",
        "customer_creation",
        "invoice_creation",
        "payment_method_options",
        "payment_method_types",
        "phone_number_collection",
        "submit_type",
        "tax_id_collection",
    }
)
_SESSION_PARAMS = _IGNORED_SESSION_PARAMS | {
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
_PAYMENT_INTENT_DATA_PARAMS = frozenset(
    {"description", "metadata", "receipt_email", "statement_descriptor", "statement_descriptor_suffix"}
)
_REFUND_PARAMS = frozenset(
    {"amount", "charge", "expand", "instructions_email", "metadata", "payment_intent", "reason"}
)
_REFUND_REASONS = ("duplicate", "fraudulent", "requested_by_customer")


class ApiError(Exception):
    """A Stripe error answer: the HTTP status and the body's `error` hash."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.param = param

    def body(self) -> dict:
        error = {"type": self.type, "message": self.message}
        if self.code:
            error["code"] = self.code
        if self.param:
            error["param"] = self.param
        return {"error": error}


def missing(param: str) -> ApiError:
    return ApiError(400, f"Missing required param: {param}.", code="parameter_missing", param=param)


def unknown(param: str) -> ApiError:
    return ApiError(400, f"Received unknown parameter: {param}", code="parameter_unknown", param=param)


def no_such(kind: str, object_id: str, param: str = "id") -> ApiError:
    return ApiError(404, f"No such {kind}: '{object_id}'", code="resource_missing", param=param)


@dataclass
class RequestContext:
    """What an API request tells the events it causes (Stripe records both in `event.request`)."""

    request_id: str | None = None
    idempotency_key: str | None = None
    api_version: str | None = None


@dataclass
class _SessionExtra:
    """What Stripe keeps about a session but does not put in the session object itself."""

    line_items: list[dict]
    api_version: str | None
    payment_intent_data: dict = field(default_factory=dict)


# -- parameter checks -------------------------------------------------------------------------------


def _check_known(params: dict, allowed: frozenset, prefix: str = ""):
    for name in params:
        if name not in allowed:
            raise unknown(f"{prefix}[{name}]" if prefix else name)


def _string(params: dict, name: str, param: str, *, required: bool = False, max_length: int = 5000):
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise missing(param)
        return None
    if not isinstance(value, str):
        raise ApiError(400, f"Invalid string: {param} must be a string", param=param)
    if len(value) > max_length:
        raise ApiError(400, f"Invalid string: {param} must be at most {max_length} characters", param=param)
    return value


def _integer(params: dict, name: str, param: str, *, required: bool = False, minimum: int = 0):
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise missing(param)
        return None
    if not isinstance(value, str) or not value.lstrip("-").isdigit():
        raise ApiError(400, f"Invalid integer: {value}", code="parameter_invalid_integer", param=param)
    number = int(value)
    if number < minimum:
        raise ApiError(
            400,
            f"This value must be greater than or equal to {minimum}.",
            code="parameter_invalid_integer",
            param=param,
        )
    return number


def _url(params: dict, name: str) -> str | None:
    value = _string(params, name, name, max_length=5000)
    if value is not None and not value.startswith(("http://", "https://")):
        raise ApiError(400, "Not a valid URL", code="url_invalid", param=name)
    return value


def _email(params: dict, name: str, param: str) -> str | None:
    value = _string(params, name, param, max_length=800)
    if value is not None and ("@" not in value or value.startswith("@") or value.endswith("@")):
        raise ApiError(400, f"Invalid email address: {value}", code="email_invalid", param=param)
    return value


def _metadata(params: dict, param: str) -> dict:
    value = params.get("metadata")
    if value is None or value == "":
        return {}
    if not isinstance(value, dict):
        raise ApiError(400, "Invalid hash", param=param)
    if len(value) > 50:
        raise ApiError(400, "Metadata can have at most 50 keys.", param=param)
    metadata = {}
    for key, item in value.items():
        if not isinstance(item, str):
            raise ApiError(
                400, f"Invalid value for {param}[{key}]: must be a string", param=f"{param}[{key}]"
            )
        if len(key) > 40 or len(item) > 500:
            raise ApiError(
                400,
                "Metadata keys are at most 40 characters and values at most 500.",
                param=f"{param}[{key}]",
            )
        # An empty value unsets a key in Stripe, so it is never stored.
        if item != "":
            metadata[key] = item
    return metadata


def _expand_paths(params: dict) -> list[str]:
    value = params.get("expand") or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(path, str) for path in value):
        raise ApiError(400, "Invalid array", param="expand")
    return value


# -- the store --------------------------------------------------------------------------------------


class State:
    """All objects of one stand-in. Callers hold `lock` around a call and its `take_outbox()`."""

    def __init__(self, public_url: str = ""):
        self.lock = threading.RLock()
        # Base address of the hosted page, put into each session's `url`.
        self.public_url = public_url
        self.reset()

    def reset(self):
        with self.lock:
            self.sessions: dict[str, dict] = {}
            self.extras: dict[str, _SessionExtra] = {}
            self.payment_intents: dict[str, dict] = {}
            self.charges: dict[str, dict] = {}
            self.refunds: dict[str, dict] = {}
            self.events: list[EventRecord] = []
            self.idempotency: dict[str, dict] = {}
            self._outbox: list[EventRecord] = []

    # -- events -------------------------------------------------------------------------------------

    def _emit(
        self, event_type: str, obj: dict, api_version: str | None, ctx: RequestContext | None = None, **kw
    ):
        ctx = ctx or RequestContext()
        event = build_event(
            event_type, obj, api_version, request_id=ctx.request_id, idempotency_key=ctx.idempotency_key, **kw
        )
        record = EventRecord(event)
        self.events.append(record)
        self._outbox.append(record)
        return record

    def take_outbox(self) -> list[EventRecord]:
        with self.lock:
            records, self._outbox = self._outbox, []
            return records

    def event(self, event_id: str) -> EventRecord:
        with self.lock:
            for record in self.events:
                if record.id == event_id:
                    return record
        raise no_such("event", event_id)

    # -- idempotency --------------------------------------------------------------------------------

    def idempotent(self, key: str | None, endpoint: str, params: dict, run):
        """Run `run()` once per key: a repeat with the same endpoint and parameters gets the first answer
        back (and `replayed` True); anything else reusing the key is an idempotency_error, as in Stripe.
        Only successful answers are kept: Stripe does not store requests that failed validation."""
        with self.lock:
            if key is None:
                return run(), False
            saved = self.idempotency.get(key)
            if saved is not None:
                if saved["endpoint"] != endpoint:
                    raise ApiError(
                        400,
                        "Keys for idempotent requests can only be used for the same endpoint they were first "
                        f"used for ('{saved['endpoint']}' vs '{endpoint}'). Try using a key other than "
                        f"'{key}' if you meant to execute a different request.",
                        type="idempotency_error",
                    )
                if saved["params"] != params:
                    raise ApiError(
                        400,
                        "Keys for idempotent requests can only be used with the same parameters they were "
                        f"first used with. Try using a key other than '{key}' if you meant to execute a "
                        "different request.",
                        type="idempotency_error",
                    )
                return copy.deepcopy(saved["result"]), True
            result = run()
            self.idempotency[key] = {
                "endpoint": endpoint,
                "params": copy.deepcopy(params),
                "result": copy.deepcopy(result),
            }
            return result, False

    # -- Checkout Sessions --------------------------------------------------------------------------

    def create_session(self, params: dict, ctx: RequestContext) -> dict:
        _check_known(params, _SESSION_PARAMS)
        mode = _string(params, "mode", "mode", required=True)
        if mode != "payment":
            raise ApiError(400, "The Stripe stand-in supports only mode=payment.", param="mode")
        if params.get("ui_mode", "hosted") != "hosted":
            raise ApiError(400, "The Stripe stand-in supports only ui_mode=hosted.", param="ui_mode")
        line_items, currency = self._line_items(params.get("line_items"))
        locale = _string(params, "locale", "locale")
        if locale is not None and locale not in STRIPE_LOCALES:
            raise ApiError(400, f"Invalid locale: {locale}", param="locale")
        now = int(time.time())
        expires_at = _integer(params, "expires_at", "expires_at")
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
        _check_known(payment_intent_data, _PAYMENT_INTENT_DATA_PARAMS, "payment_intent_data")
        intent_data = {
            "metadata": _metadata(payment_intent_data, "payment_intent_data[metadata]"),
            "description": _string(payment_intent_data, "description", "payment_intent_data[description]"),
            "receipt_email": _email(
                payment_intent_data, "receipt_email", "payment_intent_data[receipt_email]"
            ),
        }
        total = sum(item["amount_total"] for item in line_items)
        session_id = new_id("cs_test_")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "after_expiration": None,
            "allow_promotion_codes": None,
            "amount_subtotal": total,
            "amount_total": total,
            "cancel_url": _url(params, "cancel_url"),
            "client_reference_id": _string(
                params, "client_reference_id", "client_reference_id", max_length=200
            ),
            "created": now,
            "currency": currency,
            "customer": None,
            "customer_details": None,
            "customer_email": _email(params, "customer_email", "customer_email"),
            "expires_at": expires_at,
            "livemode": False,
            "locale": locale,
            "metadata": _metadata(params, "metadata"),
            "mode": "payment",
            "payment_intent": None,
            "payment_method_types": ["card"],
            "payment_status": "unpaid",
            "status": "open",
            "success_url": _url(params, "success_url"),
            "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
            "ui_mode": "hosted",
            "url": f"{self.public_url}/pay/{session_id}",
        }
        paths = _expand_paths(params)
        with self.lock:
            self.sessions[session_id] = session
            self.extras[session_id] = _SessionExtra(line_items, ctx.api_version, intent_data)
            return self._expanded(session, paths)

    def _line_items(self, value) -> tuple[list[dict], str]:
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
            _check_known(raw, frozenset({"price", "price_data", "quantity", "adjustable_quantity"}), prefix)
            if "price" in raw:
                # Prices live in the Stripe dashboard; the portal sends its own amounts instead.
                raise ApiError(
                    400, "The Stripe stand-in supports only price_data line items.", param=f"{prefix}[price]"
                )
            price_data = raw.get("price_data")
            if not isinstance(price_data, dict):
                raise missing(f"{prefix}[price_data]")
            price_prefix = f"{prefix}[price_data]"
            _check_known(
                price_data,
                frozenset({"currency", "unit_amount", "unit_amount_decimal", "product_data", "tax_behavior"}),
                price_prefix,
            )
            currency = _string(price_data, "currency", f"{price_prefix}[currency]", required=True).lower()
            if len(currency) != 3 or not currency.isalpha():
                raise ApiError(400, f"Invalid currency: {currency}", param=f"{price_prefix}[currency]")
            unit_amount = _integer(price_data, "unit_amount", f"{price_prefix}[unit_amount]")
            if unit_amount is None:
                decimal = _string(price_data, "unit_amount_decimal", f"{price_prefix}[unit_amount_decimal]")
                if decimal is None or not decimal.isdigit():
                    raise missing(f"{price_prefix}[unit_amount]")
                unit_amount = int(decimal)
            product_data = price_data.get("product_data")
            if not isinstance(product_data, dict):
                raise missing(f"{price_prefix}[product_data]")
            product_prefix = f"{price_prefix}[product_data]"
            _check_known(
                product_data,
                frozenset({"name", "description", "images", "metadata", "tax_code"}),
                product_prefix,
            )
            name = _string(product_data, "name", f"{product_prefix}[name]", required=True)
            quantity = _integer(raw, "quantity", f"{prefix}[quantity]", required=True, minimum=1)
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
                        "type": "one_time",
                        "unit_amount": unit_amount,
                    },
                    "quantity": quantity,
                }
            )
        if len(currencies) > 1:
            raise ApiError(400, "All line items must use the same currency.", param="line_items")
        return items, currencies.pop()

    def _session(self, session_id: str) -> dict:
        session = self.sessions.get(session_id)
        if session is None:
            raise no_such("checkout.session", session_id)
        self._expire_if_due(session)
        return session

    def _expire_if_due(self, session: dict):
        if session["status"] == "open" and session["expires_at"] <= time.time():
            self._expire(session, None)

    def _expire(self, session: dict, ctx: RequestContext | None):
        session["status"] = "expired"
        session["url"] = None
        self._emit("checkout.session.expired", session, self.extras[session["id"]].api_version, ctx)

    def expire_due(self):
        """Expire open sessions past `expires_at` (called periodically, so the event comes on time)."""
        with self.lock:
            for session in self.sessions.values():
                self._expire_if_due(session)

    def retrieve_session(self, session_id: str, params: dict) -> dict:
        _check_known(params, frozenset({"expand"}))
        with self.lock:
            return self._expanded(self._session(session_id), _expand_paths(params))

    def expire_session(self, session_id: str, params: dict, ctx: RequestContext) -> dict:
        _check_known(params, frozenset({"expand"}))
        with self.lock:
            session = self._session(session_id)
            if session["status"] != "open":
                raise ApiError(
                    400,
                    f'Only Checkout Sessions with a status in ["open"] can be expired. This one is '
                    f'"{session["status"]}".',
                )
            self._expire(session, ctx)
            return self._expanded(session, _expand_paths(params))

    def hosted_view(self, session_id: str) -> tuple[dict, list[dict]] | None:
        """The session and its line items for the hosted page, or None if there is no such session."""
        with self.lock:
            if session_id not in self.sessions:
                return None
            session = self._session(session_id)
            return copy.deepcopy(session), copy.deepcopy(self.extras[session_id].line_items)

    def complete_session(
        self, session_id: str, *, email: str | None = None, exp_month: int = 12, exp_year: int | None = None
    ) -> dict:
        """Pay an open session with the 4242 test card: the PaymentIntent and Charge appear and
        `checkout.session.completed` goes to the outbox (Stripe records no API request for it)."""
        with self.lock:
            session = self._session(session_id)
            if session["status"] != "open":
                raise ApiError(
                    400,
                    f"This Checkout Session is {session['status']} and can no longer be paid.",
                    code="checkout_session_not_open",
                )
            extra = self.extras[session_id]
            now = int(time.time())
            email = session["customer_email"] or email
            intent_id, charge_id, method_id = new_id("pi_"), new_id("ch_"), new_id("pm_")
            amount, currency = session["amount_total"], session["currency"]
            intent_data = extra.payment_intent_data
            self.charges[charge_id] = {
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
                        "brand": "visa",
                        "country": "US",
                        "exp_month": exp_month,
                        "exp_year": exp_year or time.gmtime().tm_year + 3,
                        "funding": "credit",
                        "last4": "4242",
                    },
                },
                "receipt_email": intent_data.get("receipt_email"),
                "refunded": False,
                "status": "succeeded",
            }
            self.payment_intents[intent_id] = {
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
            session.update(
                status="complete",
                payment_status="paid",
                payment_intent=intent_id,
                url=None,
                customer_details={
                    "address": None,
                    "email": email,
                    "name": None,
                    "phone": None,
                    "tax_exempt": "none",
                    "tax_ids": [],
                },
            )
            self._emit("checkout.session.completed", session, extra.api_version)
            return copy.deepcopy(session)

    # -- PaymentIntents, Charges, Refunds -----------------------------------------------------------

    def retrieve_payment_intent(self, intent_id: str, params: dict) -> dict:
        _check_known(params, frozenset({"expand"}))
        with self.lock:
            intent = self.payment_intents.get(intent_id)
            if intent is None:
                raise no_such("payment_intent", intent_id, "intent")
            return self._expanded(intent, _expand_paths(params))

    def retrieve_charge(self, charge_id: str, params: dict) -> dict:
        _check_known(params, frozenset({"expand"}))
        with self.lock:
            charge = self.charges.get(charge_id)
            if charge is None:
                raise no_such("charge", charge_id, "charge")
            return self._expanded(charge, _expand_paths(params))

    def create_refund(self, params: dict, ctx: RequestContext) -> dict:
        _check_known(params, _REFUND_PARAMS)
        intent_id = _string(params, "payment_intent", "payment_intent")
        charge_id = _string(params, "charge", "charge")
        amount = _integer(params, "amount", "amount", minimum=1)
        reason = _string(params, "reason", "reason")
        if reason is not None and reason not in _REFUND_REASONS:
            raise ApiError(
                400,
                "Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer",
                param="reason",
            )
        metadata = _metadata(params, "metadata")
        with self.lock:
            if intent_id is None and charge_id is None:
                raise ApiError(
                    400,
                    "One of the following params should be provided for this request: "
                    "payment_intent or charge.",
                )
            if intent_id is not None:
                intent = self.payment_intents.get(intent_id)
                if intent is None:
                    raise no_such("payment_intent", intent_id, "payment_intent")
                if charge_id is not None and charge_id != intent["latest_charge"]:
                    raise ApiError(400, f"Charge {charge_id} does not belong to {intent_id}.", param="charge")
                charge_id = intent["latest_charge"]
            charge = self.charges.get(charge_id)
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
            self.refunds[refund_id] = refund
            previous = {"amount_refunded": charge["amount_refunded"], "refunded": charge["refunded"]}
            charge["amount_refunded"] += amount
            charge["refunded"] = charge["amount_refunded"] == charge["amount"]
            if not charge["refunded"]:
                del previous["refunded"]  # Stripe lists only the attributes that changed
            self._emit("charge.refunded", charge, ctx.api_version, ctx, previous_attributes=previous)
            self._emit("refund.created", refund, ctx.api_version, ctx)
            return self._expanded(refund, _expand_paths(params))

    # -- expand[] -----------------------------------------------------------------------------------

    def _lookup(self, object_id: str) -> dict | None:
        for prefix, table in (
            ("pi_", self.payment_intents),
            ("ch_", self.charges),
            ("re_", self.refunds),
            ("cs_", self.sessions),
        ):
            if object_id.startswith(prefix):
                return table.get(object_id)
        return None

    def _expanded(self, obj: dict, paths: list[str]) -> dict:
        """A copy of `obj` with `expand[]` paths (`payment_intent`, `payment_intent.latest_charge`,
        `line_items`) replaced by the objects they name, as Stripe does."""
        result = copy.deepcopy(obj)
        for path in paths:
            self._expand_path(result, path.split("."), path)
        return result

    def _expand_path(self, node: dict, segments: list[str], path: str):
        name, rest = segments[0], segments[1:]
        if name == "line_items" and node.get("object") == "checkout.session":
            items = copy.deepcopy(self.extras[node["id"]].line_items)
            node["line_items"] = {
                "object": "list",
                "data": items,
                "has_more": False,
                "url": f"/v1/checkout/sessions/{node['id']}/line_items",
            }
            return
        if name not in node:
            raise ApiError(400, f"This property cannot be expanded ({path}).", param="expand")
        value = node[name]
        if isinstance(value, str):
            target = self._lookup(value)
            if target is None:
                raise ApiError(400, f"This property cannot be expanded ({path}).", param="expand")
            value = node[name] = copy.deepcopy(target)
        if rest and isinstance(value, dict):
            self._expand_path(value, rest, path)
