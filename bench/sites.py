"""The sites the benchmark serves: the portal, one prepared site per catalogue size and database, kept
between runs; and a bare Wagtail site (`wagtail start`), the reference for what a page costs.

A portal site lives in var/bench/site-<database>-<size>/ (its files, its static files, its SQLite
database; on PostgreSQL the database `bench_clase_<size>`). Preparing one runs migrate, load_demo,
generate_catalogue and collectstatic, then writes `prepared.json`; the next run reuses the site when that
marker names the same size, database and migrations (and only runs collectstatic again, for templates may
name new static files). `--fresh` rebuilds it.
"""

import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PG_DATABASE = "bench_clase"
BARE_DIR = VAR / "bare"
BARE_SQLITE = "db-bench.sqlite3"
BARE_SECRET_KEY = "bench-bare-only-not-secret"  # noqa: S105 — a local benchmark site's key
BARE_SETTINGS = '''"""Written by bench/sites.py: the bare site's production settings for the benchmark."""

import os

import dj_database_url

from .production import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1"]
DATABASES = {
    "default": dj_database_url.parse(
        os.environ["DATABASE_URL"],
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
'''


def django_env(database_url, **extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def manage(env, *args, cwd=ROOT):
    started = time.monotonic()
    print(f"→ manage.py {' '.join(args)}", flush=True)
    subprocess.run([sys.executable, str(Path(cwd) / "manage.py"), *args], env=env, cwd=cwd, check=True)
    return time.monotonic() - started


def is_postgres(server_url) -> bool:
    return bool(server_url) and urlsplit(server_url).scheme.startswith("postgres")


# --- PostgreSQL databases ---------------------------------------------------------------------------------


def postgres_url(server_url, name):
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


def postgres_execute(server_url, statement):
    import psycopg

    with closing(psycopg.connect(postgres_url(server_url, "postgres"), autocommit=True)) as connection:
        cursor = connection.execute(statement)
        return cursor.fetchall() if cursor.description else None


def postgres_recreate(server_url, name):
    from psycopg import sql

    postgres_execute(
        server_url, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    )
    postgres_execute(server_url, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def postgres_exists(server_url, name) -> bool:
    from psycopg import sql

    query = sql.SQL("SELECT 1 FROM pg_database WHERE datname = {}").format(sql.Literal(name))
    return bool(postgres_execute(server_url, query))


def analyze(database_url) -> dict:
    """Refresh PostgreSQL's planner statistics, as autovacuum does in production (it may be off on a
    development server, and a freshly generated catalogue would then be planned as if tables were empty).
    Returns {"analyze": seconds}, or nothing for SQLite."""
    if not is_postgres(database_url):
        return {}
    import psycopg

    started = time.monotonic()
    print("→ ANALYZE (planner statistics)", flush=True)
    with closing(psycopg.connect(database_url, autocommit=True)) as connection:
        connection.execute("ANALYZE")
    return {"analyze": time.monotonic() - started}


# --- the portal -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PortalSite:
    size: int
    kind: str  # "sqlite" or "postgresql"
    folder: Path
    database_url: str
    server_url: str | None

    @property
    def private_root(self) -> Path:
        return self.folder / "private"

    def env(self, **extra):
        return django_env(
            self.database_url,
            MEDIA_ROOT=str(self.folder / "media"),
            PRIVATE_MEDIA_ROOT=str(self.private_root),
            STATIC_ROOT=str(self.folder / "static"),
            **extra,
        )


def portal_site(size, server_url) -> PortalSite:
    if is_postgres(server_url):
        folder = VAR / f"site-postgresql-{size}"
        return PortalSite(
            size, "postgresql", folder, postgres_url(server_url, f"{PG_DATABASE}_{size}"), server_url
        )
    folder = VAR / f"site-sqlite-{size}"
    return PortalSite(size, "sqlite", folder, f"sqlite:///{folder / 'db.sqlite3'}", None)


def fingerprint(site: PortalSite) -> dict:
    """What a prepared site must match to be reused."""
    migrations = sorted(
        path.relative_to(ROOT).as_posix()
        for app in ("portal", "courses", "payments")
        for path in (ROOT / app / "migrations").glob("0*.py")
    )
    return {
        "materials": site.size,
        "database": urlsplit(site.database_url).path,
        "migrations": migrations,
        "wagtail": importlib.metadata.version("wagtail"),
    }


def prepare_portal(site: PortalSite, fresh: bool) -> dict:
    """Build the site, or reuse it; return {"reused": bool, step: seconds}."""
    marker = site.folder / "prepared.json"
    expected = fingerprint(site)
    prepared = json.loads(marker.read_text()) if marker.exists() else None
    reusable = not fresh and prepared is not None and prepared.get("fingerprint") == expected
    if reusable and site.kind == "postgresql":
        reusable = postgres_exists(site.server_url, f"{PG_DATABASE}_{site.size}")
    env = site.env()
    if reusable:
        print(
            f"→ reusing the site prepared at {prepared['prepared_at']} in {site.folder.relative_to(ROOT)} "
            "(--fresh rebuilds it)",
            flush=True,
        )
        timings = {"reused": True, "collectstatic": manage(env, "collectstatic", "--noinput", "-v", "0")}
        return {**timings, **analyze(site.database_url)}
    shutil.rmtree(site.folder, ignore_errors=True)
    site.folder.mkdir(parents=True)
    if site.kind == "postgresql":
        postgres_recreate(site.server_url, f"{PG_DATABASE}_{site.size}")
    timings = {
        "reused": False,
        "migrate": manage(env, "migrate", "--noinput", "-v", "0"),
        "load_demo": manage(env, "load_demo"),
        "generate_catalogue": manage(env, "generate_catalogue", "--materials", str(site.size)),
        "collectstatic": manage(env, "collectstatic", "--noinput", "-v", "0"),
        **analyze(site.database_url),
    }
    marker.write_text(
        json.dumps(
            {
                "fingerprint": expected,
                "prepared_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "setup_seconds": {
                    step: round(value, 1) for step, value in timings.items() if step != "reused"
                },
            },
            indent=2,
        )
        + "\n"
    )
    return timings


# --- the bare Wagtail site --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BareSite:
    env: dict
    cwd: Path
    app: str = "bare.wsgi:application"


def prepare_bare(server_url, fresh: bool) -> BareSite:
    """Generate var/bench/bare/ with `wagtail start` once; migrate its own database (SQLite in its folder,
    or `bench_bare` on the PostgreSQL server) and collect its static files when not done yet."""
    if not (BARE_DIR / "manage.py").exists():
        shutil.rmtree(BARE_DIR, ignore_errors=True)
        BARE_DIR.mkdir(parents=True)
        wagtail = Path(sys.executable).parent / "wagtail"
        print(f"→ wagtail start bare {BARE_DIR.relative_to(ROOT)}", flush=True)
        subprocess.run([str(wagtail), "start", "bare", str(BARE_DIR)], check=True, stdout=subprocess.DEVNULL)
    (BARE_DIR / "bare" / "settings" / "bench.py").write_text(BARE_SETTINGS)
    if is_postgres(server_url):
        kind, database_url = "postgresql", postgres_url(server_url, "bench_bare")
    else:
        kind, database_url = "sqlite", f"sqlite:///{BARE_DIR / BARE_SQLITE}"
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "AWS_"))},
        "DJANGO_SETTINGS_MODULE": "bare.settings.bench",
        "DATABASE_URL": database_url,
        "SECRET_KEY": BARE_SECRET_KEY,
        "PYTHONPATH": str(BARE_DIR),
        "PYTHONUNBUFFERED": "1",
    }
    marker = BARE_DIR / f"prepared-{kind}.json"
    present = kind == "sqlite" or postgres_exists(server_url, "bench_bare")
    if fresh or not marker.exists() or not present:
        if kind == "postgresql":
            postgres_recreate(server_url, "bench_bare")
        else:
            (BARE_DIR / BARE_SQLITE).unlink(missing_ok=True)
        manage(env, "migrate", "--noinput", "-v", "0", cwd=BARE_DIR)
        manage(env, "collectstatic", "--noinput", "-v", "0", cwd=BARE_DIR)
        analyze(database_url)
        marker.write_text(json.dumps({"prepared_at": datetime.now(UTC).isoformat(timespec="seconds")}) + "\n")
    return BareSite(env=env, cwd=BARE_DIR)
