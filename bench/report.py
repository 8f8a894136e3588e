"""The load benchmark's report: the hardening issue's targets, each row's ratios to the two references and
its verdicts, the table printed per catalogue size, the check that member pages' queries stay constant
across sizes, and the JSON written to var/bench/. Used by bench/run.py."""

import json

from bench.pages import ENDPOINTS
from bench.sites import ROOT, VAR

REFERENCES = ("plain", "bare Wagtail home")  # every ratio is to one of these (see `judge`)


# The hardening issue's performance targets: label, and whether a measured row meets it (given the plain
# endpoint's and the bare Wagtail page's rows of the same run).
TARGETS = {
    "cached": ("≥0.8×plain", lambda row, plain, bare: row["rps"] >= 0.8 * plain["rps"]),
    "member page": (
        "≥1×bare, ≤8 q",
        lambda row, plain, bare: row["rps"] >= bare["rps"] and (row["queries"] or 0) <= 8,
    ),
    "listing": (
        "p50≤2×bare",
        lambda row, plain, bare: row["p50_ms"] is not None and row["p50_ms"] <= 2 * bare["p50_ms"],
    ),
    "download": ("≥0.5×plain", lambda row, plain, bare: row["rps"] >= 0.5 * plain["rps"]),
    # The organisation managers' issue: their learning page, for 2,000 members.
    "manager page": ("≥0.5×bare", lambda row, plain, bare: row["rps"] >= 0.5 * bare["rps"]),
}


def judge(rows):
    """Add each row's ratios to the plain endpoint and to the bare Wagtail page, and its verdicts."""
    plain, bare = (next(row for row in rows if row["endpoint"] == name) for name in REFERENCES)
    for row in rows:
        row["vs_plain"] = round(row["rps"] / plain["rps"], 4) if plain["rps"] else None
        row["vs_bare"] = round(row["rps"] / bare["rps"], 4) if bare["rps"] else None
        row["verdicts"] = {
            key: bool(
                row["errors"] == 0 and plain["rps"] and bare["rps"] and TARGETS[key][1](row, plain, bare)
            )
            for key in row["targets"]
        }


def print_table(result):
    print(
        f"\n{result['materials']:,} generated materials on {result['database']}: "
        f"{result['rounds']} × {result['seconds']:g} s per endpoint, {result['concurrency']} clients, "
        f"{result['workers']} gunicorn workers per server, {result['cpus']} CPUs "
        f"(load average {result['load_average_before']:g} before, {result['load_average_after']:g} after)"
    )
    columns = ("req/s", "vs plain", "vs bare", "p50 ms", "p99 ms", "queries", "errors")
    header = f"{'endpoint':<28}" + "".join(f"{column:>9}" for column in columns) + "  verdict (target)"
    print(header)
    print("-" * (len(header) + 12))
    for row in result["endpoints"]:
        cells = [
            cell(row["rps"], ".1f"),
            cell(row["vs_plain"], ".2f"),
            cell(row["vs_bare"], ".2f"),
            cell(row["p50_ms"], ".1f"),
            cell(row["p99_ms"], ".1f"),
            queries_cell(row),
            cell(row["errors"], "d"),
        ]
        print(f"{row['endpoint']:<28}" + "".join(f"{text:>9}" for text in cells) + "  " + verdict_cell(row))
    print(flush=True)


def cell(value, spec):
    return "-" if value is None else format(value, spec)


def queries_cell(row):
    """Queries of a warm render; a page served from the cache also shows its uncached count: 0/16."""
    if row.get("queries") is None:
        return "-"
    cold = row.get("queries_cold")
    return f"{row['queries']}/{cold}" if cold is not None and cold != row["queries"] else str(row["queries"])


def verdict_cell(row):
    return " ".join(f"{'✓' if met else '✗'} {TARGETS[key][0]}" for key, met in row["verdicts"].items())


def print_constant_queries(results):
    """The member pages' queries must not grow with the catalogue."""
    if len(results) < 2:
        return
    sizes = [result["materials"] for result in results]
    for name in [endpoint.name for endpoint in ENDPOINTS if "member page" in endpoint.targets]:
        counts = [
            next((row["queries"] for row in result["endpoints"] if row["endpoint"] == name), None)
            for result in results
        ]
        if None in counts:  # not measured (--only)
            continue
        constant = len(set(counts)) == 1
        shown = ", ".join(f"{count} at {size:,}" for count, size in zip(counts, sizes, strict=True))
        print(f"{'✓' if constant else '✗'} {name}: queries constant across sizes ({shown})")
    print(flush=True)


def write_json(result):
    database = "" if result["database"] == "sqlite" else f"{result['database']}-"  # SQLite: as before
    path = VAR / f"results-{database}{result['materials']}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"Results written to {path.relative_to(ROOT)}", flush=True)
