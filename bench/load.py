"""The benchmark's HTTP side: the bounded client loop, signing in over HTTP, and the statistics.

Every request goes to a server on 127.0.0.1 that the benchmark started itself; each loop stops by itself
after its warm-up and its measured window.
"""

import http.client
import math
import re
import time
from contextlib import closing
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

CLIENT_TIMEOUT = 60  # seconds; a slower response counts as an error


@dataclass(frozen=True)
class Target:
    """What one client requests, and what counts as a good answer: the status and, for a redirect, a piece
    that its Location must contain (never followed)."""

    port: int
    path: str
    cookie: str = ""
    status: int = 200
    location_contains: str = ""


def fetch(port, path, *, method="GET", body=None, headers=None, timeout=10):
    """One request on a new connection: (status, headers as a list, body)."""
    with closing(http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)) as connection:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()


def cookies_from(headers) -> dict[str, str]:
    jar = SimpleCookie()
    for name, value in headers:
        if name.lower() == "set-cookie":
            jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def sign_in(port, login_path, email, password) -> str:
    """Sign in through the allauth form as a browser would (CSRF cookie and token, POST); return the Cookie
    header of the new session. Raises RuntimeError if the portal did not sign the user in."""
    status, headers, body = fetch(port, login_path)
    csrf = cookies_from(headers).get("csrftoken")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not csrf or not token:
        raise RuntimeError(f"sign-in: GET {login_path} answered {status} without a CSRF cookie and token")
    form = urlencode({"login": email, "password": password, "csrfmiddlewaretoken": token.group(1).decode()})
    status, headers, _ = fetch(
        port,
        login_path,
        method="POST",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
            "Referer": f"http://127.0.0.1:{port}{login_path}",
        },
    )
    cookies = cookies_from(headers)
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"sign-in as {email} failed: POST {login_path} answered {status}")
    return f"sessionid={cookies['sessionid']}; csrftoken={cookies.get('csrftoken', csrf)}"


def client_loop(target, start_at, warmup, seconds):
    """One client: GET the target back to back until the window ends; return the latencies of the requests
    that completed inside the window, and the number of failed ones.

    Runs in a worker process. The connection is kept alive when the server allows it (gunicorn's sync
    workers close it after each response; http.client then reconnects on the next request).
    """
    time.sleep(max(0.0, start_at - time.time()))
    measure_from = time.perf_counter() + warmup
    deadline = measure_from + seconds
    connection = http.client.HTTPConnection("127.0.0.1", target.port, timeout=CLIENT_TIMEOUT)
    headers = {"Cookie": target.cookie} if target.cookie else {}
    latencies, errors = [], 0
    while (started := time.perf_counter()) < deadline:
        ok = get(connection, target, headers)
        finished = time.perf_counter()
        if measure_from <= finished <= deadline:
            if ok:
                latencies.append(finished - started)
            else:
                errors += 1
    connection.close()
    return latencies, errors


def get(connection, target, headers):
    try:
        connection.request("GET", target.path, headers=headers)
        response = connection.getresponse()
        response.read()
    except (OSError, http.client.HTTPException):
        connection.close()
        return False
    if response.status != target.status:
        return False
    return target.location_contains in (response.getheader("Location") or "")


def run_clients(pool, targets, args):
    """Run one client loop per target (all at once); return all latencies and the number of errors."""
    start_at = time.time() + 0.3  # every client starts together, once the pool has the task
    futures = [pool.submit(client_loop, target, start_at, args.warmup, args.seconds) for target in targets]
    latencies, errors = [], 0
    for future in futures:
        client_latencies, client_errors = future.result(
            timeout=args.warmup + args.seconds + CLIENT_TIMEOUT + 30
        )
        latencies += client_latencies
        errors += client_errors
    return latencies, errors


def statistics(latencies, errors, seconds):
    latencies = sorted(latencies)
    return {
        "seconds": seconds,
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


def warm_up_pool(pool, workers):
    """Start every client process now, before the benchmark starts threads (the moto server) that a fork
    should not copy mid-work."""
    list(pool.map(time.sleep, [0.05] * workers))
