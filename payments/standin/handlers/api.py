"""What every Stripe API call goes through, around the resource operation that does the work.

`endpoint(operation)` turns an operation of resources/ (`operation(state, *ids, params, ctx)`) into the
handler routing.py names for its address: the Bearer key is checked, the form decoded, an
`Idempotency-Key` replayed, the events the operation caused handed to the deliverer, and the answer (or
the `ApiError`) written as Stripe writes it, so the real SDK raises its usual exceptions.
"""

from __future__ import annotations

import base64
import hmac
from urllib.parse import urlsplit

from ..decode import DecodeError, parse_form
from ..errors import ApiError
from ..ids import new_id
from ..state import RequestContext


def endpoint(operation):
    """The handler of one API address: `operation` run with the ids the address captured."""

    def handle(request, *ids):
        call(request, lambda params, ctx: operation(request.standin.state, *ids, params, ctx))

    return handle


def unrecognized(request):
    """Any other `/v1/...` address: Stripe's 404 (after the key check, as Stripe does it)."""
    method, path = request.command, urlsplit(request.path).path

    def refuse(params, ctx):
        raise ApiError(
            404,
            f"Unrecognized request URL ({method}: {path}). The Stripe stand-in implements only "
            "checkout sessions (create, retrieve, expire), refunds (create), payment_intents, charges and "
            "invoices (retrieve), disputes (retrieve, list, update, close), radar early_fraud_warnings "
            "(retrieve, list), webhook_endpoints (create, retrieve, update, list).",
        )

    call(request, refuse)


def call(request, operation):
    """Auth, parameters, idempotency and Stripe's error format around one API operation."""
    request_id = new_id("req_")
    headers = {"Request-Id": request_id}
    standin = request.standin
    try:
        _authenticate(request.headers, standin.secret_key)
        standin.state.outage(urlsplit(request.path).path)
        is_post = request.command == "POST"
        params = parse_form(request.body if is_post else request.query)
        key = request.headers.get("Idempotency-Key") if is_post else None
        ctx = RequestContext(request_id, key, request.headers.get("Stripe-Version"))
        if ctx.api_version:
            headers["Stripe-Version"] = ctx.api_version
        endpoint_name = f"{request.command} {urlsplit(request.path).path}"
        result, replayed = standin.apply(
            lambda: standin.state.idempotent(key, endpoint_name, params, lambda: operation(params, ctx))
        )
        if key:
            headers["Idempotency-Key"] = key
        if replayed:
            headers["Idempotent-Replayed"] = "true"
        request.answer_json(200, result, headers)
    except DecodeError as exc:
        request.answer_json(400, ApiError(400, str(exc), param=exc.param).body(), headers)
    except ApiError as exc:
        if exc.status == 401:
            headers["WWW-Authenticate"] = 'Bearer realm="Stripe"'
        request.answer_json(exc.status, exc.body(), headers)


def _authenticate(headers, secret_key: str):
    header = headers.get("Authorization", "")
    scheme, _, credentials = header.partition(" ")
    key = ""
    if scheme.lower() == "bearer":
        key = credentials.strip()
    elif scheme.lower() == "basic":  # `curl -u sk_test_...:` works against Stripe too
        try:
            key = base64.b64decode(credentials).decode().partition(":")[0]
        except ValueError:
            key = ""
    if not key:
        raise ApiError(
            401,
            "You did not provide an API key. You need to provide your API key in the Authorization "
            "header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
        )
    if not hmac.compare_digest(key.encode(), secret_key.encode()):
        # Masked like Stripe's message: enough to tell which key was sent, not the key itself.
        shown = f"{key[:8]}{'*' * 8}{key[-4:]}" if len(key) > 16 else "*" * 8
        raise ApiError(401, f"Invalid API Key provided: {shown}")
