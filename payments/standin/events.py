"""Webhook events: built, signed and delivered the way Stripe does it.

The portal fulfils orders only from signed webhooks, so the stand-in must produce the same thing Stripe
sends: an `event` object whose raw JSON body is signed in a `Stripe-Signature: t=<unix>,v1=<hex>` header
(HMAC-SHA256 of `"<t>.<body>"` with the endpoint's `whsec_...` secret), which `stripe.Webhook.construct_event`
accepts. Deliveries that fail (portal down, non-2xx answer, timeout) are retried with backoff from a
background thread, as Stripe retries too; a resend delivers the same event (same id) again.

An event goes to the configured webhook address (signed with the stand-in's webhook secret) and to each
registered webhook endpoint that listens to its type (signed with that endpoint's secret): one record per
destination, each with its own payload, rendered in the destination's API version.
"""

from __future__ import annotations

import copy
import heapq
import hmac
import http.client
import json
import threading
import time
from dataclasses import dataclass, field
from hashlib import sha256
from urllib.parse import urlsplit

from .ids import new_id

# The account's default API version unless the stand-in is given another: the version the portal's SDK
# pins when this stand-in was written, so that events sent where no version was pinned match it.
DEFAULT_API_VERSION = "2026-10-28.endive"

# Seconds between a failed attempt and the next: ~2 minutes in all, enough for a portal that is still
# starting. Stripe keeps trying for three days; a local demo does not need that.
DEFAULT_RETRY_DELAYS = (1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0)

USER_AGENT = "Stripe/1.0 (+https://stripe.com/docs/webhooks) StripeStandin"


def build_event(
    event_type: str,
    obj: dict,
    api_version: str,
    request_id: str | None = None,
    idempotency_key: str | None = None,
    previous_attributes: dict | None = None,
) -> dict:
    """An event object with a snapshot of `obj` as it is now (later changes do not leak into it)."""
    data: dict = {"object": copy.deepcopy(obj)}
    if previous_attributes is not None:
        data["previous_attributes"] = previous_attributes
    return {
        "id": new_id("evt_"),
        "object": "event",
        "api_version": api_version,
        "created": int(time.time()),
        "data": data,
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": request_id, "idempotency_key": idempotency_key},
        "type": event_type,
    }


def signature_header(payload: str, secret: str, timestamp: int | None = None) -> str:
    """`t=<unix>,v1=<hex>` over the exact body that is sent."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


@dataclass
class EventRecord:
    """One event, as rendered for one destination, and what happened when the stand-in tried to deliver it
    there. `endpoint_id`: the registered webhook endpoint it goes to; None for the configured address."""

    event: dict
    endpoint_id: str | None = None
    # The JSON body, serialised once: every attempt and every resend sends these exact bytes.
    payload: str = ""
    delivered: bool = False
    attempts: list[dict] = field(default_factory=list)
    retry_scheduled: bool = False

    def __post_init__(self):
        if not self.payload:
            self.payload = json.dumps(self.event, indent=2)

    @property
    def id(self) -> str:
        return self.event["id"]

    def summary(self) -> dict:
        last = self.attempts[-1] if self.attempts else {}
        return {
            "id": self.id,
            "type": self.event["type"],
            "created": self.event["created"],
            "object_id": self.event["data"]["object"].get("id"),
            "endpoint": self.endpoint_id,
            "api_version": self.event["api_version"],
            "delivered": self.delivered,
            "attempts": len(self.attempts),
            "last_status": last.get("status"),
            "last_error": last.get("error"),
            "retry_scheduled": self.retry_scheduled,
            "event": copy.deepcopy(self.event),
        }


def check_webhook_url(url: str | None) -> str | None:
    if url is not None and urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"webhook_url must be an http(s) address, not {url!r}")
    return url


class Deliverer:
    """Posts signed events to their destinations, now or from a retry thread.

    `secret` and `url` are the configured address's; `endpoint_target(endpoint_id)` gives a registered
    endpoint's (url, secret) at the moment of each attempt, or None once it is disabled or gone."""

    def __init__(
        self,
        secret: str,
        url: str | None = None,
        timeout: float = 5.0,
        retry_delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS,
        endpoint_target=lambda endpoint_id: None,
    ):
        self.secret = secret
        self.url = check_webhook_url(url)
        self.endpoint_target = endpoint_target
        self.timeout = timeout
        self.retry_delays = tuple(retry_delays)
        self._lock = threading.Lock()
        self._wakeup = threading.Condition(self._lock)
        self._queue: list[tuple[float, int, EventRecord, int]] = []  # (due, seq, record, retry number)
        self._sequence = 0
        self._in_flight = 0
        self._stopping = False
        self._thread: threading.Thread | None = None

    # -- the background thread --------------------------------------------------------------------

    def start(self):
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="standin-webhooks", daemon=True)
        self._thread.start()

    def stop(self):
        with self._wakeup:
            self._stopping = True
            self._wakeup.notify_all()
        if self._thread:
            self._thread.join(timeout=2)
            self._thread = None

    def clear(self):
        """Forget queued retries (the state they belong to was reset)."""
        with self._wakeup:
            for _, _, record, _ in self._queue:
                record.retry_scheduled = False
            self._queue.clear()
            self._wakeup.notify_all()

    def _run(self):
        while True:
            with self._wakeup:
                while not self._stopping and (not self._queue or self._queue[0][0] > time.monotonic()):
                    delay = self._queue[0][0] - time.monotonic() if self._queue else None
                    self._wakeup.wait(timeout=delay)
                if self._stopping:
                    return
                _, _, record, retry = heapq.heappop(self._queue)
                record.retry_scheduled = False
                if record.delivered and retry > 0:
                    continue  # a resend got it through meanwhile: Stripe stops retrying too
                self._in_flight += 1
            try:
                self.deliver(record, retry=retry)
            finally:
                with self._wakeup:
                    self._in_flight -= 1
                    self._wakeup.notify_all()

    def _schedule(self, record: EventRecord, retry: int, delay: float):
        with self._wakeup:
            self._sequence += 1
            heapq.heappush(self._queue, (time.monotonic() + delay, self._sequence, record, retry))
            record.retry_scheduled = True
            self._wakeup.notify_all()

    def send_later(self, record: EventRecord):
        """First attempt from the background thread: API calls return before their webhooks arrive,
        as with Stripe (and the portal's request that triggered them is not held up by its own webhook)."""
        self._schedule(record, retry=0, delay=0)

    def summaries(self, records: list[EventRecord]) -> list[dict]:
        with self._lock:
            return [record.summary() for record in records]

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Block until no first attempt is queued and nothing is being sent (retries may still wait)."""
        deadline = time.monotonic() + timeout
        with self._wakeup:
            while self._in_flight or any(retry == 0 for _, _, _, retry in self._queue):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._wakeup.wait(timeout=remaining)
        return True

    # -- one attempt ------------------------------------------------------------------------------

    def deliver(self, record: EventRecord, retry: int = 0, schedule_retries: bool = True) -> bool:
        """One POST of the event; on failure, queue the next retry while there are retries left (none to an
        endpoint disabled meanwhile: Stripe stops delivering to it)."""
        if record.endpoint_id is None:
            url, secret, no_url = self.url, self.secret, "no webhook URL configured"
        else:
            target = self.endpoint_target(record.endpoint_id)
            url, secret = target or (None, "")
            no_url = f"webhook endpoint {record.endpoint_id} is disabled or deleted"
            schedule_retries = schedule_retries and target is not None
        attempt: dict = {"at": int(time.time()), "url": url, "status": None, "error": None}
        if url is None:
            attempt["error"] = no_url
        else:
            try:
                attempt["status"] = self._post(url, record.payload, secret)
            except (OSError, http.client.HTTPException) as exc:
                attempt["error"] = f"{type(exc).__name__}: {exc}"
        ok = attempt["status"] is not None and 200 <= attempt["status"] < 300
        with self._lock:
            record.attempts.append(attempt)
            record.delivered = record.delivered or ok
        if not ok and schedule_retries and retry < len(self.retry_delays):
            self._schedule(record, retry=retry + 1, delay=self.retry_delays[retry])
        return ok

    def _post(self, url: str, payload: str, secret: str) -> int:
        # http.client rather than urllib: Stripe does not follow redirects on webhooks (a 301 from a
        # missing trailing slash is a failed delivery, visible in /_standin/events), and urllib would.
        parts = urlsplit(url)
        connection_class = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        connection = connection_class(parts.netloc, timeout=self.timeout)
        body = payload.encode()
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        try:
            connection.request(
                "POST",
                target,
                body=body,
                headers={
                    "Content-Type": "application/json; charset=utf-8",
                    "User-Agent": USER_AGENT,
                    "Stripe-Signature": signature_header(payload, secret),
                },
            )
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()
