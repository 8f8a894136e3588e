"""The webhook benchmark's report: whether every order was fulfilled exactly once, the table printed after
the run, and var/bench/webhooks.json. Used by bench/webhooks.py."""

import json

from bench.sites import ROOT, VAR

TARGET = 300  # distinct events per second, each delivered twice


def exactly_once(check: dict, orders: int, mixed_in: dict[str, int], errors: int) -> bool:
    """Every order paid, granted and receipted once (a partial refund keeps the item); every refund mixed
    in stored, applied and announced once; every dispute mixed in stored once, its order disputed and its
    item withdrawn, the coordinators alerted once; every event stored once and processed; no request
    failed."""
    refunds, disputes = mixed_in.get("refunds", 0), mixed_in.get("disputes", 0)
    events = orders + sum(mixed_in.values())
    return (
        errors == 0
        and check["entitlements"] == orders
        and check["entitlements_in_force"] == orders - disputes
        and check["receipts_sent"] == orders
        and check["paid"] == orders - disputes
        and check["partially_refunded"] == refunds
        and check["refunds_stored"] == check["refunds_succeeded"] == check["refund_notices_sent"] == refunds
        and check["disputed"] == check["disputes_stored"] == check["dispute_alerts_sent"] == disputes
        and check["events_stored"] == events
        and check["events_processed"] == events
        and check["events_with_error"] == 0
    )


def print_table(result):
    webhooks, plain, check = result["webhooks"], result["plain"], result["check"]
    mixed = ", ".join(f"{count:,} {name}" for name, count in result["mixed_in"].items()) or "none"
    print(
        f"\nWebhooks on PostgreSQL: {result['orders']:,} orders, {result['events']:,} events (mixed in: "
        f"{mixed}), {result['deliveries']:,} deliveries (each event twice, shuffled), "
        f"{result['clients']} clients, {result['workers']} gunicorn workers, "
        f"receipts {result['tasks']}, {result['cpus']} CPUs "
        f"(load average {result['load_average_before']:g} before)"
    )
    columns = ("endpoint", "req/s", "vs plain", "p50 ms", "p95 ms", "p99 ms", "errors")
    header = f"{columns[0]:<22}" + "".join(f"{column:>10}" for column in columns[1:])
    print(header)
    print("-" * len(header))
    for name, row, ratio in (("plain /bench/ok/", plain, 1.0), ("webhook deliveries", webhooks, None)):
        ratio = webhooks["ratio_to_plain"] if ratio is None else ratio
        cells = [f"{row['rps']:.1f}", f"{ratio:.3f}", f"{row['p50_ms']:.1f}", f"{row['p95_ms']:.1f}"]
        cells += [f"{row['p99_ms']:.1f}", str(row["errors"])]
        print(f"{name:<22}" + "".join(f"{cell:>10}" for cell in cells))
    # The goal counts distinct events: each is delivered twice, and a repeated delivery costs one read.
    verdict = "met" if webhooks["events_per_second"] >= TARGET else "NOT met"
    print(
        f"\n{webhooks['rps']:.1f} deliveries/s ({webhooks['events_per_second']:.1f} distinct events/s); "
        f"goal {TARGET} distinct events/s: {verdict}."
    )
    if result["receipts_drain_seconds"] is not None:
        drain = result["receipts_drain_seconds"]
        print(f"Receipts queued by the webhooks, sent by db_worker afterwards in {drain} s.")
    print(
        f"Exactly once: {'yes' if result['exactly_once'] else 'NO'} — entitlements {check['entitlements']}, "
        f"receipts sent {check['receipts_sent']}, paid {check['paid']} "
        f"({check['partially_refunded']} partly refunded), refunds stored {check['refunds_stored']} "
        f"(announced {check['refund_notices_sent']}), disputes {check['disputes_stored']} "
        f"(orders disputed {check['disputed']}, alerts {check['dispute_alerts_sent']}), "
        f"events stored {check['events_stored']} "
        f"(processed {check['events_processed']}, with error {check['events_with_error']}) for "
        f"{result['orders']} orders and {result['events']} events; failed requests {webhooks['errors']}.",
        flush=True,
    )


def write_json(result):
    path = VAR / "webhooks.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"Results written to {path.relative_to(ROOT)}", flush=True)
