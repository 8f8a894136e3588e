"""A query asked on every request, turned into SQL once instead of on each request.

Building a queryset with several subqueries and compiling it to SQL costs milliseconds of Python, far
more than the database takes to answer it (the access policy's facts about a user: 7 subqueries, about
4 ms to compile, 0.12 ms to run). A `CompiledQuery` compiles its queryset once per process and day, then
runs the same SQL with other values for its varying parameters (a user's id, a course's id).

The day is part of the key because such querysets filter on `timezone.localdate()` (memberships and
authorisations in force today): the SQL of another day is compiled afresh, never reused.

On PostgreSQL the database has its own compiling to do: planning the facts query takes it 1 to 4 ms of CPU,
several times what running it takes (0.3 ms), on every signed-in request. Django's psycopg cursors bind
parameters on the client, so each query reaches PostgreSQL as a new literal string and is planned anew. A
`CompiledQuery` runs on a cursor that binds on the server instead: psycopg then prepares a query once it
has run a few times on a connection (`prepare_threshold`), and PostgreSQL keeps its plan for the
connection's life. Only these queries bind on the server; the rest of the portal keeps Django's default.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

# Stand for the varying parameters while compiling; each is found again among the compiled parameters.
_PLACEHOLDERS = (-748_301_969, -748_301_970, -748_301_971)


class CompiledQuery:
    def __init__(self, build: Callable[..., Any], arguments: int = 1):
        """`build(*values)` returns a queryset in which each of the `arguments` values appears as exactly
        one parameter (for instance `Model.objects.filter(user_id=user_id, course_id=course_id)`)."""
        self._build = build
        self._arguments = arguments
        self._compiled: dict[tuple[str, object], tuple[str, tuple, tuple[int, ...]]] = {}
        self._readers: dict[tuple, _RowReader] = {}

    def first(self, *values: int) -> dict | None:
        """The first row for `values` as a dict of its columns (from a `.values()` queryset), or None."""
        sql, params = self._sql(values)
        with _bound_on_the_server(), connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
            if row is None:
                return None
            return dict(zip((column[0] for column in cursor.description), row, strict=True))

    def instances(self, model, *values: int) -> list:
        """The rows for `values` as instances of `model`, with any annotation as an attribute (as the
        database returns it: a boolean may come as 0 or 1)."""
        sql, params = self._sql(values)
        connection = connections[DEFAULT_DB_ALIAS]
        with _bound_on_the_server(), connection.cursor() as cursor:
            cursor.execute(sql, params)
            columns = tuple(column[0] for column in cursor.description)
            rows = cursor.fetchall()
        key = (connection.vendor, model, columns)
        reader = self._readers.get(key)
        if reader is None:
            reader = self._readers[key] = _RowReader(model, columns, connection)
        return [reader.instance(row, connection) for row in rows]

    def _sql(self, values) -> tuple[str, list]:
        if len(values) != self._arguments:
            raise TypeError(f"{self._arguments} values expected, got {len(values)}")
        key = (connections[DEFAULT_DB_ALIAS].vendor, timezone.localdate())
        if key not in self._compiled:
            placeholders = _PLACEHOLDERS[: self._arguments]
            sql, params = self._build(*placeholders).query.sql_with_params()  # for the default database
            places = []
            for placeholder in placeholders:
                found = [index for index, param in enumerate(params) if param == placeholder]
                if len(found) != 1:
                    raise ValueError(f"each varying parameter must appear once, not {len(found)} times")
                places.append(found[0])
            self._compiled = {key: (sql, tuple(params), tuple(places))}  # older days are dropped
        sql, params, places = self._compiled[key]
        params = list(params)
        for place, value in zip(places, values, strict=True):
            params[place] = value
        return sql, params


class _RowReader:
    """How a row of a model's columns and annotations becomes an instance, worked out once per query
    shape: Django's `RawQuerySet` works all of it out again on every query (0.2 ms of Python each time,
    three times on a learner's page). Model fields go through the database's converters, as in any
    queryset; annotations are left as they come."""

    def __init__(self, model, columns: tuple[str, ...], connection):
        fields = model._meta.concrete_fields
        missing = [field.column for field in fields if field.column not in columns]
        if missing:
            raise ValueError(f"the query does not select {missing} of {model._meta.label}")
        self.model = model
        self.attnames = [field.attname for field in fields]
        self.positions = [columns.index(field.column) for field in fields]
        field_columns = {field.column for field in fields}
        self.annotations = [(index, name) for index, name in enumerate(columns) if name not in field_columns]
        self.converters = []
        for field, position in zip(fields, self.positions, strict=True):
            column = field.get_col(model._meta.db_table)
            converters = [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]
            if converters:
                self.converters.append((position, converters, column))

    def instance(self, row, connection):
        row = list(row)
        for position, converters, column in self.converters:
            for converter in converters:
                row[position] = converter(row[position], column, connection)
        values = [row[index] for index in self.positions]
        instance = self.model.from_db(connection.alias, self.attnames, values)
        for index, name in self.annotations:
            setattr(instance, name, row[index])
        return instance


@contextmanager
def _bound_on_the_server() -> Iterator[None]:
    """Cursors opened inside bind their parameters on the server (PostgreSQL; elsewhere nothing changes).

    Django opens its cursors with the psycopg connection's `cursor_factory`; swapping it for the length of
    one query keeps everything else Django does around a cursor (the health check, the time zone, error
    wrapping, the queries counted in tests). A connection is used by one thread only."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql" or connection.settings_dict["OPTIONS"].get("server_side_binding"):
        yield
        return
    connection.ensure_connection()
    psycopg_connection = connection.connection
    client_binding = psycopg_connection.cursor_factory
    psycopg_connection.cursor_factory = _preparing_cursor()
    try:
        yield
    finally:
        psycopg_connection.cursor_factory = client_binding


@functools.cache
def _preparing_cursor():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        """Django's server-binding cursor that still tells Django's query log (`last_executed_query`) what
        it ran once psycopg runs the query prepared (psycopg then keeps no query text on the cursor)."""

        def _send_query_prepared(self, name, pgq, *, binary=None):
            self._query = pgq
            super()._send_query_prepared(name, pgq, binary=binary)

    return PreparingCursor
