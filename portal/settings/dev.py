"""The one-command demo: embedded defaults (SQLite, local files, console e-mail)."""

import secrets

from .base import *

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "dev-only-not-secret")  # noqa: S105 — a local demo key, never used in production
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

# Without a key in the environment: the local Stripe stand-in (payments/standin/) with its own test key.
# With real test keys (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET) and no STRIPE_API_BASE: Stripe's test mode.
if env("STRIPE_SECRET_KEY"):
    STRIPE_API_BASE = env("STRIPE_API_BASE")
else:
    STRIPE_SECRET_KEY = "sk_test_standin"  # noqa: S105 — the stand-in's key, never Stripe's
    # `./dev.sh demo` makes a new signing secret for each run and hands it to both the portal and the
    # stand-in; without one, a secret of this process's own, so that no published secret ever signs an
    # event this demo accepts.
    STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET") or f"whsec_{secrets.token_hex(24)}"
    STRIPE_API_BASE = env("STRIPE_API_BASE", "http://127.0.0.1:12111")

# The buy form leads on to the checkout page of whichever Stripe the demo talks to.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] = sorted(
    {*CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"], *origin_of(STRIPE_API_BASE)}
)
