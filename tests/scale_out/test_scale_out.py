"""Scale out: two app servers and two background workers, one PostgreSQL database, one Redis and one S3
endpoint, all on loopback, serve the same portal; a journey goes through both servers in turn.

The test runs scripts/scale_out.py as an operator would (docs/scale-out.md), against the PostgreSQL server
of this test run (a database of its own, created and dropped by the script) and the machine's Redis (a
database number of its own). The script starts everything with the production settings, checks each step
and stops everything it started; what it checks is printed, and this test asserts on those lines.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
REDIS_URL = "redis://127.0.0.1:6379/12"  # the script's own default is 11: a manual run does not collide
SECONDS = 240  # about 40 s on a quiet machine; CI may share the cores with other work


def scale_out_database_url() -> str:
    """A database of the script's own on the server of this run (never the test database itself)."""
    db = settings.DATABASES["default"]
    user = quote(db.get("USER") or "postgres")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}{port}/{db['NAME']}_scale_out"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="several app servers and workers share one PostgreSQL database; SQLite is the one-machine default",
)
def test_two_app_servers_and_two_workers_serve_the_same_portal():
    command = [sys.executable, str(ROOT / "scripts" / "scale_out.py")]
    command += ["--database-url", scale_out_database_url(), "--redis-url", REDIS_URL]
    process = subprocess.Popen(  # noqa: S603 - this interpreter and the project's script
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=dict(os.environ)
    )
    try:
        output, _ = process.communicate(timeout=SECONDS)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGTERM)  # the script stops what it started and drops its database
        output, _ = process.communicate(timeout=60)
        pytest.fail(f"the scale-out journey took more than {SECONDS} s:\n{output}")

    assert process.returncode == 0, output
    for line in [
        # a session made on A is valid on B
        "B serves the member's account page (200) with their e-mail: one session for both servers",
        # public media come from the media bucket, unsigned, and S3 serves them to anyone
        "all unsigned, in http://127.0.0.1:",
        "without credentials: 200, image/",
        # an image uploaded through A's admin is found by B, which makes a rendition of it from S3
        "B shows it with a rendition it made from the original in S3",
        "no material file in the public media bucket",
        # a page published on A is served new by B at once
        "B serves the new title at once",
        # a member's download on B: a signed address (valid 60–90 s) of the private bucket, a private object
        "&X-Amz-Expires=90&",
        "bytes of PDF, attachment;",
        "the same object without the signature: 403 (private)",
        # a task queued by a request on A runs once, on one of the two workers; its e-mail goes once
        "SUCCESSFUL, run by worker-",
        "SMTP got 1 message(s), one per coordinator: coordinator@clase.example",
        "ran once, each on one worker: worker-1 ",
        # nothing written on the app servers' disks
        "app-a: working directory, MEDIA_ROOT, PRIVATE_MEDIA_ROOT and TMPDIR are still empty",
        "app-b: working directory, MEDIA_ROOT, PRIVATE_MEDIA_ROOT and TMPDIR are still empty",
        "Scale-out journey passed",
    ]:
        assert line in output, f"{line!r} not in the script's output:\n{output}"
