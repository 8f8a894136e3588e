"""The one-command demo: embedded defaults (SQLite, local files, console e-mail)."""

from .base import *

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "dev-only-not-secret")  # noqa: S105 — a local demo key, never used in production
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

# The local Stripe stand-in (payments/standin/); real test keys in the environment reach Stripe's test mode.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", "sk_test_standin")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", "whsec_standin")
STRIPE_API_BASE = env("STRIPE_API_BASE", "http://127.0.0.1:12111")
