"""The database: DATABASE_URL picks it (production and CI's second run: PostgreSQL), else SQLite next to the
code, each tuned for how the portal uses it."""

import dj_database_url

from portal.settings.environment import BASE_DIR, env

# Embedded default: SQLite next to the code. Production and CI's second run set DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves several threads (runserver, the test live server): take the write lock
    # when a transaction starts and wait for it, rather than failing with "database is locked" when two
    # transactions that began by reading both try to write. Write-ahead log, synced at checkpoints: readers
    # never wait for the writer, and a commit (a download logged) costs no fsync of its own; a power cut
    # may lose the last commits, never corrupt the file (SQLite's documented guarantee for WAL + NORMAL).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with a health check of reused connections that costs no round trip
    # (portal/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "portal.speed.postgresql"
    # The queries asked on every request (portal/speed/compiled_query.py) are prepared once they have run this
    # many times on a connection, so PostgreSQL stops planning them anew; Django's other queries bind on
    # the client and are never prepared. Behind a pooler in transaction mode that cannot keep prepared
    # statements, set DATABASE_PREPARE_THRESHOLD to an empty value.
    threshold = env("DATABASE_PREPARE_THRESHOLD", "5")
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["prepare_threshold"] = int(threshold) if threshold else None

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
