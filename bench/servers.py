"""The benchmark's servers: gunicorn on a free loopback port, started with a site's environment, ready once
a path answers 200, and stopped (TERM, then KILL) when the block ends. Used by bench/run.py (the portal and
the bare Wagtail site) and bench/webhooks.py."""

import http.client
import socket
import subprocess
import sys
import time
from contextlib import closing, contextmanager

from bench.pages import PLAIN
from bench.sites import ROOT, VAR


def free_port():
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env, label, workers, *, app="portal.wsgi:application", cwd=ROOT, ready_path=PLAIN):
    port = free_port()
    log = VAR / f"gunicorn-{label}.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
    ]
    command += ["--error-logfile", str(log), "--log-level", "warning"]
    print(
        f"→ gunicorn {app} on 127.0.0.1:{port} ({workers} workers), log in {log.relative_to(ROOT)}",
        flush=True,
    )
    process = subprocess.Popen(command, env=env, cwd=cwd)
    try:
        wait_until_ready(process, port, log, ready_path)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_ready(process, port, log, path=PLAIN, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log}")
        try:
            with closing(http.client.HTTPConnection("127.0.0.1", port, timeout=10)) as connection:
                connection.request("GET", path)
                if connection.getresponse().status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {path} within {timeout} s; see {log}")
