"""Which handler answers which address, and the HTTP request handler that dispatches to it.

Four groups of addresses:

- `/v1/...` the Stripe API subset the portal calls through the real SDK: each address names the resource
  operation (resources/) that serves it, wrapped by handlers/api.py (Bearer auth with the configured
  secret key, Stripe's JSON objects and errors: 401, 400, 404, so the SDK raises its usual exceptions);
- `/pay/<session id>` the hosted test checkout page a buyer is sent to (handlers/hosted_page.py);
- `/invoice/<invoice id>[/pdf]` an invoice's page and PDF, where its links lead
  (handlers/hosted_invoice.py);
- `/_standin/...` TEST-ONLY controls with no Stripe equivalent and no auth (handlers/controls.py; the
  stand-in binds to loopback): list the events sent, resend one, complete a session without the form,
  make a delayed payment succeed or fail, fail a refund, dispute a charge, decide a dispute, narrow the
  account's currencies, simulate an outage, reset everything.
"""

from __future__ import annotations

import json
import re
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from .errors import ApiError
from .handlers import api, controls, hosted_invoice, hosted_page
from .resources import (
    checkout_sessions,
    disputes,
    fraud_warnings,
    invoices,
    payment_intents,
    refunds,
    webhook_endpoints,
)

_ID = r"([A-Za-z0-9_]+)"


@dataclass
class Route:
    method: str
    path: str  # a regular expression matched against the whole path; its groups are the handler's ids
    handler: Callable[..., None]  # handler(request, *ids)
    pattern: re.Pattern = field(init=False, repr=False)

    def __post_init__(self):
        self.pattern = re.compile(self.path)


ROUTES = (
    # The Stripe API subset: resource operations behind auth, idempotency and Stripe's errors.
    Route("POST", r"/v1/checkout/sessions", api.endpoint(checkout_sessions.create)),
    Route("GET", rf"/v1/checkout/sessions/{_ID}", api.endpoint(checkout_sessions.retrieve)),
    Route("POST", rf"/v1/checkout/sessions/{_ID}/expire", api.endpoint(checkout_sessions.expire)),
    Route("POST", r"/v1/refunds", api.endpoint(refunds.create)),
    Route("GET", rf"/v1/payment_intents/{_ID}", api.endpoint(payment_intents.retrieve_payment_intent)),
    Route("GET", rf"/v1/charges/{_ID}", api.endpoint(payment_intents.retrieve_charge)),
    Route("GET", rf"/v1/invoices/{_ID}", api.endpoint(invoices.retrieve)),
    Route("GET", r"/v1/disputes", api.endpoint(disputes.list_all)),
    Route("GET", rf"/v1/disputes/{_ID}", api.endpoint(disputes.retrieve)),
    Route("POST", rf"/v1/disputes/{_ID}", api.endpoint(disputes.update)),
    Route("POST", rf"/v1/disputes/{_ID}/close", api.endpoint(disputes.accept)),
    Route("GET", r"/v1/radar/early_fraud_warnings", api.endpoint(fraud_warnings.list_all)),
    Route("GET", rf"/v1/radar/early_fraud_warnings/{_ID}", api.endpoint(fraud_warnings.retrieve)),
    Route("POST", r"/v1/webhook_endpoints", api.endpoint(webhook_endpoints.create)),
    Route("GET", r"/v1/webhook_endpoints", api.endpoint(webhook_endpoints.list_all)),
    Route("GET", rf"/v1/webhook_endpoints/{_ID}", api.endpoint(webhook_endpoints.retrieve)),
    Route("POST", rf"/v1/webhook_endpoints/{_ID}", api.endpoint(webhook_endpoints.update)),
    # The hosted test checkout page.
    Route("GET", rf"/pay/{_ID}", hosted_page.show),
    Route("POST", rf"/pay/{_ID}", hosted_page.pay),
    # Where an invoice's `hosted_invoice_url` and `invoice_pdf` lead.
    Route("GET", rf"/invoice/{_ID}", hosted_invoice.show),
    Route("GET", rf"/invoice/{_ID}/pdf", hosted_invoice.pdf),
    # TEST-ONLY controls.
    Route("GET", r"/_standin/events", controls.events),
    Route("POST", rf"/_standin/events/{_ID}/resend", controls.resend),
    Route("POST", rf"/_standin/sessions/{_ID}/complete", controls.complete),
    Route("POST", rf"/_standin/sessions/{_ID}/delayed_payment/(succeed|fail)", controls.settle),
    Route("POST", rf"/_standin/refunds/{_ID}/fail", controls.fail_refund),
    Route("POST", rf"/_standin/disputes/{_ID}/close", controls.close_dispute),
    Route("POST", rf"/_standin/charges/{_ID}/dispute", controls.dispute_charge),
    Route("POST", r"/_standin/account", controls.account),
    Route("POST", r"/_standin/outage", controls.outage),
    Route("POST", r"/_standin/reset", controls.reset),
    Route("GET", r"/", controls.index),
)


class StandinServer(ThreadingHTTPServer):
    """The listening socket of one stand-in; `standin` is the StripeStandin its handlers serve."""

    daemon_threads = True

    def __init__(self, address, standin):
        self.standin = standin
        super().__init__(address, RequestHandler)


class RequestHandler(BaseHTTPRequestHandler):
    """One request: finds its route in ROUTES and gives the handler what it answers with."""

    server: StandinServer
    protocol_version = "HTTP/1.1"
    server_version = "StripeStandin/1.0"

    @property
    def standin(self):
        return self.server.standin

    def log_message(self, format, *args):
        if self.standin.log:
            super().log_message(format, *args)

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def _dispatch(self, method: str):
        parts = urlsplit(self.path)
        self.query = parts.query
        self.body = self.rfile.read(int(self.headers.get("Content-Length") or 0)) if method == "POST" else b""
        try:
            for route in ROUTES:
                match = route.pattern.fullmatch(parts.path.rstrip("/") or "/")
                if match and route.method == method:
                    return route.handler(self, *match.groups())
            if parts.path.startswith("/v1/"):
                return api.unrecognized(self)
            self.answer(404, b"Not found\n", "text/plain; charset=utf-8")
        except Exception:  # the answer must still be an HTTP answer, and the trace must be seen
            traceback.print_exc(file=sys.stderr)
            error = ApiError(
                500, "The Stripe stand-in failed on this request (see its log).", type="api_error"
            )
            self.answer_json(500, error.body())

    # -- answers ------------------------------------------------------------------------------------

    def answer(self, status: int, body: bytes, content_type: str, headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def answer_json(self, status: int, data, headers: dict | None = None):
        self.answer(status, json.dumps(data, indent=2).encode() + b"\n", "application/json", headers)

    def answer_html(self, status: int, html: str):
        self.answer(status, html.encode(), "text/html; charset=utf-8")

    def redirect(self, location: str):
        self.answer(303, b"", "text/plain; charset=utf-8", {"Location": location})
