#!/usr/bin/env bash
# The portal's two commands (see README.md):
#   ./dev.sh demo   set everything up, load the demo content and serve the portal on 127.0.0.1
#   ./dev.sh test   set everything up and run the whole test suite (DATABASE_URL picks the database)
# Both create .venv, install the locked versions from requirements.lock, and are safe to re-run.
set -euo pipefail
cd "$(dirname "$0")"

VENV=.venv
PY=$VENV/bin/python

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return
    fi
  done
  echo "Python 3.11 or newer is needed." >&2; exit 1
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

setup() {
  if [ ! -x "$PY" ]; then
    echo "→ creating the virtual environment in $VENV"
    "$(find_python)" -m venv "$VENV"
  fi
  local want have
  want=$(sha256sum requirements.lock | cut -d' ' -f1)
  have=$(cat "$VENV/.lock-installed" 2>/dev/null || true)
  if [ "$want" != "$have" ]; then
    echo "→ installing the locked dependencies"
    "$PY" -m pip install --quiet --disable-pip-version-check -r requirements.lock
    echo "$want" > "$VENV/.lock-installed"
  fi
  "$PY" scripts/compile_messages.py
}

ensure_chromium() {
  if command -v chromium >/dev/null 2>&1; then return; fi
  echo "→ installing Debian's chromium for the browser tests"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}

ensure_pdf_readers() {
  # The training record's tests read its PDF as a reader would: poppler's pdftotext and pdftoppm for its
  # words and pages, zbar's zbarimg for its QR codes.
  if command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 &&
    command -v zbarimg >/dev/null 2>&1; then return; fi
  echo "→ installing poppler-utils and zbar-tools for the tests that read PDFs and their QR codes"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils zbar-tools >/dev/null
}

cmd=${1:-}
shift || true
case "$cmd" in
  demo)
    setup
    export DJANGO_SETTINGS_MODULE=portal.settings.dev
    # The demo's own secret key, made once per clone (var/ is not in git): sessions and password-reset
    # links of a running demo cannot be forged from a key anyone can read.
    mkdir -p var
    [ -s var/secret_key ] || "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key
    SECRET_KEY=${SECRET_KEY:-$(cat var/secret_key)}
    export SECRET_KEY
    port=${PORT:-8000}
    # Every address the portal writes (e-mails, certificates, the sitemap, the site record) is this one.
    export PORTAL_BASE_URL=${PORTAL_BASE_URL:-http://127.0.0.1:$port}
    "$PY" manage.py migrate --noinput -v 0
    "$PY" manage.py load_demo
    echo
    echo "Cla@se is running at http://127.0.0.1:$port/  (admin: http://127.0.0.1:$port/admin/)"
    "$PY" manage.py demo_logins
    echo
    if [ -z "${STRIPE_SECRET_KEY:-}" ]; then
      # No Stripe keys: the local stand-in takes card payments (test card 4242 4242 4242 4242). It signs
      # webhooks with a secret made for this run, shared with the portal through the environment.
      STRIPE_WEBHOOK_SECRET="whsec_$("$PY" -c 'import secrets; print(secrets.token_hex(24))')"
      export STRIPE_WEBHOOK_SECRET
      standin_port=${STANDIN_PORT:-12111}
      "$PY" -m payments.standin --quiet --port "$standin_port" \
        --webhook-url "http://127.0.0.1:$port/payments/webhook/" &
      standin_pid=$!
      trap 'kill "$standin_pid" 2>/dev/null || true' EXIT INT TERM
      export STRIPE_API_BASE="http://127.0.0.1:$standin_port"
      echo "Card payments go to the local Stripe stand-in at $STRIPE_API_BASE (test card 4242 4242 4242 4242)."
    fi
    "$PY" manage.py runserver "127.0.0.1:$port"
    ;;
  test)
    setup
    ensure_chromium
    ensure_pdf_readers
    echo "→ ruff"
    "$VENV/bin/ruff" check .
    echo "→ the import structure (import-linter contracts in pyproject.toml)"
    "$VENV/bin/lint-imports"
    echo "→ migrations are up to date"
    env -u DATABASE_URL DJANGO_SETTINGS_MODULE=portal.settings.test "$PY" manage.py makemigrations --check --dry-run
    echo "→ production settings pass the deployment checks"
    DJANGO_SETTINGS_MODULE=portal.settings.production SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')" \
      ALLOWED_HOSTS=clase.example.org PORTAL_BASE_URL=https://clase.example.org \
      "$PY" manage.py check --deploy --fail-level WARNING
    # One test process per core (pytest-xdist): each has its own test database, live server and Chromium.
    # Tests run in collection order within each process (`loadgroup`), so that, as in a single process,
    # the transactional tests (which flush what migrations made) come after the others; tests sharing one
    # outside resource (a Redis database number) are kept in one process by `xdist_group`.
    echo "→ tests on ${DATABASE_URL:-SQLite}, ${TEST_PROCESSES:-2} processes"
    exec "$VENV/bin/pytest" -n "${TEST_PROCESSES:-2}" --dist loadgroup "$@"
    ;;
  *)
    echo "usage: ./dev.sh demo | ./dev.sh test [pytest arguments]" >&2
    exit 2
    ;;
esac
