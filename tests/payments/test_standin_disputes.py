"""Disputes and early fraud warnings from the stand-in, driven by the real stripe SDK over HTTP: Stripe's
"disputed as fraudulent" card (4000 0000 0000 0259) and its early fraud warning card (4000 0000 0000 5423).

Each test checks what the portal would see: the signed events in order with their objects, the API
answers, and Stripe's refusal of a refund of a disputed charge. No database is needed: a tiny endpoint
records the signed events, as in test_standin.py.
"""

from __future__ import annotations

import time
import urllib.error

import pytest
import stripe

from payments.standin import StripeStandin, server

from .test_standin import SECRET_KEY, WEBHOOK_SECRET, Receiver, control, session_params
from .test_standin_refund_failures import paid_with, types

DISPUTED = "4000 0000 0000 0259"
FRAUD_WARNING = "4000 0000 0000 5423"
DISPUTE_OPENED = ["checkout.session.completed", "charge.dispute.created", "charge.dispute.funds_withdrawn"]


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


def disputed_payment(sdk, standin, receiver) -> tuple[stripe.PaymentIntent, dict]:
    """A session paid on the hosted page with the 0259 card; its intent and the dispute as sent."""
    before = len(receiver.requests)
    intent = paid_with(sdk, standin, DISPUTED)
    receiver.wait_for(before + 3)
    events = receiver.events()[before:]
    assert [event["type"] for event in events] == DISPUTE_OPENED
    return intent, events[1]["data"]["object"]


# -- the disputed card ------------------------------------------------------------------------------


def test_the_disputed_card_pays_then_its_charge_is_disputed_as_fraudulent(sdk, standin, receiver):
    intent = paid_with(sdk, standin, DISPUTED)

    # Delivered before the buyer is redirected, right after the session's own event.
    assert len(receiver.requests) == 3
    completed, created, withdrawn = receiver.events()  # signatures verified by stripe.Webhook
    assert [completed["type"], created["type"], withdrawn["type"]] == DISPUTE_OPENED
    assert intent.status == "succeeded"
    dispute = created["data"]["object"]
    assert dispute == withdrawn["data"]["object"]
    assert dispute["id"].startswith("dp_") and dispute["object"] == "dispute"
    assert (dispute["amount"], dispute["currency"]) == (1500, "usd")
    assert (dispute["charge"], dispute["payment_intent"]) == (intent.latest_charge, intent.id)
    assert (dispute["reason"], dispute["status"]) == ("fraudulent", "needs_response")
    assert (dispute["is_charge_refundable"], dispute["livemode"], dispute["metadata"]) == (False, False, {})
    details = dispute["evidence_details"]
    assert (details["has_evidence"], details["past_due"], details["submission_count"]) == (False, False, 0)
    assert abs(details["due_by"] - (dispute["created"] + 7 * 24 * 3600)) <= 1
    assert dispute["evidence"]["uncategorized_text"] is None
    [withdrawal] = dispute["balance_transactions"]
    assert withdrawal["id"].startswith("txn_") and withdrawal["object"] == "balance_transaction"
    assert (withdrawal["amount"], withdrawal["fee"], withdrawal["net"]) == (-1500, 1500, -3000)
    assert (withdrawal["currency"], withdrawal["source"]) == ("usd", dispute["id"])
    assert created["api_version"] == stripe.api_version

    charge = sdk.v1.charges.retrieve(intent.latest_charge)
    assert (charge.paid, charge.disputed) == (True, True)
    assert charge.payment_method_details.card.last4 == "0259"


def test_other_cards_leave_the_charge_undisputed(sdk, standin, receiver):
    intent = paid_with(sdk, standin, "4242 4242 4242 4242")
    assert sdk.v1.charges.retrieve(intent.latest_charge).disputed is False
    assert types(receiver) == ["checkout.session.completed"]
    assert sdk.v1.disputes.list().data == []


def test_the_dispute_is_retrieved_and_listed_through_the_api(sdk, standin, receiver):
    intent, sent = disputed_payment(sdk, standin, receiver)
    other, _ = disputed_payment(sdk, standin, receiver)

    dispute = sdk.v1.disputes.retrieve(sent["id"])
    assert isinstance(dispute, stripe.Dispute)
    assert dispute.to_dict() == sent
    assert isinstance(dispute.balance_transactions[0], stripe.BalanceTransaction)

    newest_first = sdk.v1.disputes.list()
    assert [item.payment_intent for item in newest_first.data] == [other.id, intent.id]
    page = sdk.v1.disputes.list({"limit": 1})
    assert (page.data[0].payment_intent, page.has_more) == (other.id, True)
    rest = sdk.v1.disputes.list({"limit": 1, "starting_after": page.data[0].id})
    assert ([item.id for item in rest.data], rest.has_more) == ([sent["id"]], False)
    assert [item.id for item in sdk.v1.disputes.list({"charge": intent.latest_charge}).data] == [sent["id"]]
    assert [item.id for item in sdk.v1.disputes.list({"payment_intent": intent.id}).data] == [sent["id"]]

    with pytest.raises(stripe.InvalidRequestError) as missing:
        sdk.v1.disputes.retrieve("dp_nope")
    assert (missing.value.http_status, missing.value.code) == (404, "resource_missing")


def test_the_control_closes_a_dispute_won_with_the_money_back(sdk, standin, receiver):
    _, sent = disputed_payment(sdk, standin, receiver)

    won = control(standin, f"/_standin/disputes/{sent['id']}/close?outcome=won")

    assert won["status"] == "won"
    withdrawal, reinstatement = won["balance_transactions"]
    assert (reinstatement["amount"], reinstatement["fee"], reinstatement["net"]) == (1500, 0, 1500)
    assert reinstatement["id"] != withdrawal["id"] and reinstatement["source"] == sent["id"]
    receiver.wait_for(5)
    events = receiver.events()
    assert [event["type"] for event in events[3:]] == [
        "charge.dispute.funds_reinstated",
        "charge.dispute.closed",
    ]
    for event in events[3:]:
        assert event["data"]["object"] == won
    assert sdk.v1.disputes.retrieve(sent["id"]).status == "won"

    with pytest.raises(urllib.error.HTTPError) as refused:
        control(standin, f"/_standin/disputes/{sent['id']}/close?outcome=lost")
    assert refused.value.code == 400
    assert len(standin.events) == 5


def test_the_control_closes_a_dispute_lost(sdk, standin, receiver):
    _, sent = disputed_payment(sdk, standin, receiver)

    lost = standin.close_dispute(sent["id"], won=False)

    assert lost["status"] == "lost" and len(lost["balance_transactions"]) == 1
    [closed] = receiver.events()[3:]
    assert (closed["type"], closed["data"]["object"]["status"]) == ("charge.dispute.closed", "lost")

    with pytest.raises(urllib.error.HTTPError) as refused:
        control(standin, f"/_standin/disputes/{sent['id']}/close?outcome=won")
    assert refused.value.code == 400
    with pytest.raises(urllib.error.HTTPError) as unclear:
        control(standin, f"/_standin/disputes/{sent['id']}/close?outcome=maybe")
    assert unclear.value.code == 400


def test_the_merchant_accepts_a_dispute_through_the_api_and_loses_it(sdk, standin, receiver):
    _, sent = disputed_payment(sdk, standin, receiver)

    closed = sdk.v1.disputes.close(sent["id"])

    assert closed.status == "lost"
    receiver.wait_for(4)
    [event] = receiver.events()[3:]
    assert (event["type"], event["data"]["object"]["id"]) == ("charge.dispute.closed", sent["id"])
    assert event["data"]["object"]["status"] == "lost"
    assert event["request"]["id"].startswith("req_")
    with pytest.raises(stripe.InvalidRequestError) as again:
        sdk.v1.disputes.close(sent["id"])
    assert again.value.http_status == 400


def test_evidence_submitted_puts_the_dispute_under_review(sdk, standin, receiver):
    _, sent = disputed_payment(sdk, standin, receiver)

    answered = sdk.v1.disputes.update(
        sent["id"],
        {"evidence": {"uncategorized_text": "Course accessed 14 times"}, "metadata": {"order_id": "17"}},
    )

    assert answered.status == "under_review"
    assert answered.evidence.uncategorized_text == "Course accessed 14 times"
    details = answered.evidence_details
    assert (details.has_evidence, details.submission_count) == (True, 1)
    receiver.wait_for(4)
    [updated] = receiver.events()[3:]
    assert updated["type"] == "charge.dispute.updated"
    assert updated["data"]["previous_attributes"]["status"] == "needs_response"
    assert updated["data"]["object"]["metadata"] == {"order_id": "17"}
    # Under review, the bank may still decide either way.
    assert standin.close_dispute(sent["id"], won=True)["status"] == "won"


def test_a_refund_of_a_disputed_charge_is_refused_as_stripe_refuses_it(sdk, standin, receiver):
    intent, sent = disputed_payment(sdk, standin, receiver)

    with pytest.raises(stripe.InvalidRequestError) as refused:
        sdk.v1.refunds.create({"payment_intent": intent.id})

    assert (refused.value.http_status, refused.value.code) == (400, "charge_disputed")
    assert refused.value.user_message == (
        f"Charge {intent.latest_charge} has been charged back; cannot issue a refund."
    )
    with pytest.raises(stripe.InvalidRequestError, match="charged back"):
        sdk.v1.refunds.create({"charge": intent.latest_charge, "amount": 100})
    standin.close_dispute(sent["id"], won=False)
    with pytest.raises(stripe.InvalidRequestError, match="charged back"):  # lost: the bank paid it back
        sdk.v1.refunds.create({"payment_intent": intent.id})
    assert sdk.v1.charges.retrieve(intent.latest_charge).amount_refunded == 0
    assert "refund.created" not in types(receiver)


def test_a_charge_whose_dispute_was_won_can_be_refunded(sdk, standin, receiver):
    intent, sent = disputed_payment(sdk, standin, receiver)
    standin.close_dispute(sent["id"], won=True)
    assert sdk.v1.refunds.create({"payment_intent": intent.id}).status == "succeeded"


def test_the_session_control_pays_with_the_disputed_card_too(sdk, standin, receiver):
    session = sdk.v1.checkout.sessions.create(session_params())

    control(standin, f"/_standin/sessions/{session.id}/complete?card=4000000000000259")

    assert types(receiver) == DISPUTE_OPENED
    assert receiver.events()[1]["data"]["object"]["payment_intent"] == (
        sdk.v1.checkout.sessions.retrieve(session.id).payment_intent
    )


def test_with_a_dispute_delay_the_dispute_comes_later_or_on_request(monkeypatch, receiver):
    monkeypatch.setattr(server, "EXPIRY_SWEEP_SECONDS", 0.1)
    with StripeStandin(
        secret_key=SECRET_KEY, webhook_secret=WEBHOOK_SECRET, webhook_url=receiver.url, dispute_delay=0.3
    ) as standin:
        sdk = stripe.StripeClient(SECRET_KEY, base_addresses={"api": standin.url}, max_network_retries=0)
        later = paid_with(sdk, standin, DISPUTED)
        assert types(receiver) == ["checkout.session.completed"]
        assert sdk.v1.charges.retrieve(later.latest_charge).disputed is False
        deadline = time.monotonic() + 5
        while not sdk.v1.charges.retrieve(later.latest_charge).disputed and time.monotonic() < deadline:
            time.sleep(0.05)
        receiver.wait_for(3)
        assert types(receiver) == DISPUTE_OPENED

        now = paid_with(sdk, standin, DISPUTED)
        dispute = control(standin, f"/_standin/charges/{now.latest_charge}/dispute")
        assert (dispute["charge"], dispute["status"]) == (now.latest_charge, "needs_response")
        time.sleep(0.5)  # the sweep does not open a second one
        assert len(sdk.v1.disputes.list({"charge": now.latest_charge}).data) == 1


# -- the early fraud warning card -------------------------------------------------------------------


def test_the_early_fraud_warning_card_pays_then_gets_a_warning(sdk, standin, receiver):
    intent = paid_with(sdk, standin, FRAUD_WARNING)

    assert types(receiver) == ["checkout.session.completed", "radar.early_fraud_warning.created"]
    warning = receiver.events()[1]["data"]["object"]
    assert warning["id"].startswith("issfr_")
    assert warning["object"] == "radar.early_fraud_warning"
    assert (warning["actionable"], warning["fraud_type"]) == (True, "made_with_stolen_card")
    assert (warning["charge"], warning["payment_intent"]) == (intent.latest_charge, intent.id)
    assert (warning["livemode"], isinstance(warning["created"], int)) == (False, True)
    charge = sdk.v1.charges.retrieve(intent.latest_charge)
    assert (charge.paid, charge.disputed, charge.payment_method_details.card.last4) == (True, False, "5423")

    retrieved = sdk.v1.radar.early_fraud_warnings.retrieve(warning["id"])
    assert isinstance(retrieved, stripe.radar.EarlyFraudWarning)
    assert retrieved.to_dict() == warning
    listed = sdk.v1.radar.early_fraud_warnings.list({"payment_intent": intent.id})
    assert [item.id for item in listed.data] == [warning["id"]]


def test_a_full_refund_makes_the_warning_no_longer_actionable(sdk, standin, receiver):
    intent = paid_with(sdk, standin, FRAUD_WARNING)
    [_, created] = receiver.events()

    sdk.v1.refunds.create({"payment_intent": intent.id, "amount": 500})
    receiver.wait_for(4)
    assert "radar.early_fraud_warning.updated" not in types(receiver)  # a partial refund is not enough

    sdk.v1.refunds.create({"payment_intent": intent.id})

    receiver.wait_for(7)
    events = receiver.events()
    assert [event["type"] for event in events[4:]] == [
        "charge.refunded",
        "refund.created",
        "radar.early_fraud_warning.updated",
    ]
    updated = events[6]["data"]
    assert updated["object"]["id"] == created["data"]["object"]["id"]
    assert updated["object"]["actionable"] is False
    assert updated["previous_attributes"] == {"actionable": True}
    assert sdk.v1.radar.early_fraud_warnings.retrieve(updated["object"]["id"]).actionable is False


def test_the_session_control_pays_with_the_early_fraud_warning_card_too(sdk, standin, receiver):
    session = sdk.v1.checkout.sessions.create(session_params())
    standin.complete_session(session.id, card="4000000000005423")
    assert types(receiver) == ["checkout.session.completed", "radar.early_fraud_warning.created"]


def test_a_dispute_of_a_warned_charge_makes_the_warning_no_longer_actionable(sdk, standin, receiver):
    intent = paid_with(sdk, standin, FRAUD_WARNING)

    standin.dispute_charge(intent.latest_charge)

    assert types(receiver)[1:] == [
        "radar.early_fraud_warning.created",
        "charge.dispute.created",
        "charge.dispute.funds_withdrawn",
        "radar.early_fraud_warning.updated",
    ]
    assert receiver.events()[-1]["data"]["object"]["actionable"] is False
    with pytest.raises(urllib.error.HTTPError) as twice:
        control(standin, f"/_standin/charges/{intent.latest_charge}/dispute")
    assert twice.value.code == 400
