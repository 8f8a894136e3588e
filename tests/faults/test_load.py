"""A short load on loopback: gunicorn (4 workers, persistent connections) on PostgreSQL, for a fixed window,
receives signed Stripe webhook deliveries (every event twice, shuffled: half are duplicates) while other
clients download files (a licensed PDF, stamped, and one without licence) and read pages.

No request may fail (no 5xx, no broken connection), and each order is fulfilled exactly once: one purchase
entitlement, one receipt e-mail (written by the file-based e-mail backend into a temporary outbox), one
stored event. Receipts are sent by the immediate task backend, inside the webhook request, as in the demo
(bench/webhooks.py measures the database backend). The database is the test database of this run (the
rows committed by this transactional test), the files the test's own private directory.
"""

import collections
import http.client
import json
import random
import threading
import time
from contextlib import closing

import pytest
from django.utils import translation

from courses.models import DownloadEvent, Entitlement
from payments.models import Order, StripeEvent

from .. import factories
from ..payments.helpers import WEBHOOK_URL, event, open_order, postgresql_only, session_for, sign
from .processes import environment, gunicorn
from .test_worker_killed import outbox_messages

WINDOW = 20  # seconds of load
ORDERS = 80
WEBHOOK_CLIENTS = 3
READ_CLIENTS = 5


def request(connection, method, path, body=None, headers=None):
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    response.read()
    return response.status


@postgresql_only
@pytest.mark.slow  # about 30 s (20 s of load); part of the normal run
@pytest.mark.django_db(transaction=True)
def test_webhooks_downloads_and_pages_under_load_fail_nothing_and_fulfil_each_order_once(
    tree, priced_material, public_material, tmp_path
):
    licensed = factories.MaterialPageFactory(
        parent=tree.materials, title="Guía con licencia", licence=factories.LicenceFactory()
    )  # not a shipped licence: an earlier transactional test's flush removed those
    factories.add_file(licensed, "guia-licencia.pdf")
    buyers = [factories.UserFactory() for _ in range(ORDERS)]
    orders = [open_order(buyer, priced_material) for buyer in buyers]
    with translation.override("es"):
        reads = [
            "/es/",
            tree.materials.url,
            licensed.url,
            licensed.files.get().get_download_url(),
            public_material.files.get().get_download_url(),
        ]
    deliveries = [
        json.dumps(event("checkout.session.completed", session_for(order), f"evt_load_{order.pk}"))
        for order in orders
    ] * 2
    random.Random(2026).shuffle(deliveries)
    queue, lock = collections.deque(deliveries), threading.Lock()
    statuses = collections.Counter()
    outbox = tmp_path / "outbox"
    env = environment(outbox, DATABASE_CONN_MAX_AGE="60")

    with gunicorn(env, workers=4, log=tmp_path / "gunicorn.log") as port:
        deadline = time.monotonic() + WINDOW
        pace = WINDOW * 0.75 / len(deliveries) * WEBHOOK_CLIENTS  # deliveries spread over most of the window

        def deliver():
            with closing(http.client.HTTPConnection("127.0.0.1", port, timeout=30)) as connection:
                while True:
                    with lock:
                        if not queue:
                            return
                        body = queue.popleft()
                    headers = {"Content-Type": "application/json", "Stripe-Signature": sign(body)}
                    record(
                        "webhook", lambda b=body, h=headers: request(connection, "POST", WEBHOOK_URL, b, h)
                    )
                    time.sleep(pace)

        def read(index):
            with closing(http.client.HTTPConnection("127.0.0.1", port, timeout=30)) as connection:
                number = index
                while time.monotonic() < deadline:
                    path = reads[number % len(reads)]
                    number += 1
                    record(path, lambda p=path: request(connection, "GET", p))

        def record(what, send):
            try:
                status = send()
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
            with lock:
                statuses[(what, status)] += 1

        threads = [threading.Thread(target=deliver) for _ in range(WEBHOOK_CLIENTS)]
        threads += [threading.Thread(target=read, args=(index,)) for index in range(READ_CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=WINDOW + 60)
        assert not any(thread.is_alive() for thread in threads)

    print(f"load over {WINDOW} s: {sum(statuses.values())} requests, {dict(statuses)}")
    failures = {key: count for key, count in statuses.items() if not isinstance(key[1], int) or key[1] >= 500}
    assert not failures
    assert statuses[("webhook", 200)] == len(deliveries)
    assert {status for (what, status) in statuses if what != "webhook"} <= {200}
    assert sum(count for (what, _), count in statuses.items() if what != "webhook") > 100

    assert Order.objects.filter(status=Order.Status.PAID).count() == ORDERS
    purchases = Entitlement.objects.filter(source=Entitlement.Source.PURCHASE)
    assert purchases.count() == ORDERS
    assert sorted(purchases.values_list("user_id", flat=True)) == sorted(buyer.pk for buyer in buyers)
    assert Order.objects.filter(receipt_sent_at__isnull=False).count() == ORDERS
    receipts = collections.Counter(
        buyer.email
        for message in outbox_messages(outbox)
        for buyer in buyers
        if f"To: {buyer.email}\n" in message
    )
    assert receipts == {buyer.email: 1 for buyer in buyers}
    assert StripeEvent.objects.count() == ORDERS
    downloads = statuses[(reads[3], 200)] + statuses[(reads[4], 200)]
    assert DownloadEvent.objects.count() == downloads
