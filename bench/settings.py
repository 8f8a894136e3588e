"""The benchmark's settings: production settings, with the environment a local loopback run needs.

Every value below is only a default: the environment still wins (run.py sets DATABASE_URL).
"""

import os
from pathlib import Path

_VAR = Path(__file__).resolve().parent.parent / "var" / "bench"

os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("PORTAL_BASE_URL", "http://127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")  # plain HTTP on loopback, no proxy in front
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")  # persistent connections, as a production server keeps
os.environ.setdefault("STATIC_ROOT", str(_VAR / "static"))
os.environ.setdefault("MEDIA_ROOT", str(_VAR / "media"))
os.environ.setdefault("PRIVATE_MEDIA_ROOT", str(_VAR / "private"))

from portal.settings.production import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
