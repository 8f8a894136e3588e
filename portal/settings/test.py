"""Tests: fast hashing, in-memory e-mail, throw-away file directories; DATABASE_URL picks the database."""

import tempfile
from pathlib import Path

from .base import *

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
_tmp = Path(tempfile.mkdtemp(prefix="clase-test-"))
MEDIA_ROOT = _tmp / "media"
PRIVATE_MEDIA_ROOT = _tmp / "private"
STATIC_ROOT = _tmp / "static"
STATIC_ROOT.mkdir(parents=True)
STORAGES["default"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": MEDIA_ROOT},
}
if not AWS_STORAGE_BUCKET_NAME:
    STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
PORTAL_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"

# Stripe: the tests start the stand-in and point STRIPE_API_BASE at it (the `settings` fixture).
# Fixed, whatever the environment holds: the tests never reach a real Stripe account.
STRIPE_SECRET_KEY = "sk_test_standin"  # noqa: S105
STRIPE_PUBLISHABLE_KEY = "pk_test_standin"
STRIPE_WEBHOOK_SECRET = "whsec_standin"  # noqa: S105
STRIPE_API_BASE = "http://127.0.0.1:12111"

# SQLite: a database file rather than Django's shared in-memory one, so that the live server's threads
# (browser journeys) wait for each other's writes instead of failing with "database table is locked".
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(_tmp / "test.sqlite3")}

# The tests start the Stripe stand-in on a free loopback port: the buy form may lead to any of them.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append("http://127.0.0.1:*")
