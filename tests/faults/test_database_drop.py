"""PostgreSQL drops the portal's connections while it serves (what a restart or a failover does to it).

gunicorn serves the portal with persistent connections (DATABASE_CONN_MAX_AGE=60, as production and the
benchmark run it) and conn_health_checks (portal/settings/database.py). The server's connection is terminated
from a second connection; the very next request is answered 200, not 500: at the start of each request
Django checks a connection it reuses (a `SELECT 1`), finds it dead, drops it and opens a new one.
"""

import time

import psycopg
import pytest
from django.db import connection

from courses.models import DownloadEvent

from ..payments.helpers import postgresql_only
from .processes import database_url, environment, get, gunicorn

APPLICATION = "clase-faults-server"


def wait_for(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def server_connections(admin) -> int:
    return admin.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = %s",
        [APPLICATION],
    ).fetchone()[0]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_first_request_after_postgresql_dropped_the_connections_is_answered(
    public_material, tmp_path, monkeypatch
):
    env = environment(
        tmp_path / "outbox",
        DATABASE_URL=f"{database_url()}?application_name={APPLICATION}",
        DATABASE_CONN_MAX_AGE="60",
    )
    download = (
        public_material.files.get().get_download_url()
    )  # never cached: every request reads the database
    with (
        gunicorn(env, log=tmp_path / "gunicorn.log") as port,
        psycopg.connect(database_url(), autocommit=True) as admin,
    ):
        assert get(port, download)[0] == 200
        assert get(port, download)[0] == 200
        assert server_connections(admin) == 1  # one worker, one persistent connection, reused

        connection.close()  # this test's own connection goes too, as in a restart; Django reopens it
        terminated = admin.execute(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]
        assert terminated >= 1
        wait_for(lambda: server_connections(admin) == 0)  # backends end a moment after the signal

        status, _, body = get(port, download)

        assert status == 200 and body.startswith(b"%PDF")
        assert server_connections(admin) == 1  # a new connection, kept again
        assert get(port, download)[0] == 200
    assert DownloadEvent.objects.count() == 4
