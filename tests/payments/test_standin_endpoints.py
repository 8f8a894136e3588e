"""The Stripe stand-in's webhook endpoints and delayed payment methods, driven by the real stripe SDK.

Webhook endpoints as in Stripe: each gets the event types it asks for, rendered in its API version (the
account's default when it has none) and signed with its own secret, shown once; a version is never
changed. A delayed method (a bank debit, OXXO, a boleto) completes the session unpaid; a test control
then makes the payment succeed or fail, each with its event. No database is needed.
"""

from __future__ import annotations

import pytest
import stripe

from payments.standin import StripeStandin

from .test_standin import SECRET_KEY, WEBHOOK_SECRET, Receiver, browse, control, session_params

PINNED = "2026-10-28.endive"
OLDER = "2025-03-31.basil"


@pytest.fixture
def receivers():
    made = [Receiver(), Receiver()]
    yield made
    for receiver in made:
        receiver.server.shutdown()
        receiver.server.server_close()


@pytest.fixture
def standin(receivers):
    """A stand-in for an account whose default API version is older than the one the portal pins; its
    configured address (every event, like `stripe listen`) is the first receiver."""
    with StripeStandin(
        secret_key=SECRET_KEY,
        webhook_secret=WEBHOOK_SECRET,
        webhook_url=receivers[0].url,
        retry_delays=(),
        account_api_version=OLDER,
    ) as standin:
        yield standin


@pytest.fixture
def sdk(standin):
    return stripe.StripeClient(SECRET_KEY, base_addresses={"api": standin.url}, max_network_retries=0)


def verified(receiver: Receiver, secret: str) -> list[dict]:
    """What arrived, each checked against the signing secret as the portal checks it."""
    events = [
        stripe.Webhook.construct_event(request["body"], request["headers"]["Stripe-Signature"], secret)
        for request in receiver.requests
    ]
    return [event.to_dict() for event in events]


# -- webhook endpoints ------------------------------------------------------------------------------


def test_an_endpoint_gets_only_its_types_in_its_version_signed_with_its_own_secret(sdk, standin, receivers):
    everything, portal = receivers
    endpoint = sdk.v1.webhook_endpoints.create(
        {"url": portal.url, "enabled_events": ["checkout.session.completed"], "api_version": PINNED}
    )
    assert endpoint.secret.startswith("whsec_") and endpoint.secret != WEBHOOK_SECRET
    assert (endpoint.api_version, endpoint.status, endpoint.enabled_events) == (
        PINNED,
        "enabled",
        ["checkout.session.completed"],
    )

    paid = sdk.v1.checkout.sessions.create(session_params())
    standin.complete_session(paid.id)
    sdk.v1.checkout.sessions.expire(sdk.v1.checkout.sessions.create(session_params()).id)
    standin.wait_idle()

    [completed] = verified(portal, endpoint.secret)
    assert (completed["type"], completed["api_version"]) == ("checkout.session.completed", PINNED)
    # The address configured on the command line gets every event, in the account's default version.
    forwarded = verified(everything, WEBHOOK_SECRET)
    assert [(event["type"], event["api_version"]) for event in forwarded] == [
        ("checkout.session.completed", OLDER),
        ("checkout.session.expired", OLDER),
    ]
    assert forwarded[0]["id"] == completed["id"]  # one event, a copy for each destination
    with pytest.raises(stripe.SignatureVerificationError):
        verified(portal, WEBHOOK_SECRET)
    copies = [record for record in standin.events if record["id"] == completed["id"]]
    assert {(record["endpoint"], record["api_version"]) for record in copies} == {
        (None, OLDER),
        (endpoint.id, PINNED),
    }


def test_an_endpoint_without_a_version_gets_the_accounts_default(sdk, standin, receivers):
    endpoint = sdk.v1.webhook_endpoints.create({"url": receivers[1].url, "enabled_events": ["*"]})
    assert endpoint.api_version is None

    standin.complete_session(sdk.v1.checkout.sessions.create(session_params()).id)

    [event] = verified(receivers[1], endpoint.secret)
    assert event["api_version"] == OLDER


def test_a_version_is_never_changed_and_the_secret_is_shown_only_at_creation(sdk, standin, receivers):
    endpoint = sdk.v1.webhook_endpoints.create(
        {"url": receivers[1].url, "enabled_events": ["refund.created"], "api_version": OLDER}
    )

    with pytest.raises(stripe.InvalidRequestError, match="api_version"):
        sdk.v1.webhook_endpoints.update(endpoint.id, {"api_version": PINNED})
    updated = sdk.v1.webhook_endpoints.update(
        endpoint.id, {"enabled_events": ["checkout.session.completed", "refund.created"]}
    )
    assert updated.enabled_events == ["checkout.session.completed", "refund.created"]
    assert updated.api_version == OLDER and "secret" not in updated.to_dict()
    assert "secret" not in sdk.v1.webhook_endpoints.retrieve(endpoint.id).to_dict()
    with pytest.raises(stripe.InvalidRequestError, match="Invalid API version"):
        sdk.v1.webhook_endpoints.create(
            {"url": receivers[1].url, "enabled_events": ["*"], "api_version": "x"}
        )
    with pytest.raises(stripe.InvalidRequestError, match="enabled_events"):
        sdk.v1.webhook_endpoints.create({"url": receivers[1].url, "enabled_events": ["not an event"]})

    sdk.v1.webhook_endpoints.update(endpoint.id, {"disabled": True})
    standin.complete_session(sdk.v1.checkout.sessions.create(session_params()).id)
    assert receivers[1].requests == []  # a disabled endpoint gets nothing
    assert sdk.v1.webhook_endpoints.retrieve(endpoint.id).status == "disabled"


def test_endpoints_are_listed_newest_first_a_page_at_a_time(sdk, receivers):
    made = [
        sdk.v1.webhook_endpoints.create({"url": f"{receivers[1].url}?n={number}", "enabled_events": ["*"]}).id
        for number in range(3)
    ]

    first = sdk.v1.webhook_endpoints.list({"limit": 2})
    assert [endpoint.id for endpoint in first.data] == made[::-1][:2] and first.has_more
    listed = [endpoint.id for endpoint in first.auto_paging_iter()]
    assert listed == made[::-1]


# -- delayed payment methods ------------------------------------------------------------------------


def test_a_delayed_method_completes_the_session_unpaid_then_the_payment_succeeds(sdk, standin, receivers):
    session = sdk.v1.checkout.sessions.create(session_params())
    assert session.payment_method_types == ["card", "us_bank_account"]
    status, _headers, page = browse(session.url)
    assert status == 200 and "Pay later with ACH Direct Debit" in page

    status, headers, _ = browse(session.url, {"method": "delayed"})

    assert status == 303 and session.id in headers["Location"]
    [completed] = verified(receivers[0], WEBHOOK_SECRET)
    unpaid = completed["data"]["object"]
    assert completed["type"] == "checkout.session.completed"
    assert (unpaid["status"], unpaid["payment_status"]) == ("complete", "unpaid")
    intent = sdk.v1.payment_intents.retrieve(unpaid["payment_intent"])
    assert (intent.status, intent.latest_charge) == ("processing", None)

    settled = control(standin, f"/_standin/sessions/{session.id}/delayed_payment/succeed")

    assert settled["payment_status"] == "paid"
    succeeded = verified(receivers[0], WEBHOOK_SECRET)[1]
    assert succeeded["type"] == "checkout.session.async_payment_succeeded"
    assert succeeded["data"]["object"]["payment_status"] == "paid"
    intent = sdk.v1.payment_intents.retrieve(unpaid["payment_intent"])
    charge = sdk.v1.charges.retrieve(intent.latest_charge)
    assert intent.status == "succeeded" and charge.payment_method_details.type == "us_bank_account"
    assert sdk.v1.refunds.create({"payment_intent": intent.id, "amount": 500}).status == "succeeded"


def test_a_delayed_payment_that_fails_sends_the_failed_event_once(sdk, standin, receivers):
    session = sdk.v1.checkout.sessions.create(session_params())
    standin.complete_session(session.id, delayed=True)

    failed = standin.settle_delayed_payment(session.id, succeeded=False)

    assert (failed["status"], failed["payment_status"]) == ("complete", "unpaid")
    types = [event["type"] for event in verified(receivers[0], WEBHOOK_SECRET)]
    assert types == ["checkout.session.completed", "checkout.session.async_payment_failed"]
    intent = sdk.v1.payment_intents.retrieve(failed["payment_intent"])
    assert intent.status == "requires_payment_method" and intent.last_payment_error.code
    with pytest.raises(stripe.InvalidRequestError):
        sdk.v1.refunds.create({"payment_intent": intent.id})
    answer = browse(f"{standin.url}/_standin/sessions/{session.id}/delayed_payment/succeed", {})
    assert answer[0] == 400  # nothing is waiting any more


def test_only_currencies_with_a_delayed_method_offer_one(sdk, standin):
    line_items = session_params()["line_items"]
    line_items[0]["price_data"]["currency"] = "cop"
    session = sdk.v1.checkout.sessions.create(session_params(line_items=line_items))

    assert session.payment_method_types == ["card"]
    assert "Pay later" not in browse(session.url)[2]
    refused = browse(f"{standin.url}/_standin/sessions/{session.id}/complete?method=delayed", {})
    assert refused[0] == 400 and "No delayed payment method" in refused[2]
