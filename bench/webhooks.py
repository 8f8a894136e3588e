"""Webhook benchmark: Stripe's `checkout.session.completed` events, with refund updates mixed in, each
delivered twice, against the real webhook view under gunicorn, then a check that every event was applied
exactly once.

    .venv/bin/python bench/webhooks.py [--orders 2000] [--refund-share 0.1] [--clients 8] [--workers 4]
        [--tasks database] [--database-url postgres://postgres@127.0.0.1:5432/bench_webhooks]

PostgreSQL only: the database named in --database-url is created, migrated and dropped at the end (SQLite
serialises writers and ignores SELECT ... FOR UPDATE, so concurrent deliveries would measure its lock, not
the portal). A child process with Django creates N open orders (distinct buyers, a few priced materials),
the script builds one signed event per order (Stripe's signature scheme, with the webhook secret it gives
the server) and the events mixed in (`MIXED_IN`: a share of the orders also get a `refund.updated` for a
partial refund, which may arrive before the payment; another share, none of them refunded, a
`charge.dispute.created`, delivered after the payment's first delivery as a bank's dispute comes days
later), shuffles two copies of each, and several client
processes (bench/webhook_load.py) POST them over keep-alive connections to gunicorn (bench.settings,
started by bench/servers.py as for bench/run.py). Just before, the same clients make as many GET requests
to /bench/ok/, the plain reference endpoint, in the same run. Finally a child process counts:
entitlements, receipts and paid orders must each equal N, each refund be stored, applied and announced
once, every event stored once and processed, and no request may have failed.

Receipts: with `--tasks database` (the production set-up) the webhook queues the receipt and
`manage.py db_worker --batch` sends the queue after the load (its time is reported apart); with
`--tasks immediate` (the demo's) the receipt is rendered and sent inside the webhook request.

Prints a table and writes var/bench/webhooks.json (bench/webhook_report.py). This module: the command line,
the database, what runs inside Django, and the order of the run.
"""

import argparse
import concurrent.futures
import json
import os
import platform
import random
import signal
import subprocess
import sys
import time
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import gunicorn  # noqa: E402
from bench.sites import VAR, django_env, manage  # noqa: E402
from bench.webhook_load import (  # noqa: E402
    WEBHOOK_SECRET,
    checkout_completed,
    dispute_created,
    load,
    refund_updated,
    signature,
)
from bench.webhook_report import TARGET, exactly_once, print_table, write_json  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_webhooks"
WEBHOOK = "/payments/webhook/"
PLAIN = "/bench/ok/"
TASK_BACKENDS = {
    "database": "django_tasks_db.backend.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Stripe webhook deliveries per second, exactly once.")
    parser.add_argument("--orders", type=int, default=2000, help="orders, each paid by one event (2000)")
    parser.add_argument(
        "--refund-share",
        type=float,
        default=0.1,
        help="share of the orders that also get a partial refund's refund.updated (0.1)",
    )
    parser.add_argument(
        "--dispute-share",
        type=float,
        default=0.05,
        help="share of the orders (none refunded) whose payment is then disputed (0.05)",
    )
    parser.add_argument("--items", type=int, default=20, help="priced materials the orders are for (20)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client processes (8)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (4)")
    parser.add_argument(
        "--tasks", choices=sorted(TASK_BACKENDS), default="database", help="how receipts are sent (database)"
    )
    parser.add_argument("--seed", type=int, default=2026, help="seed of the shuffle (2026)")
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help="a PostgreSQL database to create, use and drop (default: bench_webhooks on 127.0.0.1)",
    )
    # Internal: the child processes that run inside Django.
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--verify", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --- the database -----------------------------------------------------------------------------------------


def database_name(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    if not name:
        raise SystemExit("bench: --database-url must name the database to create, e.g. .../bench_webhooks")
    return name


@contextmanager
def fresh_database(url: str):
    """Create the database named in `url` (dropping a leftover one), yield, and drop it, even on errors."""
    import psycopg
    from psycopg import sql

    name = database_name(url)
    admin_url = urlunsplit(urlsplit(url)._replace(path="/postgres"))

    def execute(statement):
        with closing(psycopg.connect(admin_url, autocommit=True)) as connection:
            connection.execute(statement)

    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    execute(drop)
    execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield url
    finally:
        execute(drop)


def bench_env(database_url: str, tasks: str) -> dict:
    return {
        **django_env(database_url),
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "STRIPE_SECRET_KEY": "sk_test_bench_only",  # fulfilment never calls Stripe
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",  # rendered and sent, kept in memory
        "TASKS_BACKEND": TASK_BACKENDS[tasks],
    }


def in_django(env, *flags, args) -> dict:
    """Run this script inside Django (--prepare or --verify) and return the JSON it prints."""
    command = [sys.executable, str(Path(__file__).resolve()), *flags]
    command += ["--orders", str(args.orders), "--items", str(args.items)]
    result = subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(result.stdout)


# --- inside Django: the orders, and the check ---------------------------------------------------------------


def prepare_in_process(args):
    """N open orders for N new buyers over a few priced materials, as `checkout_start` leaves them."""
    import django

    django.setup()
    from decimal import Decimal

    from wagtail.models import Page

    from courses.models import AccessLevel, MaterialPage
    from payments.models import Order, new_reference
    from portal.models import User

    root = Page.get_first_root_node()
    items = [
        root.add_child(
            instance=MaterialPage(
                title=f"Material de pago {number}",
                slug=f"material-de-pago-{number}",
                description="<p>Material de pago para la prueba de carga.</p>",
                access_level=AccessLevel.AUTHORISED,
                price=Decimal("12.50"),
                currency="usd",
            )
        )
        for number in range(args.items)
    ]
    buyers = User.objects.bulk_create(
        [User(email=f"buyer{n}@bench.example", full_name=f"Buyer {n}") for n in range(args.orders)]
    )
    references = set()
    while len(references) < args.orders:
        references.add(new_reference())
    orders = Order.objects.bulk_create(
        [
            Order(
                reference=reference,
                buyer=buyer,
                item=items[number % len(items)],
                item_title=items[number % len(items)].title,
                amount=Decimal("12.50"),
                currency="usd",
                stripe_session_id=f"cs_bench_{number}",
                checkout_url=f"https://checkout.example/pay/cs_bench_{number}",
            )
            for number, (buyer, reference) in enumerate(zip(buyers, sorted(references), strict=True))
        ]
    )
    print(
        json.dumps(
            [
                {
                    "id": order.pk,
                    "reference": order.reference,
                    "session": order.stripe_session_id,
                    "amount_minor": order.amount_minor,
                    "currency": order.currency,
                }
                for order in orders
            ]
        )
    )


def verify_in_process(args):
    import django

    django.setup()
    from courses.models import Entitlement
    from payments.models import Dispute, Order, Refund, StripeEvent

    events = StripeEvent.objects.all()
    paid = Order.objects.filter(paid_at__isnull=False)
    refunds = Refund.objects.all()
    print(
        json.dumps(
            {
                "orders": Order.objects.count(),
                # Paid, and partly refunded for those whose refund was mixed in.
                "paid": paid.filter(status__in=[Order.Status.PAID, Order.Status.PARTIALLY_REFUNDED]).count(),
                "partially_refunded": paid.filter(status=Order.Status.PARTIALLY_REFUNDED).count(),
                "refunds_stored": refunds.count(),
                "refunds_succeeded": refunds.filter(status=Refund.SUCCEEDED).count(),
                "refund_notices_sent": refunds.filter(buyer_notified_at__isnull=False).count(),
                "disputed": Order.objects.filter(status=Order.Status.DISPUTED).count(),
                "disputes_stored": Dispute.objects.count(),
                "dispute_alerts_sent": Dispute.objects.filter(coordinators_notified_at__isnull=False).count(),
                "entitlements": Entitlement.objects.filter(source=Entitlement.Source.PURCHASE).count(),
                "entitlements_in_force": Entitlement.objects.in_force().count(),
                "receipts_sent": Order.objects.filter(receipt_sent_at__isnull=False).count(),
                "events_stored": events.count(),
                "events_processed": events.filter(processed_at__isnull=False).count(),
                "events_with_error": events.exclude(error="").count(),
                "events_processed_twice": events.filter(attempts__gt=1).count(),
            }
        )
    )


# --- the run ----------------------------------------------------------------------------------------------

# The events mixed into the payments' deliveries: (name, the option giving the share of orders that get
# one, the signed body of the event for an order). Each kind is drawn from orders no other kind drew, so
# that the expected state of each order is plain (webhook_report.exactly_once).
MIXED_IN = (("refunds", "refund_share", refund_updated), ("disputes", "dispute_share", dispute_created))
# Kinds of event that come only after the payment (a dispute, days later): both their deliveries are placed
# behind their payment's first delivery, by this many deliveries per client (the clients share the
# deliveries out round robin and drift apart a little), so that the payment has been processed. One that
# came first would make the portal ask Stripe which order it is about (payments/disputes.py), which the
# bench's server cannot reach.
AFTER_PAYMENT = {"disputes"}
AFTER_PAYMENT_GAP_PER_CLIENT = 100


def events_mixed_in(args, orders: list[dict]) -> dict[str, list[tuple[int, bytes]]]:
    """For each kind of event mixed in, (the order's position, the body) for a share of the orders, drawn
    with the seed among the orders not drawn for another kind."""
    mixed, left = {}, list(range(len(orders)))
    for number, (name, option, event_for) in enumerate(MIXED_IN):
        count = round(len(orders) * getattr(args, option))
        chosen = random.Random(args.seed + number).sample(left, count)
        left = sorted(set(left) - set(chosen))
        mixed[name] = [(position, event_for(orders[position])) for position in chosen]
    return mixed


def deliveries_in_order(args, orders: list[dict], mixed: dict) -> tuple[list[bytes], list[int]]:
    """Every event's body, and the order of the deliveries: each event twice, shuffled with the seed, with
    the events that come after a payment placed behind its first delivery (`AFTER_PAYMENT_GAP_PER_CLIENT`)."""
    bodies = [checkout_completed(order) for order in orders]
    after_payment = {}  # event's index → its order's position
    for name, events in mixed.items():
        for position, body in events:
            if name in AFTER_PAYMENT:
                after_payment[len(bodies)] = position
            bodies.append(body)
    deliveries = [index for index in range(len(bodies)) if index not in after_payment] * 2  # each twice
    random.Random(args.seed).shuffle(deliveries)
    late, gap = random.Random(args.seed + len(MIXED_IN)), AFTER_PAYMENT_GAP_PER_CLIENT * args.clients
    for index, position in after_payment.items():
        for _copy in range(2):
            earliest = min(deliveries.index(position) + gap, len(deliveries))
            deliveries.insert(late.randint(earliest, len(deliveries)), index)
    return bodies, deliveries


def run(args, pool):
    with fresh_database(args.database_url) as database_url:
        env = bench_env(database_url, args.tasks)
        setup = {"migrate": manage(env, "migrate", "--noinput", "-v", "0")}
        started = time.monotonic()
        orders = in_django(env, "--prepare", args=args)
        setup["orders"] = round(time.monotonic() - started, 1)
        mixed = events_mixed_in(args, orders)
        bodies, deliveries = deliveries_in_order(args, orders, mixed)
        load_before = os.getloadavg()[0]
        mixed_counts = {name: len(kind) for name, kind in mixed.items()}
        print(
            f"→ {len(orders)} orders, {len(bodies)} events ({mixed_counts} mixed in), {len(deliveries)} "
            f"deliveries, {args.clients} clients",
            flush=True,
        )
        with gunicorn(env, "webhooks", args.workers) as port:
            plain = load(pool, port, "GET", PLAIN, [(None, None)] * len(deliveries), args.clients)
            print(f"  plain: {plain['rps']} req/s", flush=True)
            now = int(time.time())  # Stripe's tolerance is five minutes: sign just before sending
            signed = [(bodies[index], signature(bodies[index], now)) for index in deliveries]
            webhooks = load(pool, port, "POST", WEBHOOK, signed, args.clients)
            print(f"  webhooks: {webhooks['rps']} deliveries/s", flush=True)
        drain = None
        if args.tasks == "database":
            drain = manage(env, "db_worker", "--batch", "--no-startup-delay", "--interval", "0")
        check = in_django(env, "--verify", args=args)
    return {
        "orders": len(orders),
        "mixed_in": mixed_counts,
        "events": len(bodies),
        "deliveries": len(deliveries),
        "database": "postgresql",
        "tasks": args.tasks,
        "clients": args.clients,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "load_average_before": round(load_before, 2),
        "python": platform.python_version(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "setup_seconds": {step: round(seconds, 1) for step, seconds in setup.items()},
        "plain": plain,
        "webhooks": {
            **webhooks,
            "events_per_second": round(len(bodies) / webhooks["seconds"], 1),
            "ratio_to_plain": round(webhooks["rps"] / plain["rps"], 4) if plain["rps"] else None,
        },
        "receipts_drain_seconds": round(drain, 1) if drain is not None else None,
        "check": check,
        "exactly_once": exactly_once(check, len(orders), mixed_counts, webhooks["errors"]),
        "target_events_per_second": TARGET,
    }


def stop(signum, frame):
    raise SystemExit(f"bench: stopped by signal {signum}")


def main(argv=None):
    args = parse_args(argv)
    if args.prepare:
        prepare_in_process(args)
        return
    if args.verify:
        verify_in_process(args)
        return
    if not urlsplit(args.database_url).scheme.startswith("postgres"):
        sys.exit(
            "bench: the webhook benchmark needs PostgreSQL (--database-url postgres://...): SQLite "
            "serialises writers and ignores SELECT ... FOR UPDATE: it would measure its lock, not the portal."
        )
    VAR.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, stop)  # unwinds like Ctrl-C: gunicorn is stopped, the database dropped
    try:
        with concurrent.futures.ProcessPoolExecutor(max_workers=args.clients) as pool:
            result = run(args, pool)
    except (subprocess.CalledProcessError, RuntimeError) as error:
        sys.exit(f"bench: {error}")
    print_table(result)
    write_json(result)
    if not result["exactly_once"]:
        sys.exit("bench: the exactly-once check failed")


if __name__ == "__main__":
    main()
