"""Django's PostgreSQL backend, with a health check that costs no round trip while nothing is wrong.

With persistent connections and `CONN_HEALTH_CHECKS`, Django checks a reused connection at the start of
every request with a `SELECT 1`: one more round trip to the database per request, as long as one of the
portal's cheapest views takes in all (a download's one INSERT). A server that ends a connection (a restart,
a failover, `pg_terminate_backend`) tells the client so before closing its socket, and a healthy idle
connection receives nothing: so a socket that has nothing to read is taken as healthy, and only one that
does (a closed connection, or a notice) is checked with Django's `SELECT 1`.

A connection silently lost on the network (no message, no close) passes this check; its next query
fails, that request gets an error, and Django drops the connection at the end of it. Django's own check
would have waited for the network's time-out on such a connection instead.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        if self.connection is None or self.connection.closed:
            return False
        try:
            socket = self.connection.pgconn.socket
            readable, _, _ = select.select([socket], [], [], 0)
        except (OSError, ValueError):  # no socket any more
            return False
        return not readable or super().is_usable()
