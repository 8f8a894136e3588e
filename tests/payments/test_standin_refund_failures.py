"""The stand-in's risky paths for refunds and checkouts, driven by the real stripe SDK over HTTP: Stripe's
"refund fails" card (4000 0000 0000 5126), a currency the account does not support, and an outage.

No database is needed: a tiny endpoint records the signed events, as in test_standin.py.
"""

from __future__ import annotations

import time
import urllib.error

import pytest
import stripe

from payments.standin import StripeStandin, server

from .test_standin import SECRET_KEY, WEBHOOK_SECRET, Receiver, control, pay, session_params

REFUND_FAILS = "4000 0000 0000 5126"


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
        refund_failure_delay=3600,  # only the control fails a refund in these tests, unless said otherwise
    ) as standin:
        yield standin


@pytest.fixture
def sdk(standin):
    return stripe.StripeClient(SECRET_KEY, base_addresses={"api": standin.url}, max_network_retries=0)


def paid_with(sdk, standin, card: str) -> stripe.PaymentIntent:
    session = sdk.v1.checkout.sessions.create(session_params())
    status, _, _ = pay(session, card=card)
    assert status == 303
    return sdk.v1.payment_intents.retrieve(sdk.v1.checkout.sessions.retrieve(session.id).payment_intent)


def types(receiver) -> list[str]:
    return [event["type"] for event in receiver.events()]


def test_the_refund_fails_card_pays_like_any_card(sdk, standin, receiver):
    intent = paid_with(sdk, standin, REFUND_FAILS)
    charge = sdk.v1.charges.retrieve(intent.latest_charge)
    assert (intent.status, charge.paid) == ("succeeded", True)
    assert charge.payment_method_details.card.last4 == "5126"
    assert types(receiver) == ["checkout.session.completed"]


def test_a_refund_of_that_card_succeeds_then_fails_with_the_events_stripe_sends(sdk, standin, receiver):
    intent = paid_with(sdk, standin, REFUND_FAILS)
    refund = sdk.v1.refunds.create({"payment_intent": intent.id, "amount": 1000})
    assert refund.status == "succeeded"
    standin.wait_idle()
    assert sdk.v1.charges.retrieve(intent.latest_charge).amount_refunded == 1000

    failed = control(standin, f"/_standin/refunds/{refund.id}/fail")

    assert (failed["status"], failed["failure_reason"]) == ("failed", "expired_or_canceled_card")
    assert failed["failure_balance_transaction"].startswith("txn_")
    receiver.wait_for(6)
    events = receiver.events()
    assert [event["type"] for event in events] == [
        "checkout.session.completed",
        "charge.refunded",
        "refund.created",
        "charge.refund.updated",
        "refund.updated",
        "refund.failed",
    ]
    for event in events[3:]:
        assert event["data"]["object"]["id"] == refund.id
        assert event["data"]["object"]["status"] == "failed"
        assert event["api_version"] == stripe.api_version  # the version the refund was made with
    assert events[4]["data"]["previous_attributes"]["status"] == "succeeded"
    # The money is back on the account: the charge is refunded that much less, and can be refunded again.
    charge = sdk.v1.charges.retrieve(intent.latest_charge)
    assert (charge.amount_refunded, charge.refunded) == (0, False)
    assert sdk.v1.refunds.create({"payment_intent": intent.id}).amount == 1500

    with pytest.raises(urllib.error.HTTPError) as refused:
        control(standin, f"/_standin/refunds/{refund.id}/fail")
    assert refused.value.code == 400


def test_a_refund_of_that_card_fails_by_itself_after_a_while(monkeypatch, receiver):
    monkeypatch.setattr(server, "EXPIRY_SWEEP_SECONDS", 0.1)
    with StripeStandin(
        secret_key=SECRET_KEY,
        webhook_secret=WEBHOOK_SECRET,
        webhook_url=receiver.url,
        refund_failure_delay=0.2,
    ) as standin:
        sdk = stripe.StripeClient(SECRET_KEY, base_addresses={"api": standin.url}, max_network_retries=0)
        intent = paid_with(sdk, standin, REFUND_FAILS)
        refund = sdk.v1.refunds.create({"payment_intent": intent.id})
        deadline = time.monotonic() + 5
        while sdk.v1.charges.retrieve(intent.latest_charge).amount_refunded and time.monotonic() < deadline:
            time.sleep(0.05)
        receiver.wait_for(6)
    assert types(receiver)[-1] == "refund.failed"
    assert standin.state.refunds[refund.id]["status"] == "failed"


def test_a_refund_of_the_4242_card_never_fails(sdk, standin, receiver):
    intent = paid_with(sdk, standin, "4242 4242 4242 4242")
    refund = sdk.v1.refunds.create({"payment_intent": intent.id})
    assert refund.id not in standin.state.refund_failures


def test_the_control_pays_a_session_with_a_chosen_test_card(sdk, standin, receiver):
    session = sdk.v1.checkout.sessions.create(session_params())
    control(standin, f"/_standin/sessions/{session.id}/complete?card=4000000000005126")
    intent = sdk.v1.payment_intents.retrieve(sdk.v1.checkout.sessions.retrieve(session.id).payment_intent)
    assert sdk.v1.charges.retrieve(intent.latest_charge).payment_method_details.card.last4 == "5126"


def test_a_currency_the_account_does_not_support_is_refused_as_stripe_refuses_it(sdk, standin):
    control(standin, "/_standin/account?currencies=eur")

    with pytest.raises(stripe.InvalidRequestError) as refused:
        sdk.v1.checkout.sessions.create(session_params())
    assert refused.value.http_status == 400
    assert "Invalid currency: usd" in refused.value.user_message
    assert refused.value.param == "line_items[0][price_data][currency]"

    control(standin, "/_standin/account?currencies=")  # every currency again
    assert sdk.v1.checkout.sessions.create(session_params()).currency == "usd"


def test_an_outage_fails_the_matching_requests_as_many_times_as_asked(sdk, standin):
    session = sdk.v1.checkout.sessions.create(session_params())
    control(standin, "/_standin/outage?path=/v1/checkout/sessions/.*/expire&times=1")

    with pytest.raises(stripe.APIError) as failed:
        sdk.v1.checkout.sessions.expire(session.id)
    assert failed.value.http_status == 500
    assert sdk.v1.checkout.sessions.retrieve(session.id).status == "open"  # other addresses still answer
    assert sdk.v1.checkout.sessions.expire(session.id).status == "expired"
