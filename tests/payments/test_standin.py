"""The Stripe stand-in, driven by the real stripe SDK over HTTP, the way the portal drives it.

A tiny stdlib server plays the portal's webhook endpoint and records what arrives, so each test sees what
the portal would see: the API answers, the hosted page, and signed events that `stripe.Webhook` accepts.
No database is needed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import stripe

from payments.standin import StripeStandin
from payments.standin.decode import DecodeError, parse_form

SECRET_KEY = "sk_test_standin_tests"
WEBHOOK_SECRET = "whsec_standin_tests"


class Receiver:
    """A webhook endpoint that records each POST and answers the statuses it is told to, then 200."""

    def __init__(self):
        self.requests: list[dict] = []
        self.statuses: list[int] = []
        self._changed = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with receiver._changed:
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                    receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                    receiver._changed.notify_all()
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/payments/webhook/"
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def wait_for(self, count: int, timeout: float = 3.0) -> list[dict]:
        with self._changed:
            self._changed.wait_for(lambda: len(self.requests) >= count, timeout=timeout)
            return list(self.requests)

    def events(self) -> list[dict]:
        """Each request verified as the portal verifies it, as a plain dict."""
        return [
            stripe.Webhook.construct_event(
                request["body"], request["headers"]["Stripe-Signature"], WEBHOOK_SECRET
            ).to_dict()
            for request in self.requests
        ]


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def standin(receiver):
    with StripeStandin(
        secret_key=SECRET_KEY,
        webhook_secret=WEBHOOK_SECRET,
        webhook_url=receiver.url,
        retry_delays=(0.05, 0.1, 0.2),
    ) as standin:
        yield standin


@pytest.fixture
def sdk(standin):
    return stripe.StripeClient(SECRET_KEY, base_addresses={"api": standin.url}, max_network_retries=0)


def session_params(**overrides) -> dict:
    params = {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": "usd",
                    "unit_amount": 1500,
                    "product_data": {"name": "Curso de certificación"},
                },
            }
        ],
        "client_reference_id": "17",
        "customer_email": "ana@example.org",
        "locale": "en",
        "metadata": {"order_id": "17", "order_reference": "CL-0017"},
        "payment_intent_data": {"metadata": {"order_id": "17"}},
        "success_url": "http://portal.test/payments/success/?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": "http://portal.test/payments/cancelled/",
    }
    params.update(overrides)
    return params


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_browser = urllib.request.build_opener(_NoRedirect)


def browse(url: str, form: dict | None = None, headers: dict | None = None) -> tuple[int, dict, str]:
    """What a browser gets from the hosted page, without following redirects."""
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310 - the loopback stand-in
    try:
        with _browser.open(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def control(standin, path: str, method: str = "POST") -> dict:
    """A call to the stand-in's test-only controls."""
    request = urllib.request.Request(f"{standin.url}{path}", method=method)  # noqa: S310 - loopback stand-in
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback stand-in
        return json.loads(response.read())


def pay(session, card="4242 4242 4242 4242", **extra):
    return browse(session.url, {"card_number": card, "expiry": "12/40", "cvc": "123", **extra})


# -- the API through the SDK ------------------------------------------------------------------------


def test_a_session_round_trips_what_the_portal_sends(sdk, standin):
    session = sdk.v1.checkout.sessions.create(session_params(), options={"idempotency_key": "order-17-1"})

    assert session.id.startswith("cs_test_")
    assert session.object == "checkout.session"
    assert (session.status, session.payment_status, session.payment_intent) == ("open", "unpaid", None)
    assert (session.amount_total, session.amount_subtotal, session.currency) == (1500, 1500, "usd")
    assert session.client_reference_id == "17"
    assert session.metadata.to_dict() == {"order_id": "17", "order_reference": "CL-0017"}
    assert session.customer_email == "ana@example.org"
    assert session.url == f"{standin.url}/pay/{session.id}"
    assert session.livemode is False
    assert session.expires_at - session.created == 24 * 3600

    again = sdk.v1.checkout.sessions.retrieve(session.id, params={"expand": ["line_items"]})
    assert again.id == session.id
    assert again.line_items.data[0].description == "Curso de certificación"
    assert again.line_items.data[0].price.unit_amount == 1500


def test_an_idempotency_key_returns_the_same_session_and_refuses_other_parameters(sdk):
    first = sdk.v1.checkout.sessions.create(session_params(), options={"idempotency_key": "order-17-1"})
    repeat = sdk.v1.checkout.sessions.create(session_params(), options={"idempotency_key": "order-17-1"})
    assert repeat.id == first.id
    assert repeat.last_response.headers["Idempotent-Replayed"] == "true"

    with pytest.raises(stripe.IdempotencyError, match="same parameters"):
        sdk.v1.checkout.sessions.create(
            session_params(client_reference_id="18"), options={"idempotency_key": "order-17-1"}
        )
    other = sdk.v1.checkout.sessions.create(session_params(), options={"idempotency_key": "order-17-2"})
    assert other.id != first.id


def test_a_wrong_key_is_refused_like_stripe_does(standin):
    wrong = stripe.StripeClient("sk_test_wrong", base_addresses={"api": standin.url}, max_network_retries=0)
    with pytest.raises(stripe.AuthenticationError) as raised:
        wrong.v1.checkout.sessions.create(session_params())
    assert raised.value.http_status == 401


def test_unknown_ids_and_parameters_are_invalid_requests(sdk):
    with pytest.raises(stripe.InvalidRequestError) as raised:
        sdk.v1.checkout.sessions.retrieve("cs_test_nope")
    assert (raised.value.http_status, raised.value.code) == (404, "resource_missing")

    with pytest.raises(stripe.InvalidRequestError) as raised:
        sdk.v1.checkout.sessions.create(session_params(colour="red"))
    assert (raised.value.http_status, raised.value.param) == (400, "colour")

    with pytest.raises(stripe.InvalidRequestError) as raised:
        sdk.v1.checkout.sessions.create(session_params(line_items=[{"quantity": 1}]))
    assert raised.value.param == "line_items[0][price_data]"


# -- the hosted page --------------------------------------------------------------------------------


def test_the_hosted_page_shows_the_purchase_in_the_sessions_language(sdk):
    session = sdk.v1.checkout.sessions.create(session_params(locale="es-419"))
    status, _, html = browse(session.url)

    assert status == 200
    assert '<html lang="es">' in html
    assert "Curso de certificación" in html and "15,00 USD" in html and "ana@example.org" in html
    assert "PRUEBA" in html and "sustituto local de Stripe" in html
    assert '<label for="card_number">Número de tarjeta</label>' in html
    assert 'href="http://portal.test/payments/cancelled/">Cancelar y volver</a>' in html
    assert "<script" not in html


def test_paying_with_4242_sends_a_signed_completed_event_then_redirects(sdk, standin, receiver):
    session = sdk.v1.checkout.sessions.create(session_params(), options={"idempotency_key": "k1"})

    status, headers, _ = pay(session)

    assert status == 303
    assert headers["Location"] == f"http://portal.test/payments/success/?session_id={session.id}"
    # Delivered before the redirect: the portal's success page can already know.
    assert len(receiver.requests) == 1
    [event] = receiver.events()
    assert receiver.requests[0]["path"] == "/payments/webhook/"
    assert event["type"] == "checkout.session.completed"
    assert event["id"].startswith("evt_") and event["object"] == "event" and event["livemode"] is False
    # In the account's default version (the stand-in's default is the version the SDK pins).
    assert event["api_version"] == stripe.api_version
    paid = event["data"]["object"]
    assert (paid["id"], paid["status"], paid["payment_status"]) == (session.id, "complete", "paid")
    assert (paid["amount_total"], paid["currency"], paid["metadata"]["order_id"]) == (1500, "usd", "17")
    assert paid["payment_intent"].startswith("pi_")
    assert paid["customer_details"]["email"] == "ana@example.org"

    retrieved = sdk.v1.checkout.sessions.retrieve(session.id, params={"expand": ["payment_intent"]})
    assert retrieved.payment_intent.status == "succeeded"
    assert retrieved.payment_intent.metadata.to_dict() == {"order_id": "17"}
    charge = sdk.v1.charges.retrieve(retrieved.payment_intent.latest_charge)
    assert (charge.amount, charge.amount_refunded, charge.payment_intent) == (1500, 0, paid["payment_intent"])

    status, _, html = pay(session)
    assert status == 409 and "This payment is already complete." in html
    assert len(receiver.requests) == 1


def test_a_forged_or_stale_signature_is_rejected_by_the_sdk(sdk, receiver):
    session = sdk.v1.checkout.sessions.create(session_params())
    pay(session)
    request = receiver.requests[0]
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(request["body"], request["headers"]["Stripe-Signature"], "whsec_other")
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(
            request["body"] + b" ", request["headers"]["Stripe-Signature"], WEBHOOK_SECRET
        )


def test_the_declined_card_keeps_the_session_open_and_sends_nothing(sdk, standin, receiver):
    session = sdk.v1.checkout.sessions.create(session_params())

    status, _, html = pay(session, card="4000 0000 0000 0002")

    assert status == 402
    assert "Your card was declined." in html
    assert 'value="12/40"' in html and 'value="123"' in html  # what was typed stays...
    assert 'id="card_number" name="card_number" value=""' in html  # ...except the card number
    assert sdk.v1.checkout.sessions.retrieve(session.id).status == "open"
    assert standin.events == [] and receiver.requests == []


def test_any_other_card_number_asks_for_a_test_card(sdk, receiver):
    session = sdk.v1.checkout.sessions.create(session_params())
    status, _, html = pay(session, card="5555 5555 5555 4444")
    assert status == 400
    assert "Use a test card: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined." in html
    assert receiver.requests == []


def test_a_session_without_email_asks_for_one_and_records_it(sdk, receiver):
    session = sdk.v1.checkout.sessions.create(session_params(customer_email=None, success_url=None))
    status, _, html = pay(session)
    assert status == 400 and "Enter a valid e-mail address." in html

    status, _, html = pay(session, email="bruno@example.org")
    assert status == 200 and "Payment received" in html
    assert receiver.events()[0]["data"]["object"]["customer_details"]["email"] == "bruno@example.org"


# -- expiry, refunds, deliveries ---------------------------------------------------------------------


def test_expiring_a_session_sends_the_expired_event(sdk, standin, receiver):
    session = sdk.v1.checkout.sessions.create(session_params())
    expired = sdk.v1.checkout.sessions.expire(session.id)
    assert (expired.status, expired.url) == ("expired", None)

    receiver.wait_for(1)  # API-caused events arrive just after the answer, as from Stripe
    [event] = receiver.events()
    assert event["type"] == "checkout.session.expired"
    assert event["data"]["object"]["id"] == session.id
    assert event["request"]["id"].startswith("req_")

    with pytest.raises(stripe.InvalidRequestError):
        sdk.v1.checkout.sessions.expire(session.id)
    status, _, html = pay(session)
    assert status == 409 and "has expired" in html


def test_refunds_partial_then_the_rest_then_too_much(sdk, standin, receiver):
    session = sdk.v1.checkout.sessions.create(session_params())
    pay(session)
    intent = sdk.v1.checkout.sessions.retrieve(session.id).payment_intent

    partial = sdk.v1.refunds.create(
        {"payment_intent": intent, "amount": 500, "metadata": {"order_id": "17"}},
        options={"idempotency_key": "refund-17-1"},
    )
    assert (partial.object, partial.status, partial.amount, partial.currency) == (
        "refund",
        "succeeded",
        500,
        "usd",
    )
    assert partial.payment_intent == intent and partial.charge.startswith("ch_")

    with pytest.raises(stripe.InvalidRequestError) as raised:
        sdk.v1.refunds.create({"payment_intent": intent, "amount": 1001})
    assert raised.value.param == "amount"

    rest = sdk.v1.refunds.create({"payment_intent": intent})
    assert rest.amount == 1000

    with pytest.raises(stripe.InvalidRequestError, match="already been refunded"):
        sdk.v1.refunds.create({"charge": partial.charge})

    receiver.wait_for(5)
    events = receiver.events()
    assert [event["type"] for event in events] == [
        "checkout.session.completed",
        "charge.refunded",
        "refund.created",
        "charge.refunded",
        "refund.created",
    ]
    first, last = events[1]["data"]["object"], events[3]["data"]["object"]
    assert (first["amount_refunded"], first["refunded"], first["metadata"]) == (
        500,
        False,
        {"order_id": "17"},
    )
    assert (last["amount_refunded"], last["refunded"], last["payment_intent"]) == (1500, True, intent)
    assert events[2]["data"]["object"]["id"] == partial.id
    assert events[1]["request"]["idempotency_key"] == "refund-17-1"


def test_a_failed_delivery_is_retried_until_the_portal_accepts_it(sdk, standin, receiver):
    receiver.statuses = [500, 503]
    session = sdk.v1.checkout.sessions.create(session_params())

    status, _, _ = pay(session)

    assert status == 303  # the buyer is not held up by the portal's failure
    requests = receiver.wait_for(3)
    ids = {json.loads(request["body"])["id"] for request in requests}
    assert len(requests) == 3 and len(ids) == 1
    deadline = time.monotonic() + 2
    while not standin.events[0]["delivered"] and time.monotonic() < deadline:
        time.sleep(0.01)
    [record] = control(standin, "/_standin/events", "GET")["data"]
    assert (record["delivered"], record["attempts"], record["last_status"]) == (True, 3, 200)


def test_resend_delivers_the_same_event_again(sdk, standin, receiver):
    session = sdk.v1.checkout.sessions.create(session_params())
    pay(session)
    [record] = control(standin, "/_standin/events", "GET")["data"]

    resent = control(standin, f"/_standin/events/{record['id']}/resend")

    assert resent["delivered"] is True and resent["attempts"] == 2
    first, second = receiver.events()
    assert first["id"] == second["id"] == record["id"]
    assert first == second


def test_test_controls_complete_without_the_form_and_reset(sdk, standin, receiver):
    quiet = sdk.v1.checkout.sessions.create(session_params())
    completed = control(standin, f"/_standin/sessions/{quiet.id}/complete?send=0")
    assert completed["payment_status"] == "paid"
    assert receiver.requests == []
    [record] = control(standin, "/_standin/events", "GET")["data"]
    assert (record["type"], record["delivered"], record["attempts"]) == (
        "checkout.session.completed",
        False,
        0,
    )

    loud = sdk.v1.checkout.sessions.create(session_params())
    standin.complete_session(loud.id)
    assert receiver.events()[0]["data"]["object"]["id"] == loud.id

    assert control(standin, "/_standin/reset") == {"reset": True}
    assert standin.events == []
    with pytest.raises(stripe.InvalidRequestError):
        sdk.v1.checkout.sessions.retrieve(loud.id)


def test_the_webhook_address_can_be_set_after_start(receiver):
    with StripeStandin(secret_key=SECRET_KEY, webhook_secret=WEBHOOK_SECRET, retry_delays=()) as standin:
        sdk = stripe.StripeClient(SECRET_KEY, base_addresses={"api": standin.url}, max_network_retries=0)
        session = sdk.v1.checkout.sessions.create(session_params())
        standin.webhook_url = receiver.url
        standin.complete_session(session.id)
    assert receiver.events()[0]["type"] == "checkout.session.completed"


# -- the parts on their own -------------------------------------------------------------------------


def test_stripe_form_encoding_decodes_to_nested_values():
    body = (
        "line_items[0][price_data][currency]=usd&line_items[0][quantity]=2&line_items[1][quantity]=1"
        "&metadata[0]=zero&metadata[order]=17&expand[]=a&expand[]=b&success_url=http%3A%2F%2Fx%2F%3Fs%3D%7BID%7D"
    )
    assert parse_form(body) == {
        "line_items": [{"price_data": {"currency": "usd"}, "quantity": "2"}, {"quantity": "1"}],
        "metadata": {"0": "zero", "order": "17"},
        "expand": ["a", "b"],
        "success_url": "http://x/?s={ID}",
    }
    with pytest.raises(DecodeError):
        parse_form("metadata=x&metadata[a]=y")


def test_a_live_key_is_refused():
    with pytest.raises(ValueError, match="test-only"):
        StripeStandin(secret_key="sk_live_123")


def test_it_runs_on_its_own_without_django_or_stripe():
    # The demo runs `python -m payments.standin`: it must start with neither Django nor the SDK imported.
    code = (
        "import sys, urllib.request\n"
        "from payments.standin.__main__ import main\n"
        "from payments.standin import StripeStandin\n"
        "assert 'django' not in sys.modules and 'stripe' not in sys.modules, sorted(sys.modules)\n"
        "with StripeStandin() as s:\n"
        "    print(urllib.request.urlopen(s.url).read().decode().splitlines()[0])\n"
    )
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=20, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Stripe stand-in" in result.stdout
