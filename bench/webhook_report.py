"""The webhook benchmark's report: whether every order was fulfilled exactly once, the table printed after
the run, and var/bench/webhooks.json. Used by bench/webhooks.py."""

import json

from bench.sites import ROOT, VAR

TARGET = 300  # events per second


def exactly_once(check: dict, orders: int, errors: int) -> bool:
    return (
        errors == 0
        and check["entitlements"] == orders
        and check["entitlements_in_force"] == orders
        and check["receipts_sent"] == orders
        and check["paid"] == orders
        and check["events_stored"] == orders
        and check["events_processed"] == orders
        and check["events_with_error"] == 0
    )


def print_table(result):
    webhooks, plain, check = result["webhooks"], result["plain"], result["check"]
    print(
        f"\nWebhooks on PostgreSQL: {result['orders']:,} orders, {result['deliveries']:,} deliveries (each "
        f"event twice, shuffled), {result['clients']} clients, {result['workers']} gunicorn workers, "
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
    verdict = "met" if webhooks["rps"] >= TARGET else "NOT met"
    print(
        f"\n{webhooks['rps']:.1f} deliveries/s ({webhooks['events_per_second']:.1f} distinct events/s); "
        f"goal {TARGET} events/s: {verdict}."
    )
    if result["receipts_drain_seconds"] is not None:
        drain = result["receipts_drain_seconds"]
        print(f"Receipts queued by the webhooks, sent by db_worker afterwards in {drain} s.")
    print(
        f"Exactly once: {'yes' if result['exactly_once'] else 'NO'} — entitlements {check['entitlements']}, "
        f"receipts sent {check['receipts_sent']}, paid {check['paid']}, "
        f"events stored {check['events_stored']} "
        f"(processed {check['events_processed']}, with error {check['events_with_error']}) for "
        f"{result['orders']} orders; failed requests {webhooks['errors']}.",
        flush=True,
    )


def write_json(result):
    path = VAR / "webhooks.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"Results written to {path.relative_to(ROOT)}", flush=True)
