"""`StripeStandin`, the object tests and the demo start: one stand-in on one port, from start to stop.

It owns the pieces and their threads: the objects in memory (state.py), the HTTP server answering
requests (routing.py), the webhook deliverer with its retry thread (events.py), and a sweep that expires
sessions on time. Tests also call it directly to pay a session, list the events or wait for deliveries.

Events caused by API calls are delivered from the retry thread, after the API answer (as with Stripe, and
so the portal request that made the call is not waiting on its own webhook); the event of a payment made
on the hosted page is delivered before the browser is redirected, so the portal's success page already
knows about it.
"""

from __future__ import annotations

import functools
import ipaddress
import threading

from .cards import SUCCEEDS, card_for
from .errors import ApiError
from .events import DEFAULT_API_VERSION, DEFAULT_RETRY_DELAYS, Deliverer, check_webhook_url
from .resources import disputes
from .resources.checkout_sessions import complete, expire_due
from .resources.delayed_payments import complete_unpaid, settle
from .resources.refunds import fail, fail_due
from .routing import StandinServer
from .state import Outage, State

# Well-known placeholders, not secrets: the stand-in only ever accepts test keys (a live one is refused).
DEFAULT_SECRET_KEY = "sk_test_standin"  # noqa: S105 - public test placeholder
DEFAULT_WEBHOOK_SECRET = "whsec_standin"  # noqa: S105 - public test placeholder

# How often open sessions are checked against `expires_at`, so `checkout.session.expired` comes on time
# (and refunds bound to fail, and disputes bound to open, against their time).
EXPIRY_SWEEP_SECONDS = 5.0


class StripeStandin:
    """A Stripe stand-in on one port. `with StripeStandin() as stripe_standin: ...` or `.start()`/`.stop()`.

    `webhook_url` may be set (or changed) after start, e.g. once a test's live_server address is known.
    It receives every event, signed with `webhook_secret`, in `account_api_version` (as `stripe listen`
    forwards an account's events); webhook endpoints registered through the API receive their own copies.
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
        refund_failure_delay: float = 30.0,
        dispute_delay: float = 0.0,
        account_api_version: str = DEFAULT_API_VERSION,
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
        self.state = State(
            refund_failure_delay=refund_failure_delay,
            account_api_version=account_api_version,
            dispute_delay=dispute_delay,
        )
        self.deliverer = Deliverer(
            webhook_secret,
            webhook_url,
            delivery_timeout,
            retry_delays,
            endpoint_target=self.state.webhook_target,
        )
        self._server: StandinServer | None = None
        self._threads: list[threading.Thread] = []
        self._stopped = threading.Event()

    # -- life cycle ---------------------------------------------------------------------------------

    def start(self) -> StripeStandin:
        """Listen and serve from daemon threads; returns once the port accepts connections."""
        if self._server is not None:
            raise RuntimeError("this stand-in is already running")
        # The socket is bound and listening when the constructor returns, so callers may connect at once.
        self._server = StandinServer((self.host, self.port), self)
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

    def complete_session(
        self,
        session_id: str,
        *,
        send: bool = True,
        email: str | None = None,
        card: str | None = None,
        delayed: bool = False,
        customer: dict | None = None,
    ) -> dict:
        """Pay a session as if with 4242 4242 4242 4242 (or another test card that pays, such as
        4000 0000 0000 5126 whose refunds fail later, 4000 0000 0000 0259 that is disputed as fraudulent,
        4000 0000 0000 5423 that gets an early fraud warning), or (`delayed`) with its delayed method, which
        leaves it complete and unpaid until `settle_delayed_payment`; the webhooks (the session's, then a
        dispute's or a warning's) are sent before this returns.
        `customer`: what the buyer gave besides the card, e.g. {"business_name": ..., "tax_ids":
        [{"type": "pe_ruc", "value": ...}], "address": {...}, "name": ...} (resources/invoices.py)."""
        if delayed:
            pay = functools.partial(complete_unpaid, self.state, session_id, email=email, customer=customer)
        else:
            test_card = SUCCEEDS if card is None else card_for(card)
            if test_card is None or test_card.declined:
                raise ApiError(
                    402, f"{card} is not a test card that pays.", type="card_error", code="card_declined"
                )
            pay = functools.partial(
                complete, self.state, session_id, email=email, customer=customer, card=test_card
            )
        return self.apply(pay, "now" if send else "none")

    def fail_refund(self, refund_id: str, *, send: bool = True) -> dict:
        """Make a refund fail now, as a refund of the 5126 card does later by itself; its events are sent
        before this returns."""
        return self.apply(lambda: fail(self.state, refund_id), "now" if send else "none")

    def close_dispute(self, dispute_id: str, *, won: bool, send: bool = True) -> dict:
        """The bank decides an open dispute: won (`charge.dispute.funds_reinstated`, then
        `charge.dispute.closed`) or lost (`charge.dispute.closed`); the events are sent before this
        returns."""
        delivery = "now" if send else "none"
        return self.apply(lambda: disputes.close(self.state, dispute_id, won=won), delivery)

    def dispute_charge(self, charge_id: str, *, send: bool = True) -> dict:
        """Dispute a paid charge as fraudulent now, as the 0259 card's charges are (at once, or after
        `dispute_delay`); `charge.dispute.created` and `charge.dispute.funds_withdrawn` are sent before this
        returns."""
        return self.apply(lambda: disputes.dispute_now(self.state, charge_id), "now" if send else "none")

    def account_currencies(self, currencies: list[str] | None) -> dict:
        """Narrow the currencies the stand-in's account may charge in (None: every one again)."""
        with self.state.lock:
            self.state.account.currencies = None if currencies is None else frozenset(currencies)
            return {"country": self.state.account.country, "currencies": sorted(currencies or []) or None}

    def outage(self, path: str, times: int) -> dict:
        """Answer the next `times` API requests whose path matches `path` (a regular expression) as Stripe
        does when it is down (500)."""
        with self.state.lock:
            self.state.outages.append(Outage(path, times))
        return {"path": path, "times": times}

    def settle_delayed_payment(self, session_id: str, *, succeeded: bool, send: bool = True) -> dict:
        """The delayed payment of a session completed unpaid arrives, or fails; the webhook is sent before
        this returns."""
        delivery = "now" if send else "none"
        return self.apply(lambda: settle(self.state, session_id, succeeded=succeeded), delivery)

    def resend(self, event_id: str, endpoint_id: str | None = None) -> dict:
        """Deliver an event again: its copy for a registered webhook endpoint, or (None) for the configured
        address."""
        record = self.state.event(event_id, endpoint_id)
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
            self.apply(lambda: (expire_due(self.state), fail_due(self.state), disputes.open_due(self.state)))
