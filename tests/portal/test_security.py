"""Security properties a visitor's browser or an attacker would notice: headers, the deployment checks,
CSRF everywhere but the Stripe webhook, and no open redirects through any `next` parameter."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLResolver, get_resolver
from rest_framework.views import APIView

from .. import factories

EVIL = "https://evil.example/steal"


@pytest.mark.django_db
def test_public_pages_carry_a_content_security_policy_and_the_protective_headers(client, tree):
    response = client.get(tree.home.url)

    policy = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "https://checkout.stripe.com" in policy.split("form-action", 1)[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_production_settings_pass_the_deployment_checks_with_https_only_cookies_and_hsts():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "x" * 60 + "-not-a-real-production-key-but-long-and-random-enough-A1b2C3",
        "ALLOWED_HOSTS": "clase.example.org",
    }
    environment.pop("DATABASE_URL", None)
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests; never in production
    check = subprocess.run(  # noqa: S603 - our own manage.py with a fixed argument list
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(settings.BASE_DIR),
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    probe = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; print("
            "s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)",
        ],
        cwd=Path(settings.BASE_DIR),
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    hsts, session_secure, csrf_secure, ssl_redirect = probe.stdout.split()
    assert int(hsts) >= 365 * 24 * 3600
    assert (session_secure, csrf_secure, ssl_redirect) == ("True", "True", "True")


def _views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.callback


def test_the_stripe_webhook_is_the_only_view_without_csrf_protection():
    exempt = set()
    for path, view in _views(get_resolver().url_patterns):
        if not getattr(view, "csrf_exempt", False):
            continue
        view_class = getattr(view, "cls", None)
        if view_class is not None and issubclass(view_class, APIView):
            continue  # Wagtail's admin API (Django REST framework): its session authentication checks CSRF
        exempt.add(path)
    assert exempt == {"payments/webhook/"}


@pytest.mark.django_db
def test_the_admin_api_still_refuses_a_session_request_without_a_csrf_token(tree):
    admin = factories.UserFactory(is_superuser=True, is_staff=True)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin)
    response = browser.post(f"/admin/api/main/pages/{tree.home.pk}/action/copy/", {})
    assert response.status_code == 403


@pytest.mark.django_db
def test_a_state_changing_form_without_its_csrf_token_is_refused(tree, member):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    response = browser.post("/es/account/organisation/", {"organisation": "1"})
    assert response.status_code == 403


# --- open redirects ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_signing_in_never_sends_anyone_to_another_site(client, tree):
    user = factories.UserFactory(email="ana@coop.example")
    response = client.post(
        f"/es/accounts/login/?next={EVIL}",
        {"login": user.email, "password": factories.PASSWORD, "next": EVIL},
    )
    assert response.status_code == 302 and not response["Location"].startswith("https://evil.example")


@pytest.mark.django_db
def test_changing_language_never_sends_anyone_to_another_site(client, tree):
    response = client.post("/i18n/setlang/", {"language": "en", "next": EVIL})
    assert response.status_code == 302 and "evil.example" not in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("target", [EVIL, "//evil.example/steal", "/\\evil.example", "javascript:alert(1)"])
def test_the_terms_page_never_sends_anyone_to_another_site(client, tree, member, target):
    material = factories.MaterialPageFactory(
        parent=tree.materials, licence=factories.LicenceFactory(acceptance_required=True)
    )
    client.force_login(member)
    response = client.post(f"/es/terms/{material.pk}/", {"accept": "on", "next": target})
    assert response["Location"] == material.url
