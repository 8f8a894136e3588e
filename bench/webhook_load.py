"""The webhook benchmark's load: Stripe's events for an order (the completed checkout that pays it, and
the others mixed in: a refund's update), signed as Stripe signs them, and the client processes that send
requests back to back over keep-alive connections and return their latencies and statuses. Used by
bench/webhooks.py."""

import hashlib
import hmac
import http.client
import json
import time
from collections import Counter

from bench.load import percentile_ms

WEBHOOK_SECRET = "whsec_bench_only"  # noqa: S105 — given to the server started here, never a real secret
CLIENT_TIMEOUT = 60
# The API version the portal pins (payments/gateway.py): an event in another one is refused.
API_VERSION = "2026-10-28.endive"
# What the refund mixed into an order gives back: a part of its 12.50, so the buyer keeps the item.
REFUND_MINOR = 250


def _event(event_id: str, event_type: str, obj: dict) -> bytes:
    """An event as Stripe sends it, as raw JSON."""
    event = {
        "id": event_id,
        "object": "event",
        "api_version": API_VERSION,
        "created": int(time.time()),
        "data": {"object": obj},
        "livemode": False,
        "type": event_type,
    }
    return json.dumps(event).encode()


def _order_metadata(order: dict) -> dict:
    return {"order_id": str(order["id"]), "order_reference": order["reference"]}


def checkout_completed(order: dict) -> bytes:
    """The event Stripe sends once the buyer has paid."""
    session = {
        "id": order["session"],
        "object": "checkout.session",
        "amount_total": order["amount_minor"],
        "currency": order["currency"],
        "client_reference_id": str(order["id"]),
        "metadata": _order_metadata(order),
        "mode": "payment",
        "payment_intent": f"pi_bench_{order['id']}",
        "payment_status": "paid",
        "status": "complete",
    }
    return _event(f"evt_bench_{order['id']}", "checkout.session.completed", session)


def refund_updated(order: dict) -> bytes:
    """The update Stripe sends when a coordinator's partial refund of the order has gone through (the
    refund carries the order in its metadata, as the portal's refunds do): it may arrive before the
    payment's own event, as deliveries come in any order."""
    refund = {
        "id": f"re_bench_{order['id']}",
        "object": "refund",
        "amount": REFUND_MINOR,
        "charge": f"ch_bench_{order['id']}",
        "created": int(time.time()),
        "currency": order["currency"],
        "metadata": _order_metadata(order),
        "payment_intent": f"pi_bench_{order['id']}",
        "reason": "requested_by_customer",
        "status": "succeeded",
    }
    return _event(f"evt_bench_refund_{order['id']}", "refund.updated", refund)


def dispute_created(order: dict) -> bytes:
    """The event Stripe sends when the buyer's bank disputes the payment (days after it: the bench delivers
    it after the payment's first delivery, bench/webhooks.py). The dispute names the PaymentIntent."""
    dispute = {
        "id": f"dp_bench_{order['id']}",
        "object": "dispute",
        "amount": order["amount_minor"],
        "charge": f"ch_bench_{order['id']}",
        "created": int(time.time()),
        "currency": order["currency"],
        "evidence_details": {
            "due_by": int(time.time()) + 7 * 86400,
            "has_evidence": False,
            "past_due": False,
            "submission_count": 0,
        },
        "is_charge_refundable": False,
        "livemode": False,
        "metadata": {},
        "payment_intent": f"pi_bench_{order['id']}",
        "reason": "fraudulent",
        "status": "needs_response",
    }
    return _event(f"evt_bench_dispute_{order['id']}", "charge.dispute.created", dispute)


def signature(body: bytes, timestamp: int) -> str:
    """Stripe's `Stripe-Signature` header: HMAC-SHA256 of "<timestamp>.<body>" with the webhook secret."""
    digest = hmac.new(WEBHOOK_SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def client_run(port, method, path, bodies, start_at):
    """One client: send its requests back to back (POST each signed body, or GET `path` as many times);
    return the latencies, the statuses and when it started and finished. Runs in a worker process."""
    time.sleep(max(0.0, start_at - time.time()))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
    latencies, statuses = [], Counter()
    started = time.time()
    for body, header in bodies:
        sent = time.perf_counter()
        try:
            if method == "POST":
                headers = {"Content-Type": "application/json", "Stripe-Signature": header}
                connection.request("POST", path, body=body, headers=headers)
            else:
                connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            status = type(error).__name__
        latencies.append(time.perf_counter() - sent)
        statuses[status] += 1
    finished = time.time()
    connection.close()
    return latencies, statuses, started, finished


def load(pool, port, method, path, requests, clients):
    """Share the requests out among the clients (round robin), start them together, return statistics."""
    start_at = time.time() + 0.5
    shares = [requests[index::clients] for index in range(clients)]
    futures = [pool.submit(client_run, port, method, path, share, start_at) for share in shares]
    latencies, statuses, starts, ends = [], Counter(), [], []
    for future in futures:
        client_latencies, client_statuses, started, finished = future.result(timeout=CLIENT_TIMEOUT * 10)
        latencies += client_latencies
        statuses += client_statuses
        starts.append(started)
        ends.append(finished)
    seconds = max(ends) - min(starts)
    latencies.sort()
    return {
        "requests": len(latencies),
        "seconds": round(seconds, 3),
        "rps": round(len(latencies) / seconds, 1),
        "p50_ms": percentile_ms(latencies, 50),
        "p95_ms": percentile_ms(latencies, 95),
        "p99_ms": percentile_ms(latencies, 99),
        "statuses": {str(status): count for status, count in sorted(statuses.items(), key=str)},
        "errors": sum(count for status, count in statuses.items() if status != 200),
    }
