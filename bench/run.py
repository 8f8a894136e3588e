"""Load benchmark of the portal: `.venv/bin/python bench/run.py --materials 10 1000 10000`.

For each catalogue size: a fresh database (an SQLite file under var/bench/, or the PostgreSQL database
`bench_clase` when --database-url points at PostgreSQL), migrate, load_demo, generate_catalogue,
collectstatic; then gunicorn with bench.settings (production settings, DEBUG off) on a free loopback port,
and for each page a bounded load loop: a warm-up, then a fixed duration during which a few client
processes send GET requests over keep-alive http.client connections (only requests completed inside the
window count). Queries per page, and the time of one request alone ("solo"), come from rendering each
page in-process with django.test.Client (a warm render: the second one). Prints one table per size and
writes var/bench/results-<size>.json. Gunicorn is stopped at the end, even on errors.
"""

import argparse
import concurrent.futures
import http.client
import json
import math
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PG_DATABASE = "bench_clase"
CLIENT_TIMEOUT = 60  # seconds; a slower response counts as an error
PLAIN = "/bench/ok/"
SEARCH = "/es/search/?q=cooperativa"
# In the order measured; the pages' paths are found in the database (see `discover_paths`).
ENDPOINTS = (
    "plain",
    "home",
    "course catalogue",
    "course",
    "lesson",
    "material",
    "material library",
    "search",
)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Measure requests/s, latency and queries per page.")
    parser.add_argument("--materials", type=int, nargs="+", required=True, help="catalogue sizes to measure")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server (postgres://user@host:port/any): its database bench_clase is created "
        "and dropped (default: an SQLite file per size under var/bench/)",
    )
    parser.add_argument("--seconds", type=float, default=5, help="measured duration per endpoint (default 5)")
    parser.add_argument("--rounds", type=int, default=1, help="times each endpoint is measured (default 1)")
    parser.add_argument("--warmup", type=float, default=1, help="unmeasured warm-up per endpoint (default 1)")
    parser.add_argument("--concurrency", type=int, default=4, help="client processes (default 4)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    # Internal: the child process that counts queries inside Django (see `inspect_pages`).
    parser.add_argument("--inspect", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --- the database and the Django commands ---------------------------------------------------------------


@contextmanager
def fresh_database(size, server_url):
    """Yield the DATABASE_URL of an empty database for this size; drop a PostgreSQL one afterwards."""
    if not server_url or server_url.startswith("sqlite"):
        path = VAR / f"bench-{size}.sqlite3"
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        yield f"sqlite:///{path}"
        return
    admin_url, bench_url = postgres_urls(server_url)
    recreate_postgres_database(admin_url)
    try:
        yield bench_url
    finally:
        drop_postgres_database(admin_url)


def postgres_urls(server_url):
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path="/postgres")), urlunsplit(parts._replace(path=f"/{PG_DATABASE}"))


def recreate_postgres_database(admin_url):
    import psycopg
    from psycopg import sql

    drop_postgres_database(admin_url)
    with closing(psycopg.connect(admin_url, autocommit=True)) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(PG_DATABASE)))


def drop_postgres_database(admin_url):
    import psycopg
    from psycopg import sql

    with closing(psycopg.connect(admin_url, autocommit=True)) as connection:
        statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(PG_DATABASE))
        connection.execute(statement)


def django_env(database_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
    }


def manage(env, *args):
    started = time.monotonic()
    print(f"→ manage.py {' '.join(args)}", flush=True)
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True)
    return time.monotonic() - started


def prepare(size, env):
    """Build the site for one catalogue size; return how long each step took, in seconds."""
    for folder in ("private", "media"):  # bench.settings' file folders: files of earlier runs would pile up
        shutil.rmtree(VAR / folder, ignore_errors=True)
    return {
        "migrate": manage(env, "migrate", "--noinput", "-v", "0"),
        "load_demo": manage(env, "load_demo"),
        "generate_catalogue": manage(env, "generate_catalogue", "--materials", str(size)),
        "collectstatic": manage(env, "collectstatic", "--noinput", "-v", "0"),
    }


# --- queries per page (runs inside Django, in a child process) -------------------------------------------


def inspect_pages(env):
    """Find each endpoint's path in the database and count its queries: {name: {path, status, queries}}."""
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--materials", "0", "--inspect"],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(result.stdout)


def inspect_in_process():
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    pages = {}
    for name, path in discover_paths().items():
        _, cold_queries, _ = render(client, path, connection, CaptureQueriesContext)
        status, queries, seconds = render(client, path, connection, CaptureQueriesContext)
        pages[name] = {
            "path": path,
            "status": status,
            "queries": queries,
            "queries_cold": cold_queries,
            "solo_ms": round(seconds * 1000, 1),
        }
    print(json.dumps(pages))


def render(client, path, connection, capture):
    """Render `path` once; return its status, its number of queries and how long it took."""
    with capture(connection) as queries:
        started = time.perf_counter()
        response = client.get(path)
        seconds = time.perf_counter() - started
    return response.status_code, len(queries), seconds


def discover_paths():
    from courses import models

    def first(model, **filters):
        page = model.objects.live().filter(**filters).order_by("path").first()
        if page is None:
            raise SystemExit(f"No live {model.__name__} found for the benchmark (did load_demo run?).")
        return page

    spanish = {"locale__language_code": "es"}
    public = {**spanish, "access_level": models.AccessLevel.PUBLIC}  # what an anonymous visitor opens
    course = first(models.CoursePage, **public)
    pages = {
        "home": first(models.HomePage, **spanish),
        "course catalogue": first(models.CourseIndexPage, **spanish),
        "course": course,
        "lesson": first(models.LessonPage, path__startswith=course.path, depth=course.depth + 1),
        "material": first(models.MaterialPage, **public),
        "material library": first(models.MaterialIndexPage, **spanish),
    }
    paths = {name: page.get_url_parts()[2] for name, page in pages.items()}
    return {"plain": PLAIN, **paths, "search": SEARCH}


# --- the server -------------------------------------------------------------------------------------------


def free_port():
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env, size, workers):
    port = free_port()
    log = VAR / f"gunicorn-{size}.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "portal.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--error-logfile",
        str(log),
        "--log-level",
        "warning",
    ]
    print(f"→ gunicorn on 127.0.0.1:{port} ({workers} workers), log in {log.relative_to(ROOT)}", flush=True)
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        wait_until_ready(process, port, log)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_ready(process, port, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log}")
        try:
            status, _ = fetch(port, PLAIN)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {log}")


def fetch(port, path):
    with closing(http.client.HTTPConnection("127.0.0.1", port, timeout=10)) as connection:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()


# --- the load loop ----------------------------------------------------------------------------------------


def client_loop(port, path, start_at, warmup, seconds):
    """One client: GET `path` back to back until the window ends; return the latencies of the requests
    that completed inside the window, and the number of failed ones.

    Runs in a worker process. The connection is kept alive when the server allows it (gunicorn's sync
    workers close it after each response; http.client then reconnects on the next request).
    """
    time.sleep(max(0.0, start_at - time.time()))
    measure_from = time.perf_counter() + warmup
    deadline = measure_from + seconds
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
    latencies, errors = [], 0
    while (started := time.perf_counter()) < deadline:
        ok = get(connection, path)
        finished = time.perf_counter()
        if measure_from <= finished <= deadline:
            if ok:
                latencies.append(finished - started)
            else:
                errors += 1
    connection.close()
    return latencies, errors


def get(connection, path):
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status == 200
    except (OSError, http.client.HTTPException):
        connection.close()
        return False


def run_clients(pool, port, path, args):
    start_at = time.time() + 0.3  # every client starts together, once the pool has the task
    futures = [
        pool.submit(client_loop, port, path, start_at, args.warmup, args.seconds)
        for _ in range(args.concurrency)
    ]
    latencies, errors = [], 0
    for future in futures:
        client_latencies, client_errors = future.result(
            timeout=args.warmup + args.seconds + CLIENT_TIMEOUT + 30
        )
        latencies += client_latencies
        errors += client_errors
    return latencies, errors


def measure_all(pool, port, pages, args):
    """Load each endpoint in turn, `--rounds` times over (interleaved, so that a burst of other work on
    the machine does not fall on one endpoint only); return {name: statistics}."""
    samples = {name: ([], 0) for name in ENDPOINTS}
    for round_number in range(1, args.rounds + 1):
        for name in ENDPOINTS:
            print(f"  round {round_number}/{args.rounds}, {name}: {pages[name]['path']}", flush=True)
            latencies, errors = run_clients(pool, port, pages[name]["path"], args)
            samples[name] = (samples[name][0] + latencies, samples[name][1] + errors)
    return {name: statistics(*samples[name], args.seconds * args.rounds) for name in ENDPOINTS}


def statistics(latencies, errors, seconds):
    latencies = sorted(latencies)
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / seconds, 1),
        "p50_ms": percentile_ms(latencies, 50),
        "p99_ms": percentile_ms(latencies, 99),
    }


def percentile_ms(sorted_seconds, rank):
    """Nearest-rank percentile of an already sorted list of durations, in milliseconds (None if empty)."""
    if not sorted_seconds:
        return None
    return round(sorted_seconds[max(0, math.ceil(rank / 100 * len(sorted_seconds)) - 1)] * 1000, 2)


# --- one catalogue size -----------------------------------------------------------------------------------


def run_size(size, args, pool):
    with fresh_database(size, args.database_url) as database_url:
        env = django_env(database_url)
        timings = prepare(size, env)
        pages = inspect_pages(env)
        load_before = os.getloadavg()[0]
        with gunicorn(env, size, args.workers) as port:
            measured = measure_all(pool, port, pages, args)
        rows = [{"endpoint": name, **pages[name], **measured[name]} for name in ENDPOINTS]
    plain_rps = rows[0]["rps"]
    for row in rows:
        row["ratio"] = round(row["rps"] / plain_rps, 4) if plain_rps else None
    return {
        "materials": size,
        "database": urlsplit(database_url).scheme,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "warmup": args.warmup,
        "concurrency": args.concurrency,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "load_average_before": round(load_before, 2),  # other work on the machine skews the figures
        "python": platform.python_version(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "setup_seconds": {step: round(seconds, 1) for step, seconds in timings.items()},
        "endpoints": rows,
    }


def print_table(result):
    print(
        f"\n{result['materials']:,} generated materials on {result['database']}: "
        f"{result['rounds']} × {result['seconds']:g} s per endpoint, {result['concurrency']} clients, "
        f"{result['workers']} gunicorn workers, {result['cpus']} CPUs "
        f"(load average {result['load_average_before']:g} before)"
    )
    columns = ("endpoint", "req/s", "vs plain", "p50 ms", "p99 ms", "solo ms", "queries", "errors")
    header = f"{columns[0]:<18}" + "".join(f"{column:>9}" for column in columns[1:])
    print(header)
    print("-" * len(header))
    for row in result["endpoints"]:
        cells = [
            cell(row["rps"], ".1f"),
            cell(row["ratio"], ".2f"),
            cell(row["p50_ms"], ".1f"),
            cell(row["p99_ms"], ".1f"),
            cell(row["solo_ms"], ".1f"),
            cell(row["queries"], "d"),
            cell(row["errors"], "d"),
        ]
        print(f"{row['endpoint']:<18}" + "".join(f"{text:>9}" for text in cells))
    print(flush=True)


def cell(value, spec):
    return "-" if value is None else format(value, spec)


def write_json(result):
    path = VAR / f"results-{result['materials']}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"Results written to {path.relative_to(ROOT)}", flush=True)


def stop(signum, frame):
    raise SystemExit(f"bench: stopped by signal {signum}")


def main(argv=None):
    args = parse_args(argv)
    if args.inspect:
        inspect_in_process()
        return
    VAR.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, stop)  # unwinds like Ctrl-C: gunicorn is stopped, the database dropped
    try:
        with concurrent.futures.ProcessPoolExecutor(max_workers=args.concurrency) as pool:
            for size in args.materials:
                result = run_size(size, args, pool)
                print_table(result)
                write_json(result)
    except (subprocess.CalledProcessError, RuntimeError) as error:
        sys.exit(f"bench: {error}")


if __name__ == "__main__":
    main()
