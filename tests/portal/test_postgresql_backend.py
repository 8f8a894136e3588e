"""The PostgreSQL backend's health check (portal/postgresql/base.py): no round trip for a healthy
connection, and a connection the server ended is still found unusable (tests/faults/test_database_drop.py
checks the whole request after a restart)."""

import time

import psycopg
import pytest
from django.db import connection

from ..faults.processes import database_url
from ..payments.helpers import postgresql_only

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]


def last_statement_of(admin, pid: int) -> str:
    return admin.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()[0]


def test_a_healthy_connection_is_usable_without_a_statement_sent():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid() /* the last statement */")
        pid = cursor.fetchone()[0]
    with psycopg.connect(database_url(), autocommit=True) as admin:
        assert connection.is_usable()
        assert last_statement_of(admin, pid) == "SELECT pg_backend_pid() /* the last statement */"


def test_a_connection_the_server_ended_is_not_usable():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with psycopg.connect(database_url(), autocommit=True) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]
        deadline = time.monotonic() + 10
        while admin.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()[0]:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    assert not connection.is_usable()
    connection.close()
