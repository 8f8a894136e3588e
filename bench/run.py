"""Load benchmark of the portal:

    REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python bench/run.py --materials 10 10000

For each catalogue size: a prepared site (bench/sites.py: migrate, load_demo, generate_catalogue,
collectstatic, kept between runs and reused unless --fresh), its private files copied into a bucket of a
moto S3 server started here (bench/s3.py), so that downloads are signed S3 addresses as in production.
Then two gunicorn servers (bench/servers.py) on free loopback ports with the same number of workers: the
portal with bench.settings (production settings, DEBUG off) and a bare Wagtail site made by `wagtail start`
(var/bench/bare/, the reference for what a page costs). The demo member signs in through the login form,
one session per client. For each endpoint (bench/pages.py): a warm-up, then a fixed window during which
a few client processes send GET requests over keep-alive http.client connections (only requests completed
inside the window count; redirects are checked, never followed). Queries per page come from rendering
each page in-process with django.test.Client, as its visitor (anonymous or the member), twice (cold, warm).

The two references (plain, bare Wagtail) are loaded at the start and at the end of every round. Prints
one table per size, with each endpoint's ratio to the plain HttpResponse endpoint and to the bare Wagtail
page and a verdict per target of the hardening issue (bench/report.py), and writes
var/bench/results-<size>.json (results-postgresql-<size>.json on PostgreSQL). Every server is stopped at the
end, even on errors. This module: the command line, the measuring loop and one run per catalogue size.
"""

import argparse
import concurrent.futures
import http.client
import json
import os
import platform
import signal
import subprocess
import sys
from contextlib import ExitStack, closing
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import s3  # noqa: E402
from bench.load import Target, run_clients, sign_in, statistics, warm_up_pool  # noqa: E402
from bench.pages import ENDPOINTS, LOGIN, MEMBER, SAVE_DATA_COOKIE, SAVING_DATA  # noqa: E402
from bench.report import REFERENCES, judge, print_constant_queries, print_table, write_json  # noqa: E402
from bench.servers import gunicorn  # noqa: E402
from bench.sites import VAR, portal_site, prepare_bare, prepare_portal  # noqa: E402

SIGNED = "X-Amz-Signature="  # what a download's Location must carry


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Measure requests/s, latency and queries per page.")
    parser.add_argument("--materials", type=int, nargs="+", required=True, help="catalogue sizes to measure")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server (postgres://user@host:port/any): the databases bench_clase_<size> and "
        "bench_bare are made there and kept for the next run (default: SQLite files under var/bench/)",
    )
    parser.add_argument(
        "--fresh", action="store_true", help="rebuild the prepared sites instead of reusing them"
    )
    parser.add_argument("--seconds", type=float, default=5, help="measured duration per endpoint (default 5)")
    parser.add_argument("--rounds", type=int, default=1, help="times each endpoint is measured (default 1)")
    parser.add_argument("--warmup", type=float, default=1, help="unmeasured warm-up per endpoint (default 1)")
    parser.add_argument("--concurrency", type=int, default=4, help="client processes (default 4)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers, per server (default 3)")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="WORD",
        help="measure only the endpoints whose name contains one of these words (the two references are "
        "always measured), e.g. --only member download",
    )
    return parser.parse_args(argv)


def selected_endpoints(args):
    """The endpoints measured, in ENDPOINTS' order: all, or the references and those `--only` names."""
    if not args.only:
        return ENDPOINTS
    return tuple(
        endpoint
        for endpoint in ENDPOINTS
        if endpoint.name in REFERENCES or any(word in endpoint.name for word in args.only)
    )


# --- queries per page (inside Django, in a child process: bench/pages.py) ---------------------------------


def inspect_pages(env):
    """Ready the site and find each endpoint's path and queries: {"member": …, "pages": {name: …}}."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.pages"],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(result.stdout)


# --- the load ---------------------------------------------------------------------------------------------


def targets_for(endpoint, path, ports, cookies):
    """One Target per client process: members (and managers) each with their own session."""
    expect = {}
    if endpoint.status == 302:
        expect = {"status": 302, "location_contains": SIGNED}
    sessions = cookies.get(endpoint.who)

    def cookie(index: int) -> str:
        if sessions:
            return sessions[index]
        return "=".join(SAVE_DATA_COOKIE) if endpoint.who == SAVING_DATA else ""

    return [
        Target(ports[endpoint.server], path, cookie=cookie(index), **expect)
        for index in range(len(cookies[MEMBER]))
    ]


def measure_all(pool, ports, pages, cookies, args):
    """Load each endpoint in turn, `--rounds` times over (interleaved, so that a burst of other work on
    the machine does not fall on one endpoint only); return {name: statistics}.

    The two references (the plain endpoint and the bare Wagtail page) are loaded at the start and again at
    the end of every round, and each pools both windows: every ratio rests on them, and a burst of other
    work during one short window would otherwise skew all of them."""
    endpoints = selected_endpoints(args)
    references = [endpoint for endpoint in endpoints if endpoint.name in REFERENCES]
    schedule = [*endpoints, *references]
    samples = {endpoint.name: ([], 0, 0) for endpoint in endpoints}
    for round_number in range(1, args.rounds + 1):
        for endpoint in schedule:
            path = pages[endpoint.name]["path"]
            print(f"  round {round_number}/{args.rounds}, {endpoint.name}: {path}", flush=True)
            latencies, errors = run_clients(pool, targets_for(endpoint, path, ports, cookies), args)
            before = samples[endpoint.name]
            samples[endpoint.name] = (before[0] + latencies, before[1] + errors, before[2] + args.seconds)
    return {
        name: statistics(latencies, errors, seconds) for name, (latencies, errors, seconds) in samples.items()
    }


def check_downloads(port, pages, s3_endpoint, endpoints):
    """A download must answer 302 to a signed address of the local S3 server: check once before loading."""
    for endpoint in endpoints:
        if endpoint.status != 302:
            continue
        with closing(http.client.HTTPConnection("127.0.0.1", port, timeout=30)) as connection:
            connection.request("GET", pages[endpoint.name]["path"])
            response = connection.getresponse()
            location = response.getheader("Location") or ""
        if response.status != 302 or not location.startswith(s3_endpoint) or SIGNED not in location:
            raise RuntimeError(
                f"{endpoint.name}: expected a 302 to an address of {s3_endpoint} signed with {SIGNED!r}, got "
                f"{response.status} to {location.partition('?')[0]!r} with the parameters "
                f"{sorted(parse_qs(urlsplit(location).query))}"
            )


# --- one catalogue size -----------------------------------------------------------------------------------


def run_size(size, args, pool, bare_site, s3_endpoint):
    site = portal_site(size, args.database_url)
    timings = prepare_portal(site, args.fresh)
    uploaded = s3.fresh_bucket(s3_endpoint, site.private_root)
    print(f"→ {uploaded} private files copied into the bucket {s3.BUCKET} at {s3_endpoint}", flush=True)
    env = site.env(**s3.storage_env(s3_endpoint))
    inspected = inspect_pages(env)
    pages = inspected["pages"]
    accounts = inspected["accounts"]  # the member's and the manager's, each signed in once per client
    load_before = os.getloadavg()[0]
    with ExitStack() as servers:
        ports = {
            "portal": servers.enter_context(gunicorn(env, size, args.workers)),
            "bare": servers.enter_context(
                gunicorn(
                    bare_site.env,
                    f"bare-{size}",
                    args.workers,
                    app=bare_site.app,
                    cwd=bare_site.cwd,
                    ready_path="/",
                )
            ),
        }
        cookies = {
            who: [
                sign_in(ports["portal"], LOGIN, account["email"], account["password"])
                for _ in range(args.concurrency)
            ]
            for who, account in accounts.items()
        }
        check_downloads(ports["portal"], pages, s3_endpoint, selected_endpoints(args))
        measured = measure_all(pool, ports, pages, cookies, args)
    load_after = os.getloadavg()[0]
    rows = [
        {
            "endpoint": endpoint.name,
            "who": endpoint.who,
            "targets": list(endpoint.targets),
            **pages[endpoint.name],
            **measured[endpoint.name],
        }
        for endpoint in selected_endpoints(args)
    ]
    judge(rows)
    return {
        "materials": size,
        "database": site.kind,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "warmup": args.warmup,
        "concurrency": args.concurrency,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "load_average_before": round(load_before, 2),  # other work on the machine skews the figures
        "load_average_after": round(load_after, 2),
        "python": platform.python_version(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "site_reused": timings.pop("reused"),
        "setup_seconds": {step: round(seconds, 1) for step, seconds in timings.items()},
        "endpoints": rows,
    }


def stop(signum, frame):
    raise SystemExit(f"bench: stopped by signal {signum}")


def main(argv=None):
    args = parse_args(argv)
    VAR.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, stop)  # unwinds like Ctrl-C: every server is stopped
    results = []
    try:
        with concurrent.futures.ProcessPoolExecutor(max_workers=args.concurrency) as pool:
            warm_up_pool(pool, args.concurrency)  # fork the clients before moto's thread exists
            bare_site = prepare_bare(args.database_url, args.fresh)
            with s3.moto_s3() as s3_endpoint:
                for size in args.materials:
                    result = run_size(size, args, pool, bare_site, s3_endpoint)
                    print_table(result)
                    write_json(result)
                    results.append(result)
        print_constant_queries(results)
    except (subprocess.CalledProcessError, RuntimeError) as error:
        sys.exit(f"bench: {error}")


if __name__ == "__main__":
    main()
