"""The Stripe seam: the one module of the portal that imports the Stripe SDK.

Everything else in `payments` calls these functions, gets plain dicts (the same shape as the objects inside
webhook events) and catches our own exceptions, never the SDK's. The API version is pinned here, so an SDK
upgrade never changes the shape of what Stripe sends without a deliberate change of this constant.

The client is built from settings when first used (never at import): STRIPE_SECRET_KEY, and STRIPE_API_BASE
as the base address when set (the local stand-in in the demo and the tests; real Stripe otherwise).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import stripe
from django.conf import settings

from . import minor_units

logger = logging.getLogger(__name__)

API_VERSION = "2026-10-28.endive"
# Connecting should take milliseconds; creating a Checkout Session a second or two. A buyer waits for these.
# A buyer waits on these calls: connect within 3 s, answer within 8 s, one retry (safe because every request
# that changes something carries an idempotency key). At worst about 22 s before "card payment is not
# available right now"; Stripe answers in well under a second when it is up.
TIMEOUT = (3.05, 8)
MAX_NETWORK_RETRIES = 1
# Stripe Checkout's own languages for the portal's: Latin American Spanish, Brazilian Portuguese.
LOCALES = {"es": "es-419", "en": "en", "pt": "pt-BR"}


class GatewayError(Exception):
    """Stripe refused the request, or answered something this module does not understand."""


class GatewayUnavailable(GatewayError):
    """Stripe could not be reached or failed on its side: nothing is known to have happened; try later."""


class GatewayRefused(GatewayError):
    """Stripe refused the request for good: a validation, authentication or permission error (a currency
    the account does not support, a revoked key). Asking again changes nothing until someone changes the
    Stripe account or the portal's settings. Carries Stripe's type of error, code, parameter and message."""

    def __init__(self, what: str, error: stripe.StripeError):
        super().__init__(f"{what}: {error}")
        self.operation = what
        # Stripe's type of error, named after the SDK's class: Stripe answers a refused key with the
        # type "invalid_request_error", which the SDK raises as an AuthenticationError.
        self.kind = {
            stripe.AuthenticationError: "authentication_error",
            stripe.PermissionError: "permission_error",
        }.get(type(error), "invalid_request_error")
        self.code = error.code or ""
        self.param = getattr(error, "param", None) or ""
        self.stripe_message = error.user_message or str(error)


class IdempotencyConflict(GatewayError):
    """The idempotency key was already used with other parameters."""


class InvalidSignature(GatewayError):
    """A webhook whose signature is missing, forged, for another body, or too old."""


class EventVersionMismatch(GatewayError):
    """A genuine webhook event rendered in another API version than `API_VERSION`: Stripe renders an event
    in the version its endpoint pins (the account's default when it pins none), and the objects in it may
    not have the shape this code reads."""

    def __init__(self, event: dict):
        self.event_id, self.event_type = event["id"], event["type"]
        self.api_version = event.get("api_version")
        super().__init__(f"event {self.event_id} is in API version {self.api_version}, not {API_VERSION}")


@dataclass(frozen=True)
class CheckoutRequest:
    """What the portal asks Stripe Checkout for: one line item, paid once. The amount is the order's, in its
    currency; this module sends it in the currency's minor unit."""

    order_id: int
    reference: str
    product_name: str
    amount: Decimal
    currency: str
    customer_email: str
    language: str
    success_url: str
    cancel_url: str
    # The word for "order" in the buyer's language: Stripe's invoice names the portal's order with it.
    order_label: str = "Order"
    # Stripe Tax computes the tax from the buyer's address; the price then includes it (STRIPE_AUTOMATIC_TAX).
    automatic_tax: bool = False


def id_of(value) -> str:
    """A Stripe reference that may come as an id or as the expanded object (a session's or a charge's
    `payment_intent`, say): its id, or "" when there is none."""
    if isinstance(value, dict):
        return value.get("id") or ""
    return value or ""


@lru_cache(maxsize=4)
def _client_for(api_key: str, api_base: str) -> stripe.StripeClient:
    return stripe.StripeClient(
        api_key,
        stripe_version=API_VERSION,
        base_addresses={"api": api_base} if api_base else None,
        max_network_retries=MAX_NETWORK_RETRIES,
        http_client=stripe.RequestsClient(timeout=TIMEOUT),
    )


def client() -> stripe.StripeClient:
    """The client for the current settings (one per key and base address, reused between requests)."""
    return _client_for(settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE)


def _call(what: str, function, *args, **kwargs) -> dict:
    """Call the SDK; return the object as a plain dict; turn the SDK's errors into ours."""
    if not settings.STRIPE_SECRET_KEY:
        raise GatewayUnavailable("STRIPE_SECRET_KEY is not set")
    try:
        return function(*args, **kwargs).to_dict()
    except stripe.IdempotencyError as error:
        raise IdempotencyConflict(f"{what}: {error}") from error
    except (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError) as error:
        logger.warning("Stripe unavailable (%s): %s", what, error)
        raise GatewayUnavailable(f"{what}: {error}") from error
    except (stripe.InvalidRequestError, stripe.AuthenticationError, stripe.PermissionError) as error:
        logger.error("Stripe refused %s for good: %s", what, error)
        raise GatewayRefused(what, error) from error
    except stripe.StripeError as error:
        logger.error("Stripe refused %s: %s", what, error)
        raise GatewayError(f"{what}: {error}") from error


def checkout_session_create(request: CheckoutRequest, *, idempotency_key: str) -> dict:
    price_data = {
        "currency": request.currency,
        "unit_amount": minor_units.to_minor(request.amount, request.currency),
        "product_data": {"name": request.product_name[:250]},
    }
    params = {
        "mode": "payment",
        "line_items": [{"quantity": 1, "price_data": price_data}],
        "client_reference_id": str(request.order_id),
        "metadata": {"order_id": str(request.order_id), "order_reference": request.reference},
        # Copied by Stripe onto the payment's charge: refunds can be traced to the order even when they
        # arrive before the completed checkout.
        "payment_intent_data": {
            "metadata": {"order_id": str(request.order_id), "order_reference": request.reference}
        },
        "customer_email": request.customer_email,
        "locale": LOCALES.get(request.language, "auto"),
        "success_url": request.success_url,
        "cancel_url": request.cancel_url,
        **_invoice_params(request),
    }
    if request.automatic_tax:
        params["automatic_tax"] = {"enabled": True}
        # The price is what the buyer pays, tax included: the order's amount stays what Stripe charges.
        price_data["tax_behavior"] = "inclusive"
    return _call(
        "create a Checkout Session",
        client().v1.checkout.sessions.create,
        params,
        options={"idempotency_key": idempotency_key},
    )


def _invoice_params(request: CheckoutRequest) -> dict:
    """Ask Checkout for an invoice once paid, in the name of the organisation and with the tax ID the buyer
    gives on the payment page: institutions are reimbursed only against one."""
    order = {"order_id": str(request.order_id), "order_reference": request.reference}
    return {
        "invoice_creation": {
            "enabled": True,
            "invoice_data": {
                "metadata": order,
                "custom_fields": [{"name": request.order_label[:40], "value": request.reference}],
            },
        },
        "tax_id_collection": {"enabled": True},
    }


def invoice_retrieve(invoice_id: str) -> dict:
    """The invoice with its links as Stripe gives them now (`hosted_invoice_url`, `invoice_pdf`): links
    handed out earlier expire, those just retrieved hold for at least ten days."""
    return _call("retrieve an invoice", client().v1.invoices.retrieve, invoice_id)


def checkout_session_retrieve(session_id: str) -> dict:
    """The session with its PaymentIntent expanded: whether a delayed payment has failed is said there."""
    return _call(
        "retrieve a Checkout Session",
        client().v1.checkout.sessions.retrieve,
        session_id,
        {"expand": ["payment_intent"]},
    )


def checkout_session_expire(session_id: str) -> dict:
    return _call("expire a Checkout Session", client().v1.checkout.sessions.expire, session_id)


def refund_create(
    *,
    payment_intent: str,
    amount: Decimal | None,
    currency: str,
    idempotency_key: str,
    metadata: dict[str, str],
    reason: str | None = None,
) -> dict:
    """Refund `amount` (in the payment's currency) of the payment, or all that is left when None.
    `reason`: Stripe's (`fraudulent` tells Radar to block the card in future)."""
    params: dict = {"payment_intent": payment_intent, "metadata": metadata}
    if reason:
        params["reason"] = reason
    if amount is not None:
        params["amount"] = minor_units.to_minor(amount, currency)
    return _call(
        "create a refund", client().v1.refunds.create, params, options={"idempotency_key": idempotency_key}
    )


def payment_intent_retrieve(payment_intent_id: str) -> dict:
    """A PaymentIntent: its metadata names the order it paid (a dispute can arrive before the payment's
    own events)."""
    return _call("retrieve a PaymentIntent", client().v1.payment_intents.retrieve, payment_intent_id)


def dashboard_url(kind: str, stripe_id: str) -> str:
    """Where a coordinator sees an object in Stripe's Dashboard (`disputes`, `payments`), in test or live
    mode as the portal's key is."""
    mode = "" if settings.STRIPE_SECRET_KEY.startswith(("sk_live_", "rk_live_")) else "test/"
    return f"https://dashboard.stripe.com/{mode}{kind}/{stripe_id}"


def webhook_endpoints_list() -> list[dict]:
    """Every webhook endpoint of the account, newest first."""
    endpoints: list[dict] = []
    params: dict = {"limit": 100}
    while True:
        page = _call("list webhook endpoints", client().v1.webhook_endpoints.list, params)
        endpoints += page["data"]
        if not page.get("has_more") or not page["data"]:
            return endpoints
        params = {"limit": 100, "starting_after": page["data"][-1]["id"]}


def webhook_endpoint_create(*, url: str, enabled_events: list[str], description: str) -> dict:
    """A webhook endpoint whose events are rendered in `API_VERSION`. The answer is the only one in which
    Stripe shows the endpoint's signing secret (`secret`)."""
    params = {
        "url": url,
        "enabled_events": enabled_events,
        "api_version": API_VERSION,
        "description": description,
    }
    return _call("create a webhook endpoint", client().v1.webhook_endpoints.create, params)


def webhook_endpoint_update(
    endpoint_id: str, *, enabled_events: list[str] | None = None, disabled: bool
) -> dict:
    """Change an endpoint's events (when given) and switch it on or off. Its API version cannot change."""
    params: dict = {"disabled": disabled}
    if enabled_events is not None:
        params["enabled_events"] = enabled_events
    return _call("update a webhook endpoint", client().v1.webhook_endpoints.update, endpoint_id, params)


def event_verify(*, payload: bytes, signature: str | None) -> dict:
    """The event in a webhook's raw body, once its signature (STRIPE_WEBHOOK_SECRET, Stripe's default
    tolerance of five minutes) proves Stripe sent this very body just now, and its API version is the one
    pinned here (`EventVersionMismatch` otherwise)."""
    try:
        stripe.WebhookSignature.verify_header(
            payload, signature, settings.STRIPE_WEBHOOK_SECRET, stripe.Webhook.DEFAULT_TOLERANCE
        )
        event = json.loads(payload)
    except (stripe.SignatureVerificationError, ValueError) as error:
        raise InvalidSignature(str(error)) from error
    if not isinstance(event, dict) or not event.get("id") or not event.get("type"):
        raise InvalidSignature("not a Stripe event")
    if event.get("api_version") != API_VERSION:
        raise EventVersionMismatch(event)
    return event
