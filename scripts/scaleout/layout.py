"""The names every part of the scale-out layout shares: where the project is, the public host name the proxy
gives every request, the demo users' password, the two buckets and the local S3 server's credentials, the
default PostgreSQL and Redis addresses, and the names of the processes."""

from __future__ import annotations

from pathlib import Path

from bench import s3 as local_s3

ROOT = Path(__file__).resolve().parents[2]
HOST = "portal.scale-out.test"  # the public name the proxy (this script) gives every request
PASSWORD = "demo-clase-2026"  # the demo users' password (README)  # noqa: S105

REGION, ACCESS_KEY, SECRET_KEY = local_s3.REGION, local_s3.ACCESS_KEY, local_s3.SECRET_KEY
PRIVATE_BUCKET, MEDIA_BUCKET = "clase-scale-out-private", "clase-scale-out-media"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/clase_scale_out"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/11"

APP_SERVERS = ("app-a", "app-b")
WORKERS = ("worker-1", "worker-2")
PREPARE = "prepare"  # the release's one-off commands (migrate, collectstatic, load_demo)

CATALOGUE_PATH = "/es/cursos/"  # the public page steps 2 and 4 look at
