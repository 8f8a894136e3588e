"""The webhook's API version: events in another version than the pinned one are refused (and delivered
again by Stripe), and `manage.py stripe_webhook_endpoint` registers the endpoint that sends the right one.

Through the real SDK against the stand-in, which renders each event in its endpoint's version (the
account's default when the endpoint has none) and delivers it to the live portal.
"""

import io
import logging
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from payments import events, gateway
from payments.models import Order, StripeEvent
from payments.standin import StripeStandin

OLDER = "2025-03-31.basil"
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def old_account(live_server, settings):
    """A Stripe account whose default API version is older than the pinned one, forwarding every event to
    the live portal in that version (as `stripe listen` does without `--latest`)."""
    with StripeStandin(
        secret_key=settings.STRIPE_SECRET_KEY,
        webhook_secret=settings.STRIPE_WEBHOOK_SECRET,
        webhook_url=f"{live_server.url}/payments/webhook/",
        retry_delays=(30.0,),  # a retry is queued, not made during the test
        account_api_version=OLDER,
    ) as standin:
        settings.STRIPE_API_BASE = standin.url
        yield standin


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command("stripe_webhook_endpoint", *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def buy(client, item) -> Order:
    client.post(f"/es/payments/buy/{item.pk}/")
    return Order.objects.get(item=item, status=Order.Status.PENDING)


def test_an_event_in_another_api_version_is_refused_with_a_clear_log_line_and_comes_again(
    buyer_client, priced_material, old_account, caplog
):
    order = buy(buyer_client, priced_material)

    with caplog.at_level(logging.ERROR, logger="payments.views"):
        old_account.complete_session(order.stripe_session_id)

    [record] = old_account.events
    assert (record["api_version"], record["delivered"], record["last_status"]) == (OLDER, False, 400)
    assert record["retry_scheduled"]  # a 400 is a failed delivery: Stripe sends the event again
    [line] = [entry.getMessage() for entry in caplog.records if entry.levelno == logging.ERROR]
    assert record["id"] in line and "checkout.session.completed" in line
    assert OLDER in line and gateway.API_VERSION in line
    assert "manage.py stripe_webhook_endpoint --url" in line and "/payments/webhook/" in line
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING and not StripeEvent.objects.exists()


def test_the_command_pins_the_version_and_the_events_and_the_portal_then_accepts_them(
    buyer_client, priced_material, old_account, live_server, settings
):
    url = f"{live_server.url}/payments/webhook/"

    output = run(url=url)

    [endpoint] = old_account.state.webhook_endpoints.values()
    assert (endpoint["url"], endpoint["api_version"]) == (url, gateway.API_VERSION)
    assert endpoint["enabled_events"] == sorted(events.HANDLERS)
    secret = old_account.state.webhook_secrets[endpoint["id"]]
    assert f"STRIPE_WEBHOOK_SECRET={secret}" in output and "only now" in output
    settings.STRIPE_WEBHOOK_SECRET = secret  # as the operator is told to
    old_account.webhook_url = None  # and `stripe listen` is stopped

    order = buy(buyer_client, priced_material)
    old_account.complete_session(order.stripe_session_id)

    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    [delivered] = [record for record in old_account.events if record["endpoint"] == endpoint["id"]]
    assert (delivered["api_version"], delivered["last_status"]) == (gateway.API_VERSION, 200)


def test_running_it_again_brings_the_events_up_to_date_and_keeps_the_secret(
    old_account, live_server, monkeypatch
):
    url = f"{live_server.url}/payments/webhook/"
    run(url=url)
    [endpoint] = old_account.state.webhook_endpoints.values()

    assert "is up to date" in run(url=url)
    monkeypatch.setitem(events.HANDLERS, "charge.dispute.created", lambda obj: None)
    old_account.state.webhook_endpoints[endpoint["id"]]["status"] = "disabled"
    output = run(url=url)

    assert f"Updated {endpoint['id']}" in output and "STRIPE_WEBHOOK_SECRET=" not in output
    assert len(old_account.state.webhook_endpoints) == 1
    assert endpoint["enabled_events"] == sorted(events.HANDLERS) and endpoint["status"] == "enabled"
    assert "charge.dispute.created" in endpoint["enabled_events"]


def test_an_endpoint_in_another_version_is_replaced_only_when_asked(old_account, live_server):
    url = f"{live_server.url}/payments/webhook/"
    sdk = gateway.client()
    old = sdk.v1.webhook_endpoints.create({"url": url, "enabled_events": ["*"], "api_version": OLDER})
    unpinned = sdk.v1.webhook_endpoints.create({"url": url, "enabled_events": ["*"]})
    elsewhere = sdk.v1.webhook_endpoints.create({"url": f"{url}?other", "enabled_events": ["*"]})

    with pytest.raises(CommandError, match="--replace") as refusal:
        run(url=url)
    assert old.id in str(refusal.value) and unpinned.id in str(refusal.value)
    assert len(old_account.state.webhook_endpoints) == 3

    output = run(url=url, replace=True)

    endpoints = old_account.state.webhook_endpoints
    [new] = [e for e in endpoints.values() if e["api_version"] == gateway.API_VERSION]
    assert "STRIPE_WEBHOOK_SECRET=whsec_" in output
    assert f"Switched off {old.id}" in output and f"Switched off {unpinned.id}" in output
    assert {endpoint_id: e["status"] for endpoint_id, e in endpoints.items()} == {
        old.id: "disabled",
        unpinned.id: "disabled",
        elsewhere.id: "enabled",  # another address: not this portal's business
        new["id"]: "enabled",
    }


def test_without_stripe_the_command_says_so(settings, stripe_down):
    with pytest.raises(CommandError, match="Stripe did not do it"):
        run(url="https://portal.example/payments/webhook/")
    with pytest.raises(CommandError, match="full address"):
        run(url="/payments/webhook/")


@pytest.mark.parametrize("doc", ["payments.md", "deployment.md"])
def test_the_docs_list_exactly_the_events_the_portal_handles_and_the_setup_command(doc):
    text = (DOCS / doc).read_text()
    section = text.split("<!-- webhook events -->")[1].split("<!-- /webhook events -->")[0]
    listed = re.findall(r"`([a-z_]+(?:\.[a-z_]+)+)`", section)
    assert sorted(listed) == sorted(events.HANDLERS) and len(listed) == len(set(listed))
    assert "manage.py stripe_webhook_endpoint --url https://" in text
