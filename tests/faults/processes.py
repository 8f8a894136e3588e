"""The portal's own processes, started by the fault tests against the test database and its files:
gunicorn (as bench/run.py starts it) and manage.py commands (db_worker), with tests/faults/server_settings.py.
"""

import http.client
import os
import subprocess
import sys
import time
from contextlib import closing, contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from .conftest import closed_port

ROOT = Path(settings.BASE_DIR)


def database_url() -> str:
    """The address of the database this test runs on (the test database, with what the test committed)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}{port}/{db['NAME']}"


def environment(outbox: Path, **extra) -> dict:
    outbox.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.faults.server_settings",
        "DATABASE_URL": database_url(),
        "FAULTS_PRIVATE_ROOT": str(settings.STORAGES["private"]["OPTIONS"]["location"]),
        "FAULTS_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "EMAIL_FILE_PATH": str(outbox),
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def manage(env, *args, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - this interpreter and manage.py, arguments from the tests
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **kwargs,
    )


def get(port: int, path: str, *, timeout: float = 30) -> tuple[int, dict, bytes]:
    with closing(http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)) as conn:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()


@contextmanager
def gunicorn(env, *, workers: int = 1, ready_path: str = "/es/", log: Path):
    """gunicorn serving the portal on a free loopback port; stopped (and waited for) at the end."""
    port = closed_port()
    command = [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--error-logfile", str(log), "--log-level", "warning"]
    process = subprocess.Popen(command, env=env, cwd=ROOT)  # noqa: S603 - a fixed command line
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}: {log.read_text()}")
            try:
                if get(port, ready_path, timeout=10)[0] < 500:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within 60 s: {log.read_text()}")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
