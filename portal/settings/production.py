"""Production: PostgreSQL, S3, Redis, SMTP and Stripe, all configured by environment variables only."""

from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False
# No default: a missing or loopback address fails `check --deploy` (portal/checks.py).
PORTAL_BASE_URL = env("PORTAL_BASE_URL").rstrip("/")
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment.")

# WhiteNoise's compressed, hashed files, their addresses kept by each process (portal/static_storage.py).
STORAGES["staticfiles"] = {"BACKEND": "portal.static_storage.StaticFilesStorage"}

# Persistent database connections (checked at the start of each request, portal/postgresql/base.py): a new
# connection per request costs PostgreSQL a process and the portal its prepared statements.
DATABASES["default"]["CONN_MAX_AGE"] = int(env("DATABASE_CONN_MAX_AGE", "60"))

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST")
# Rate limits (log-in, sign-up, password reset, certificate look-ups) count per visitor's address: behind the
# proxy, REMOTE_ADDR is the proxy's for everyone, so the address is the last hop the proxy adds to
# X-Forwarded-For (docs/deployment.md). 0 when gunicorn faces the visitors itself.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "1"))

if env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
