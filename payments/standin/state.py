"""The stand-in's memory: every Stripe object it holds, behind one lock, and what all resources share.

Objects are plain dicts in the shape Stripe returns (ids, `object` fields, unix timestamps, amounts in
minor units), one table per resource; the operations that create and change them live in resources/, one
module per Stripe resource. What is common to them lives here:

- the event outbox: every transition Stripe would announce appends an event, one copy for each place it
  goes (the configured webhook address, and each registered webhook endpoint that listens to its type),
  rendered in that place's API version; the HTTP layer takes the outbox under the same lock and decides
  whether to deliver now or from the retry thread;
- idempotency: a repeated `Idempotency-Key` replays the first answer, as in Stripe;
- `expand[]`: an id in an answer replaced by the object it names.
"""

from __future__ import annotations

import copy
import re
import threading
from dataclasses import dataclass, field

from .cards import TestCard
from .errors import ApiError, no_such
from .events import DEFAULT_API_VERSION, EventRecord, build_event


@dataclass
class RequestContext:
    """What an API request tells the events it causes (Stripe records the first two in `event.request`).
    Its `Stripe-Version` is echoed in the answer only: Stripe renders events in the version of the endpoint
    they go to, whatever version the request that caused them was made with."""

    request_id: str | None = None
    idempotency_key: str | None = None
    api_version: str | None = None


def listens_to(endpoint: dict, event_type: str) -> bool:
    """Whether a webhook endpoint's `enabled_events` ask for this type ("*" asks for every type)."""
    return "*" in endpoint["enabled_events"] or event_type in endpoint["enabled_events"]


@dataclass
class SessionExtra:
    """What Stripe keeps about a Checkout Session but does not put in the session object itself."""

    line_items: list[dict]
    payment_intent_data: dict = field(default_factory=dict)


@dataclass
class Account:
    """The Stripe account the stand-in plays: its country and the currencies it may charge in (None: every
    currency Stripe knows). A control narrows them, so that the portal meets the refusal Stripe gives for
    a currency the account does not support."""

    country: str = "US"
    currencies: frozenset[str] | None = None

    def refuse_currency(self, currency: str, param: str):
        """Stripe's answer to a charge in a currency this account does not support (nothing otherwise)."""
        if self.currencies is None or currency in self.currencies:
            return
        raise ApiError(
            400,
            f"Invalid currency: {currency}. Stripe accounts in {self.country} do not support {currency}. "
            f"Your account currently supports these currencies: {', '.join(sorted(self.currencies))}.",
            param=param,
        )


@dataclass
class Outage:
    """API requests whose path matches `path` fail as when Stripe is down (500), `times` more times."""

    path: str
    times: int


class State:
    """All objects of one stand-in. Callers hold `lock` around an operation and its `take_outbox()`."""

    def __init__(
        self,
        public_url: str = "",
        refund_failure_delay: float = 30.0,
        account_api_version: str = DEFAULT_API_VERSION,
        dispute_delay: float = 0.0,
    ):
        self.lock = threading.RLock()
        # Base address of the hosted page, put into each session's `url`.
        self.public_url = public_url
        # Seconds between a refund of the "refund fails" card and its failure (a control fails it at once).
        self.refund_failure_delay = refund_failure_delay
        # Seconds between a payment with the "disputed" card and its dispute (0: in the same step, just
        # after `checkout.session.completed`; more: the expiry sweep opens it, or a control at once).
        self.dispute_delay = dispute_delay
        # The account's default API version: events going where no version was pinned are rendered in it.
        self.account_api_version = account_api_version
        self.reset()

    def reset(self):
        with self.lock:
            self.sessions: dict[str, dict] = {}
            self.extras: dict[str, SessionExtra] = {}
            self.payment_intents: dict[str, dict] = {}
            self.charges: dict[str, dict] = {}
            self.refunds: dict[str, dict] = {}
            # Which test card paid each charge (Stripe knows; the charge shows only the last four digits).
            self.charge_cards: dict[str, TestCard] = {}
            # Refunds that will fail, with when (unix time).
            self.refund_failures: dict[str, float] = {}
            # Disputes and early fraud warnings, in order of creation; disputes still to open (charge id:
            # when, unix time).
            self.disputes: dict[str, dict] = {}
            self.dispute_openings: dict[str, float] = {}
            self.early_fraud_warnings: dict[str, dict] = {}
            self.account = Account()
            self.outages: list[Outage] = []
            # Registered webhook endpoints, and their signing secrets (Stripe shows one only at creation).
            self.webhook_endpoints: dict[str, dict] = {}
            self.webhook_secrets: dict[str, str] = {}
            self.customers: dict[str, dict] = {}
            self.invoices: dict[str, dict] = {}
            self.invoice_count = 0  # invoices are numbered in order, as an account's are
            self.events: list[EventRecord] = []
            self.idempotency: dict[str, dict] = {}
            self._outbox: list[EventRecord] = []

    # -- events -------------------------------------------------------------------------------------

    def emit(self, event_type: str, obj: dict, ctx: RequestContext | None = None, **kw) -> EventRecord:
        """Record the event Stripe would send about `obj` now, and put it in the outbox: one copy for the
        configured webhook address (every event, in the account's default version, as `stripe listen`
        forwards them), and one for each enabled webhook endpoint listening to `event_type`, rendered in the
        endpoint's API version (the account's default when it has none). The copies share the event's id.
        Returns the first copy."""
        ctx = ctx or RequestContext()
        event = build_event(
            event_type,
            obj,
            self.account_api_version,
            request_id=ctx.request_id,
            idempotency_key=ctx.idempotency_key,
            **kw,
        )
        records = [EventRecord(event)]
        for endpoint in self.webhook_endpoints.values():
            if endpoint["status"] == "enabled" and listens_to(endpoint, event_type):
                version = endpoint["api_version"] or self.account_api_version
                records.append(EventRecord({**event, "api_version": version}, endpoint_id=endpoint["id"]))
        self.events.extend(records)
        self._outbox.extend(records)
        return records[0]

    def webhook_target(self, endpoint_id: str) -> tuple[str, str] | None:
        """Where an event for this webhook endpoint goes and the secret it is signed with; None once the
        endpoint is disabled or gone (Stripe stops delivering to it)."""
        with self.lock:
            endpoint = self.webhook_endpoints.get(endpoint_id)
            if endpoint is None or endpoint["status"] != "enabled":
                return None
            return endpoint["url"], self.webhook_secrets[endpoint_id]

    def take_outbox(self) -> list[EventRecord]:
        with self.lock:
            records, self._outbox = self._outbox, []
            return records

    def event(self, event_id: str, endpoint_id: str | None = None) -> EventRecord:
        """The copy of an event that went to a webhook endpoint (None: to the configured address)."""
        with self.lock:
            for record in self.events:
                if record.id == event_id and record.endpoint_id == endpoint_id:
                    return record
        raise no_such("event", event_id)

    # -- outages -----------------------------------------------------------------------------------

    def outage(self, path: str):
        """Fail an API request to `path` as Stripe does when it is down, while a control asks for it."""
        with self.lock:
            for outage in self.outages:
                if outage.times > 0 and re.fullmatch(outage.path, path):
                    outage.times -= 1
                    raise ApiError(500, "An unknown error occurred. Please try again.", type="api_error")

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

    # -- expand[] -----------------------------------------------------------------------------------

    def _lookup(self, object_id: str) -> dict | None:
        for prefix, table in (
            ("pi_", self.payment_intents),
            ("ch_", self.charges),
            ("re_", self.refunds),
            ("cs_", self.sessions),
            ("in_", self.invoices),
            ("cus_", self.customers),
        ):
            if object_id.startswith(prefix):
                return table.get(object_id)
        return None

    def expanded(self, obj: dict, paths: list[str]) -> dict:
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
