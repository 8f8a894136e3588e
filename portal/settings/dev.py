"""The one-command demo: embedded defaults (SQLite, local files, console e-mail)."""

from .base import *

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "dev-only-not-secret")  # noqa: S105 — a local demo key, never used in production
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
