"""Stripe slow at checkout: a local server accepts the connection and never answers.

The buyer is told "card payment is not available right now, and nothing was charged" once the gateway's read
timeout has run out on each attempt (payments/gateway.py: TIMEOUT, MAX_NETWORK_RETRIES; a read timeout is
retried, safely, since the request carries an idempotency key); the order stays pending, without a session.
The test shortens the read timeout to 1 s; the time to the message is bounded by
(MAX_NETWORK_RETRIES + 1) × read timeout + the SDK's pauses between attempts (at most 0.5 s and 1 s).
"""

import socket
import threading
import time

import pytest

from courses.models import Entitlement
from payments import gateway
from payments.models import Order

READ_TIMEOUT = 1.0
PAUSES = 0.5 + 1.0  # stripe's HTTPClient sleeps between retries: 0.5 s, then at most 1 s


@pytest.fixture
def stripe_silent(settings):
    """STRIPE_API_BASE at a loopback server that accepts connections, reads, and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held, stopping = [], threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stopping.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{server.getsockname()[1]}"
    try:
        yield held
    finally:
        stopping.set()
        thread.join(timeout=5)
        for sock in held:
            sock.close()
        server.close()


@pytest.fixture
def short_read_timeout(monkeypatch):
    monkeypatch.setattr(gateway, "TIMEOUT", (1.0, READ_TIMEOUT))
    gateway._client_for.cache_clear()  # clients are built once per key and address, with the timeout
    yield
    gateway._client_for.cache_clear()


@pytest.mark.django_db
def test_stripe_that_never_answers_gets_the_buyer_a_clear_message_within_the_timeout(
    buyer_client, priced_material, stripe_silent, short_read_timeout
):
    attempts = gateway.MAX_NETWORK_RETRIES + 1

    started = time.monotonic()
    response = buyer_client.post(f"/en/payments/buy/{priced_material.pk}/")
    elapsed = time.monotonic() - started

    assert response.status_code == 302 and response["Location"] == priced_material.url
    page = buyer_client.get(response["Location"]).content.decode()
    order = Order.objects.get()
    assert "Card payment is not available right now, and nothing was charged" in page
    assert order.reference in page
    assert attempts * READ_TIMEOUT <= elapsed <= attempts * READ_TIMEOUT + PAUSES + 1.5, elapsed
    assert len(stripe_silent) == attempts  # each attempt connected, and waited for an answer in vain
    assert order.status == Order.Status.PENDING and order.stripe_session_id is None and order.paid_at is None
    assert not Entitlement.objects.exists()
    print(f"slow Stripe: message after {elapsed:.2f} s ({attempts} attempts × {READ_TIMEOUT} s read timeout)")
