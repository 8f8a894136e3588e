"""HTTP routing of the stand-in, and `StripeStandin`, the object tests and the demo start.

Three groups of addresses:

- `/v1/...` the Stripe API subset the portal calls through the real SDK, behind Bearer auth with the
  configured secret key, answering Stripe's JSON objects and errors (401, 400, 404) so the SDK raises
  its usual exceptions;
- `/pay/<session id>` the hosted test checkout page a buyer is sent to (see page.py);
- `/_standin/...` TEST-ONLY controls with no Stripe equivalent and no auth (the stand-in binds to
  loopback): list the events sent, resend one, complete a session without the form, reset everything.

Events caused by API calls are delivered from the retry thread, after the API answer (as with Stripe, and
so the portal request that made the call is not waiting on its own webhook); the event of a payment made
on the hosted page is delivered before the browser is redirected, so the portal's success page already
knows about it.
"""

from __future__ import annotations

import base64
import hmac
import ipaddress
import json
import re
import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from .decode import DecodeError, parse_form
from .events import DEFAULT_RETRY_DELAYS, Deliverer, check_webhook_url
from .ids import new_id
from .page import check_payment, checkout_page, language, message_page
from .state import ApiError, RequestContext, State

# Well-known placeholders, not secrets: the stand-in only ever accepts test keys (a live one is refused).
DEFAULT_SECRET_KEY = "sk_test_standin"  # noqa: S105 - public test placeholder
DEFAULT_WEBHOOK_SECRET = "whsec_standin"  # noqa: S105 - public test placeholder

# How often open sessions are checked against `expires_at`, so `checkout.session.expired` comes on time.
EXPIRY_SWEEP_SECONDS = 5.0

_ID = r"([A-Za-z0-9_]+)"


class StripeStandin:
    """A Stripe stand-in on one port. `with StripeStandin() as stripe_standin: ...` or `.start()`/`.stop()`.

    `webhook_url` may be set (or changed) after start, e.g. once a test's live_server address is known.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        secret_key: str = DEFAULT_SECRET_KEY,
        webhook_secret: str = DEFAULT_WEBHOOK_SECRET,
        webhook_url: str | None = None,
        *,
        public_url: str | None = None,
        retry_delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS,
        delivery_timeout: float = 5.0,
        log: bool = False,
    ):
        if not secret_key:
            raise ValueError("the stand-in needs a secret key to check requests against")
        if "_live_" in secret_key:
            # Refuse a real key picked up from the environment: this must never look like production.
            raise ValueError("the Stripe stand-in is test-only: refusing a live secret key")
        self.host = host
        self.port = port
        self.secret_key = secret_key
        self.webhook_secret = webhook_secret
        self.public_url = public_url.rstrip("/") if public_url else None
        self.log = log
        self.state = State()
        self.deliverer = Deliverer(webhook_secret, webhook_url, delivery_timeout, retry_delays)
        self._server: _Server | None = None
        self._threads: list[threading.Thread] = []
        self._stopped = threading.Event()

    # -- life cycle ---------------------------------------------------------------------------------

    def start(self) -> StripeStandin:
        """Listen and serve from daemon threads; returns once the port accepts connections."""
        if self._server is not None:
            raise RuntimeError("this stand-in is already running")
        # The socket is bound and listening when the constructor returns, so callers may connect at once.
        self._server = _Server((self.host, self.port), _Handler, self)
        self.port = self._server.server_address[1]
        self.state.public_url = self.public_url or self.url
        self._stopped.clear()
        self.deliverer.start()
        self._threads = [
            threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.1},
                name="standin-http",
                daemon=True,
            ),
            threading.Thread(target=self._sweep, name="standin-expiry", daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        return self

    def join(self):
        """Block until `stop()` (the command line waits here; Ctrl-C interrupts it)."""
        self._stopped.wait()

    def stop(self):
        if self._server is None:
            return
        self._stopped.set()
        server, self._server = self._server, None
        server.shutdown()
        server.server_close()
        self.deliverer.stop()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout=2)
        self._threads.clear()

    def __enter__(self) -> StripeStandin:
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def url(self) -> str:
        """The API base address, for `StripeClient(..., base_addresses={"api": standin.url})`."""
        host = self.host
        # A wildcard bind is reached through loopback from this machine.
        try:
            if ipaddress.ip_address(host).is_unspecified:
                host = "127.0.0.1"
        except ValueError:
            pass
        return f"http://{host}:{self.port}"

    @property
    def webhook_url(self) -> str | None:
        return self.deliverer.url

    @webhook_url.setter
    def webhook_url(self, value: str | None):
        self.deliverer.url = check_webhook_url(value)

    # -- what tests use directly --------------------------------------------------------------------

    @property
    def events(self) -> list[dict]:
        """Every event so far, oldest first: id, type, delivered, attempts, last_status... and `event`,
        the full event object as sent."""
        with self.state.lock:
            records = list(self.state.events)
        return self.deliverer.summaries(records)

    def reset(self):
        self.deliverer.clear()
        self.state.reset()

    def complete_session(self, session_id: str, *, send: bool = True, email: str | None = None) -> dict:
        """Pay a session as if with 4242 4242 4242 4242; the webhook is sent before this returns."""
        return self.apply(
            lambda: self.state.complete_session(session_id, email=email), "now" if send else "none"
        )

    def resend(self, event_id: str) -> dict:
        record = self.state.event(event_id)
        self.deliverer.deliver(record, schedule_retries=False)
        return self.deliverer.summaries([record])[0]

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until every event has had its first delivery attempt (retries may still be pending)."""
        return self.deliverer.wait_idle(timeout)

    # -- internals ----------------------------------------------------------------------------------

    def apply(self, operation, delivery: str = "later"):
        """Run a state operation and hand the events it caused to the deliverer: "now" (in this thread,
        before answering), "later" (the retry thread) or "none" (recorded only, for `?send=0`)."""
        failed = True
        records = []
        try:
            with self.state.lock:
                try:
                    result = operation()
                finally:
                    records = self.state.take_outbox()
            failed = False
            return result
        finally:
            for record in records:
                if delivery == "now" and not failed:
                    self.deliverer.deliver(record)
                elif delivery == "later" or failed:
                    # Events that happened on the way to an error (a session found expired) still go out.
                    self.deliverer.send_later(record)

    def _sweep(self):
        while not self._stopped.wait(EXPIRY_SWEEP_SECONDS):
            self.apply(self.state.expire_due)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, handler, standin: StripeStandin):
        self.standin = standin
        super().__init__(address, handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "StripeStandin/1.0"

    ROUTES = [
        ("POST", re.compile(r"/v1/checkout/sessions"), "create_session"),
        ("GET", re.compile(rf"/v1/checkout/sessions/{_ID}"), "retrieve_session"),
        ("POST", re.compile(rf"/v1/checkout/sessions/{_ID}/expire"), "expire_session"),
        ("POST", re.compile(r"/v1/refunds"), "create_refund"),
        ("GET", re.compile(rf"/v1/payment_intents/{_ID}"), "retrieve_payment_intent"),
        ("GET", re.compile(rf"/v1/charges/{_ID}"), "retrieve_charge"),
        ("GET", re.compile(rf"/pay/{_ID}"), "pay_page"),
        ("POST", re.compile(rf"/pay/{_ID}"), "pay"),
        ("GET", re.compile(r"/_standin/events"), "control_events"),
        ("POST", re.compile(rf"/_standin/events/{_ID}/resend"), "control_resend"),
        ("POST", re.compile(rf"/_standin/sessions/{_ID}/complete"), "control_complete"),
        ("POST", re.compile(r"/_standin/reset"), "control_reset"),
        ("GET", re.compile(r"/"), "index"),
    ]

    @property
    def standin(self) -> StripeStandin:
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
            for route_method, pattern, name in self.ROUTES:
                match = pattern.fullmatch(parts.path.rstrip("/") or "/")
                if match and route_method == method:
                    return getattr(self, name)(*match.groups())
            if parts.path.startswith("/v1/"):
                return self._api(lambda params, ctx: self._unrecognized(method, parts.path))
            self._send(404, b"Not found\n", "text/plain; charset=utf-8")
        except Exception:  # the answer must still be an HTTP answer, and the trace must be seen
            traceback.print_exc(file=sys.stderr)
            error = ApiError(
                500, "The Stripe stand-in failed on this request (see its log).", type="api_error"
            )
            self._json(500, error.body())

    # -- the API ------------------------------------------------------------------------------------

    def _unrecognized(self, method: str, path: str):
        raise ApiError(
            404,
            f"Unrecognized request URL ({method}: {path}). The Stripe stand-in implements only "
            "checkout sessions (create, retrieve, expire), refunds (create), payment_intents and charges "
            "(retrieve).",
        )

    def _authenticate(self):
        header = self.headers.get("Authorization", "")
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
        if not hmac.compare_digest(key.encode(), self.standin.secret_key.encode()):
            # Masked like Stripe's message: enough to tell which key was sent, not the key itself.
            shown = f"{key[:8]}{'*' * 8}{key[-4:]}" if len(key) > 16 else "*" * 8
            raise ApiError(401, f"Invalid API Key provided: {shown}")

    def _api(self, operation):
        """Auth, parameters, idempotency and Stripe's error format around one API operation."""
        request_id = new_id("req_")
        headers = {"Request-Id": request_id}
        try:
            self._authenticate()
            is_post = self.command == "POST"
            params = parse_form(self.body if is_post else self.query)
            key = self.headers.get("Idempotency-Key") if is_post else None
            ctx = RequestContext(request_id, key, self.headers.get("Stripe-Version"))
            if ctx.api_version:
                headers["Stripe-Version"] = ctx.api_version
            endpoint = f"{self.command} {urlsplit(self.path).path}"
            result, replayed = self.standin.apply(
                lambda: self.standin.state.idempotent(key, endpoint, params, lambda: operation(params, ctx))
            )
            if key:
                headers["Idempotency-Key"] = key
            if replayed:
                headers["Idempotent-Replayed"] = "true"
            self._json(200, result, headers)
        except DecodeError as exc:
            self._json(400, ApiError(400, str(exc), param=exc.param).body(), headers)
        except ApiError as exc:
            if exc.status == 401:
                headers["WWW-Authenticate"] = 'Bearer realm="Stripe"'
            self._json(exc.status, exc.body(), headers)

    def create_session(self):
        self._api(lambda params, ctx: self.standin.state.create_session(params, ctx))

    def retrieve_session(self, session_id):
        self._api(lambda params, ctx: self.standin.state.retrieve_session(session_id, params))

    def expire_session(self, session_id):
        self._api(lambda params, ctx: self.standin.state.expire_session(session_id, params, ctx))

    def create_refund(self):
        self._api(lambda params, ctx: self.standin.state.create_refund(params, ctx))

    def retrieve_payment_intent(self, intent_id):
        self._api(lambda params, ctx: self.standin.state.retrieve_payment_intent(intent_id, params))

    def retrieve_charge(self, charge_id):
        self._api(lambda params, ctx: self.standin.state.retrieve_charge(charge_id, params))

    # -- the hosted page ----------------------------------------------------------------------------

    def _language(self, session: dict | None) -> str:
        return language(session and session.get("locale"), self.headers.get("Accept-Language"))

    def _view(self, session_id: str):
        return self.standin.apply(lambda: self.standin.state.hosted_view(session_id))

    def _closed_page(self, session: dict | None, status: int):
        """Not found, already paid or expired: say so, with the way back the portal gave."""
        lang = self._language(session)
        if session is None:
            html = message_page(lang, "not_found_title", "not_found")
            return self._html(404, html)
        if session["status"] == "complete":
            html = message_page(lang, "paid_title", "paid", (_success_url(session), "continue"))
        else:
            html = message_page(lang, "expired_title", "expired", (session.get("cancel_url"), "back"))
        self._html(status, html)

    def pay_page(self, session_id):
        view = self._view(session_id)
        if view is None or view[0]["status"] != "open":
            return self._closed_page(view and view[0], 200)
        session, line_items = view
        self._html(200, checkout_page(session, line_items, self._language(session)))

    def pay(self, session_id):
        view = self._view(session_id)
        if view is None or view[0]["status"] != "open":
            return self._closed_page(view and view[0], 404 if view is None else 409)
        session, line_items = view
        lang = self._language(session)
        form = dict(parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True))
        attempt = check_payment(form, needs_email=not session.get("customer_email"))
        if attempt.outcome != "succeeded":
            status = 402 if attempt.outcome == "declined" else 400
            return self._html(status, checkout_page(session, line_items, lang, attempt))
        try:
            session = self.standin.apply(
                lambda: self.standin.state.complete_session(
                    session_id,
                    email=attempt.values["email"] or None,
                    exp_month=attempt.exp_month,
                    exp_year=attempt.exp_year,
                ),
                "now",
            )
        except ApiError:  # paid or expired by another request meanwhile
            return self._closed_page(self._view(session_id)[0], 409)
        if session.get("success_url"):
            return self._redirect(_success_url(session))
        self._html(200, message_page(lang, "paid_title", "paid_no_return"))

    # -- TEST-ONLY controls -------------------------------------------------------------------------

    def _control(self, operation):
        try:
            self._json(200, operation())
        except ApiError as exc:
            self._json(exc.status, exc.body())

    def control_events(self):
        wanted = dict(parse_qsl(self.query)).get("type")
        events = [event for event in self.standin.events if wanted in (None, event["type"])]
        self._json(200, {"object": "list", "data": events, "has_more": False})

    def control_resend(self, event_id):
        self._control(lambda: self.standin.resend(event_id))

    def control_complete(self, session_id):
        options = dict(parse_qsl(self.query)) | dict(parse_qsl(self.body.decode("utf-8", "replace")))
        send = options.get("send", "1").lower() not in ("0", "false", "no")
        self._control(
            lambda: self.standin.complete_session(session_id, send=send, email=options.get("email"))
        )

    def control_reset(self):
        self.standin.reset()
        self._json(200, {"reset": True})

    def index(self):
        text = (
            "Stripe stand-in (test only: nothing is charged).\n"
            f"API base: {self.standin.url} (Bearer secret key)\n"
            "Hosted checkout: /pay/<checkout session id>\n"
            "Test controls: GET /_standin/events, POST /_standin/events/<id>/resend,\n"
            "  POST /_standin/sessions/<id>/complete[?send=0], POST /_standin/reset\n"
        )
        self._send(200, text.encode(), "text/plain; charset=utf-8")

    # -- answers ------------------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data, headers: dict | None = None):
        self._send(status, json.dumps(data, indent=2).encode() + b"\n", "application/json", headers)

    def _html(self, status: int, html: str):
        self._send(status, html.encode(), "text/html; charset=utf-8")

    def _redirect(self, location: str):
        self._send(303, b"", "text/plain; charset=utf-8", {"Location": location})


def _success_url(session: dict) -> str | None:
    url = session.get("success_url")
    return url.replace("{CHECKOUT_SESSION_ID}", session["id"]) if url else None
