"""Security properties a visitor's browser or an attacker would notice: headers, the deployment checks,
CSRF everywhere but the Stripe webhook, and no open redirects through any `next` parameter."""

import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpResponseForbidden
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils import translation
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
        "PORTAL_BASE_URL": "https://clase.example.org",
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
            "s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
            " s.ALLAUTH_TRUSTED_PROXY_COUNT)",
        ],
        cwd=Path(settings.BASE_DIR),
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    hsts, session_secure, csrf_secure, ssl_redirect, proxies = probe.stdout.split()
    assert int(hsts) >= 365 * 24 * 3600
    assert (session_secure, csrf_secure, ssl_redirect) == ("True", "True", "True")
    # Behind the proxy, rate limits count the visitor's address (X-Forwarded-For), not the proxy's.
    assert proxies == "1"


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


# --- POST and the CSRF token for every change ------------------------------------------------------------

SAMPLE = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000000"}


def _sample(pattern) -> str:
    """An address that `pattern` matches: sample values for its converters and groups."""
    if isinstance(pattern, LocalePrefixPattern):
        return "es/"
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<(?:(\w+):)?\w+>", lambda match: SAMPLE[match[1] or "str"], str(pattern))
    regex = pattern.regex.pattern.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    regex = re.sub(
        r"\(\?P<\w+>([\w|]+)\)", lambda match: match[1].split("|")[0], regex
    )  # a choice: the first
    regex = re.sub(r"\(\?P<\w+>[^)]*\)", "1", regex)
    regex = regex.replace(r"(\d+)", "1").replace("(.*)", "x").replace(r"((?:[\w\-]+/)*)", "x/")
    return regex.replace("\\", "")


def _routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + _sample(pattern.pattern))
        else:
            yield "/" + prefix + _sample(pattern.pattern), pattern.callback


def csrf_refused(request, reason=""):
    """Stands for Django's CSRF failure page: a refusal by the CSRF check, told from any other 403."""
    return HttpResponseForbidden(f"refused by the CSRF check: {reason}")


@pytest.mark.django_db
def test_every_address_refuses_a_post_without_its_csrf_token_except_the_stripe_webhook(tree, settings):
    """Every route of the site (the portal's, allauth's, Wagtail's admin and pages), posted to without the
    token by a signed-in administrator: refused by the CSRF check before any view runs."""
    settings.CSRF_FAILURE_VIEW = "tests.portal.test_security.csrf_refused"
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(factories.UserFactory(is_superuser=True, is_staff=True))
    with translation.override("es"):
        routes = list(_routes())
    checked, not_refused, unresolved = [], [], []
    for path, view in routes:
        try:
            resolved = resolve(path).func
            if resolved != view and inspect.unwrap(resolved) is inspect.unwrap(view):
                pass  # the portal's guard in front of a package's view, at its address: posted to below
            elif resolved != view and _shadowed(resolved, view):
                continue  # served at the same address by the portal's formula-safe copy, checked itself
            elif resolved != view:
                unresolved.append(path)
                continue
        except Resolver404:
            unresolved.append(path)
            continue
        view_class = getattr(view, "cls", None)
        if view_class is not None and issubclass(view_class, APIView):
            continue  # Wagtail's admin API: its session authentication checks the token (test above)
        response = browser.post(path)
        if path == "/payments/webhook/":
            assert response.status_code == 400  # no CSRF token, but no Stripe signature either: refused
            continue
        checked.append(path)
        if response.status_code != 403 or b"refused by the CSRF check" not in response.content:
            not_refused.append((path, response.status_code))
    assert not_refused == [] and unresolved == []
    assert len(checked) > 300
    print(f"CSRF: {len(checked)} addresses refuse a POST without the token")


def _shadowed(resolved, view) -> bool:
    """Whether Wagtail's view `view` is served at its address by a subclass (portal/admin/exports.py)."""
    shadow, original = getattr(resolved, "view_class", None), getattr(view, "view_class", None)
    return (
        shadow is not None
        and original is not None
        and shadow is not original
        and issubclass(shadow, original)
    )


def _written_tables(queries) -> set[str]:
    tables = set()
    for query in queries:
        sql = query["sql"]
        if match := re.match(r"\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+\"?(\w+)\"?", sql, re.IGNORECASE):
            tables.add(match[1])
    return tables


@pytest.mark.django_db
def test_no_address_of_the_portal_changes_anything_on_a_get(client, tree, member, public_material):
    """A GET changes nothing (no INSERT, UPDATE, DELETE): every action of the portal's own apps answers 405
    to it, and its forms only show themselves. The one write is the download's log (a GET hands a file out
    and records it, as DESIGN.md asks); the payment success page, where Stripe sends the buyer back, is asked
    here without a Checkout Session (with one, it settles the order as the webhook would, once)."""
    from courses.models import Assignment, Enrolment, LicenceAcceptance
    from payments.models import Order
    from portal.models import PortalSettings

    from ..courses.learning_kit import lessons_of, make_course, quiz_id
    from ..payments.helpers import open_order

    course = make_course(tree.courses)
    lesson = lessons_of(course)[1]
    licensed = factories.MaterialPageFactory(
        parent=tree.materials, licence=factories.LicenceFactory(acceptance_required=True)
    )
    priced = factories.MaterialPageFactory(parent=tree.materials, access_level="authorised", price="10.00")
    order = open_order(member, priced)
    file_id = public_material.files.get().pk
    membership = member.memberships.get()
    membership.manages = True  # the member runs their organisation's training: its pages are read too
    membership.save()
    organisation_id = membership.organisation_id
    invitation = factories.InvitationFactory(organisation_id=organisation_id)
    from portal.models import MemberImport

    member_import = MemberImport.objects.create(
        organisation_id=organisation_id,
        file_name="m.csv",
        content=b"Nombre completo,Correo\nAna,ana@coop.example\n",
        language="es",
    )
    assignment = Assignment.objects.create(organisation=membership.organisation, course=course)
    of_assignment = {"organisation_id": membership.organisation_id, "assignment_id": assignment.pk}
    from courses.models import TrainingRecordFile

    record_file = TrainingRecordFile.objects.create(
        organisation=membership.organisation,
        requested_by=member,
        start="2026-01-01",
        end="2026-06-30",
        language="es",
    )
    of_record_file = {"organisation_id": membership.organisation_id, "file_id": record_file.pk}
    without_email = factories.MembershipFactory(
        organisation=membership.organisation,
        user=factories.UserFactory(email=None, login_name="socia.sin.correo", vouched=True, verified=False),
    )
    arguments = {
        "portal:account": {},
        "portal:account_delete": {},
        "portal:account_delete_confirm": {"token": "x"},
        "portal:account_deleted": {},
        "portal:manager_request": {"membership_id": membership.pk},
        "portal:organisation_index": {},
        "portal:organisation_home": {"organisation_id": organisation_id},
        "portal:organisation_members": {"organisation_id": organisation_id},
        "portal:organisation_invitations": {"organisation_id": organisation_id},
        "portal:organisation_invite": {"organisation_id": organisation_id},
        "portal:organisation_invitation_resend": {
            "organisation_id": organisation_id,
            "invitation_id": invitation.pk,
        },
        "portal:organisation_invitation_cancel": {
            "organisation_id": organisation_id,
            "invitation_id": invitation.pk,
        },
        "portal:organisation_member_end": {
            "organisation_id": organisation_id,
            "membership_id": membership.pk,
        },
        "portal:organisation_member_import": {"organisation_id": organisation_id},
        "portal:organisation_member_import_detail": {
            "organisation_id": organisation_id,
            "import_id": member_import.pk,
        },
        "portal:organisation_member_import_confirm": {
            "organisation_id": organisation_id,
            "import_id": member_import.pk,
        },
        "portal:organisation_member_import_cards": {
            "organisation_id": organisation_id,
            "import_id": member_import.pk,
        },
        "portal:organisation_member_import_template": {
            "organisation_id": organisation_id,
            "file_format": "xlsx",
        },
        "portal:invitation": {"key": invitation.key},
        "portal:organisation_new_member": {"organisation_id": membership.organisation_id},
        "portal:organisation_new_cards": {"organisation_id": membership.organisation_id},
        "portal:organisation_member_card": {
            "organisation_id": membership.organisation_id,
            "membership_id": without_email.pk,
        },
        "portal:card_sign_in": {},
        "portal:card_password": {},
        "portal:request_authorisation": {},
        "portal:link_organisation": {},
        "portal:contact_send": {"page_id": tree.home.pk},
        "portal:data_export_ask": {},
        "portal:data_export_download": {"export_id": 1},
        "courses:download": {"file_id": file_id},
        "courses:accept_terms": {"page_id": licensed.pk},
        "courses:search": {},
        "courses:enrol": {"course_id": course.pk},
        "courses:course_complete": {"course_id": course.pk},
        "courses:lesson_done": {"lesson_id": lesson.pk},
        "courses:quiz_submit": {"lesson_id": lesson.pk, "block_id": quiz_id(lesson)},
        "courses:my_learning": {},
        "courses:certificate_download": {"code": "ABCD-EFGH-JKLM"},
        "courses:certificate_search": {},
        "courses:certificate_verify": {"code": "ABCD-EFGH-JKLM"},
        "courses:web_app_manifest": {},
        "courses:offline": {},
        "courses:offline_saved": {},
        "courses:offline_course": {"course_id": course.pk},
        "courses:offline_check": {},
        "courses:offline_actions": {},
        "courses:organisation_assignments": {"organisation_id": membership.organisation_id},
        "courses:organisation_assignment": of_assignment,
        "courses:organisation_assignment_remove": of_assignment,
        "courses:organisation_learning": {"organisation_id": membership.organisation_id},
        "courses:organisation_record": {"organisation_id": membership.organisation_id},
        "courses:organisation_record_prepare": {"organisation_id": membership.organisation_id},
        "courses:organisation_record_file": of_record_file,
        "courses:organisation_record_download": of_record_file,
        "payments:buy": {"page_id": priced.pk},
        "payments:success": {},
        "payments:cancel": {"reference": order.reference},
        "payments:purchases": {},
        "payments:receipt": {"reference": order.reference},
        "payments:receipt_pdf": {"reference": order.reference},
        "payments:invoice": {"reference": order.reference},
        "payments:invoice_pdf": {"reference": order.reference},
    }
    from courses import urls as courses_urls
    from payments import urls as payments_urls
    from portal import account_urls

    every_route = {
        f"{module.app_name}:{pattern.name}"
        for module in (account_urls, courses_urls, payments_urls)
        for pattern in module.urlpatterns
    }
    assert set(arguments) == every_route, "a new address: say what a GET of it may do"
    PortalSettings.load()  # the site settings' row, made on first use, is there already
    client.force_login(member)
    answers, writes = {}, {}
    with translation.override("es"):
        addresses = {name: reverse(name, kwargs=kwargs) for name, kwargs in arguments.items()}
    addresses |= {
        "allauth:logout": "/es/accounts/logout/",
        "allauth:email": "/es/accounts/email/",
        "allauth:password_change": "/es/accounts/password/change/",
        "django:set_language": "/i18n/setlang/?language=en&next=/en/",
        "payments:webhook": "/payments/webhook/",
        # A lesson's media (courses/views/lesson_media.py), at addresses without a language.
        "lesson_media": reverse("lesson_media", kwargs={"lesson_id": lesson.pk, "media_id": 1}),
        "lesson_media_light": reverse("lesson_media_light", kwargs={"lesson_id": lesson.pk, "media_id": 1}),
        "lesson_media_captions": reverse(
            "lesson_media_captions", kwargs={"lesson_id": lesson.pk, "media_id": 1, "language": "es"}
        ),
        "lesson_media_for_editors": reverse("lesson_media_for_editors", kwargs={"name": "media/x.mp4"}),
    }
    for name, address in addresses.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        answers[name] = response.status_code
        writes[name] = _written_tables(queries.captured_queries) - {"django_session"}
    assert {name: tables for name, tables in writes.items() if tables} == {
        "courses:download": {"courses_downloadevent"}
    }
    post_only = {
        "courses:enrol", "courses:course_complete", "courses:lesson_done", "courses:quiz_submit",
        "payments:buy", "payments:webhook", "portal:manager_request",
        "courses:offline_actions",
        "portal:organisation_invitation_resend", "portal:organisation_invitation_cancel",
        "portal:organisation_member_import_confirm", "portal:organisation_member_import_cards",
        "courses:organisation_assignment_remove", "courses:organisation_record_prepare",
        "portal:contact_send", "portal:data_export_ask",
    }  # fmt: skip
    assert {name for name, status in answers.items() if status == 405} == post_only
    assert not Enrolment.objects.exists() and not LicenceAcceptance.objects.exists()
    assert Order.objects.get() == order and order.status == Order.Status.PENDING
    # Signing out is a form too: a GET only asks to confirm.
    assert client.get("/es/accounts/email/").wsgi_request.user == member


# --- open redirects: every `next` and return parameter -----------------------------------------------------

OFF_SITE = [EVIL, "//evil.example/steal", "/\\evil.example", "https:/evil.example", "javascript:alert(1)"]


def stays_on_site(response) -> bool:
    location = response["Location"]
    return (
        location.startswith("/") and not location.startswith(("//", "/\\")) and "evil.example" not in location
    )


@pytest.mark.django_db
def test_signing_up_then_confirming_the_address_never_sends_anyone_to_another_site(tree):
    import re as regex

    from django.core import mail

    for number, target in enumerate(OFF_SITE):
        browser = Client()
        signed_up = browser.post(
            f"/es/accounts/signup/?next={target}",
            {
                "email": f"ana{number}@coop.example",
                "password1": "Cafe-de-altura-2026",
                "password2": "Cafe-de-altura-2026",
                "full_name": "Ana Quispe",
                "language": "es",
                "next": target,
            },
        )
        assert signed_up.status_code == 302 and stays_on_site(signed_up), target
        confirm = regex.search(r"https?://testserver(/\S+)", mail.outbox[-1].body)[1]
        confirmed = browser.post(confirm)
        assert confirmed.status_code == 302 and stays_on_site(confirmed), (target, confirmed["Location"])
        assert confirmed.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_signing_out_and_changing_the_password_never_send_anyone_to_another_site(tree):
    for target in OFF_SITE:
        user = factories.UserFactory()
        browser = Client()
        browser.force_login(user)
        changed = browser.post(
            f"/es/accounts/password/change/?next={target}",
            {
                "oldpassword": factories.PASSWORD,
                "password1": "Otra-clave-2026",
                "password2": "Otra-clave-2026",
            },
        )
        assert changed.status_code == 302 and stays_on_site(changed), target
        signed_out = browser.post(f"/es/accounts/logout/?next={target}", {"next": target})
        assert signed_out.status_code == 302 and stays_on_site(signed_out), target


@pytest.mark.django_db
def test_signing_in_to_the_admin_never_sends_anyone_to_another_site(tree):
    from django.contrib.auth.models import Group

    from portal.roles import COORDINATORS

    coordinator = factories.UserFactory()
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    for target in OFF_SITE:
        browser = Client()
        response = browser.post(
            f"/admin/login/?next={target}",
            {"username": coordinator.email, "password": factories.PASSWORD, "next": target},
        )
        assert response.status_code == 302 and stays_on_site(response), target


@pytest.mark.django_db
def test_an_admin_decision_never_sends_the_coordinator_to_another_site(tree):
    from django.contrib.auth.models import Group

    from portal.roles import COORDINATORS

    from .test_admin_access import ask, url

    coordinator = factories.UserFactory()
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    browser = Client()
    browser.force_login(coordinator)
    for number, target in enumerate(OFF_SITE):
        access_request = ask(f"eva{number}@ong.example")
        form = browser.get(f"{url('approve', access_request.pk)}?next={target}").content.decode()
        links = re.findall(r'href="([^"]*)"', form)
        assert not [link for link in links if "evil.example" in link], target  # nor is the Cancel link
        response = browser.post(f"{url('approve', access_request.pk)}?next={target}", {"next": target})
        assert response.status_code == 302 and response["Location"] == url("inspect", access_request.pk), (
            target
        )


@pytest.mark.django_db
def test_asking_for_authorisation_goes_back_to_a_page_of_the_portal_only(tree, user):
    browser = Client()
    browser.force_login(user)
    for target in [*OFF_SITE, "1 OR 1=1"]:
        user.access_requests.all().delete()
        response = browser.post(
            f"/es/account/authorisation/?item={target}",
            {
                "organisation": "ONG Andina",
                "country": "PE",
                "role": "Técnica",
                "purpose": "Formar a promotores",
                "accepted_terms": "on",
            },
        )
        assert response.status_code == 302 and response["Location"] == "/es/account/", target
