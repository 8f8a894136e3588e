"""Orders, Checkout Sessions, charges and webhook events as Stripe sends them, signed like Stripe."""

import hashlib
import hmac
import json
import threading
import time
from itertools import count

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client

from payments.models import Order

WEBHOOK_URL = "/payments/webhook/"
_ids = count(1)


def open_order(buyer, item, **fields) -> Order:
    """A pending order with a Checkout Session, as `checkout_start` leaves it (without asking Stripe)."""
    number = next(_ids)
    return Order.objects.create(
        buyer=buyer,
        item=item,
        item_title=item.title,
        amount=item.price,
        currency=item.currency,
        stripe_session_id=f"cs_test_order{number}",
        checkout_url=f"https://checkout.example/pay/cs_test_order{number}",
        **fields,
    )


def session_for(order: Order, **changes) -> dict:
    """The Checkout Session of an order as Stripe reports it once paid."""
    session = {
        "id": order.stripe_session_id,
        "object": "checkout.session",
        "amount_total": order.amount_minor,
        "currency": order.currency,
        "client_reference_id": str(order.pk),
        "metadata": {"order_id": str(order.pk), "order_reference": order.reference},
        "mode": "payment",
        "payment_intent": f"pi_test_{order.pk}",
        "payment_status": "paid",
        "status": "complete",
    }
    session.update(changes)
    return session


def charge_for(order: Order, *, refunded_minor: int, **changes) -> dict:
    """The charge of an order's payment, with Stripe's copy of the PaymentIntent's metadata."""
    charge = {
        "id": f"ch_test_{order.pk}",
        "object": "charge",
        "amount": order.amount_minor,
        "amount_refunded": refunded_minor,
        "currency": order.currency,
        "metadata": {"order_id": str(order.pk), "order_reference": order.reference},
        "payment_intent": f"pi_test_{order.pk}",
        "refunded": refunded_minor == order.amount_minor,
    }
    charge.update(changes)
    return charge


def event(event_type: str, obj: dict, event_id: str | None = None) -> dict:
    return {
        "id": event_id or f"evt_test_{next(_ids)}",
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": int(time.time()),
        "data": {"object": obj},
        "livemode": False,
        "type": event_type,
    }


def sign(body: str, *, secret: str | None = None, timestamp: int | None = None) -> str:
    """The Stripe-Signature header Stripe would send for this raw body."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    secret = settings.STRIPE_WEBHOOK_SECRET if secret is None else secret
    digest = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def deliver(client: Client | None, stripe_event: dict, **signing):
    """POST an event to the webhook as Stripe does: the raw JSON body, signed."""
    body = json.dumps(stripe_event)
    client = client or Client()
    return client.post(
        WEBHOOK_URL, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=sign(body, **signing)
    )


def in_threads(*calls):
    """Run the calls at the same moment, each in its own thread with its own database connection."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers and ignores SELECT ... FOR UPDATE: concurrency is tested on PostgreSQL",
)
