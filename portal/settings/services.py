"""The services the portal hands work to: the mail server, Stripe and the background task runner."""

from portal.settings.environment import env, env_bool

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "15"))  # a hung mail server must not hold a worker (and a row lock)
# The name is quoted: an unquoted "@" in it makes SMTP backends reject the address.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", '"Cla@se" <clase@localhost>')

# Stripe (used from the payments issue on): keys and base address from the environment only.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = env("STRIPE_API_BASE")
# Stripe Tax on each checkout (the account must have it set up: origin address, registrations); prices then
# include the tax. Off unless STRIPE_AUTOMATIC_TAX is 1/true (docs/payments.md).
STRIPE_AUTOMATIC_TAX = env_bool("STRIPE_AUTOMATIC_TAX")

# Background work (e-mails, stamping, reports). The embedded default and the tests run tasks at once;
# production sets TASKS_BACKEND=django_tasks_db.DatabaseBackend and runs `manage.py db_worker`.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}
