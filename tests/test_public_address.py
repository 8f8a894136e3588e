"""Everything the portal writes for use elsewhere carries the address it is served on (PORTAL_BASE_URL):
e-mails (decisions, receipts, workflow notifications, certificates, sign-up), the certificate's verification
address and QR code, the sitemap, robots.txt and the pages' language alternates; production refuses to deploy
without a public address."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import translation
from wagtail.models import Site

from courses.learning import certificate_pdf
from courses.models import AccessLevel, Certificate
from payments.emails import send_receipt
from payments.models import Order
from portal import services
from portal.roles import COORDINATORS, EDITORS

from . import factories
from .courses.learning_kit import finish, make_course
from .payments.helpers import open_order

BASE = "http://127.0.0.1:8102"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def served_on_8102(settings):
    """The portal served on port 8102, as `PORT=8102 ./dev.sh demo` runs it (the one setting; Wagtail's own
    address follows it in the settings modules, see test_one_setting_gives_every_address)."""
    settings.PORTAL_BASE_URL = BASE


def coordinator_user():
    user = factories.UserFactory(email="coordinacion@clase.example", language="es")
    user.groups.add(Group.objects.get(name=COORDINATORS))
    return user


# --- e-mails -----------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_decision_email_links_to_the_address_the_portal_is_served_on(served_on_8102, tree):
    external = factories.UserFactory(email="lucia@ong.example", language="pt")
    access_request = services.access_request_create(
        user=external,
        accepted_terms=True,
        organisation="ONG",
        country="PE",
        role="Analista",
        purpose="Formar",
    )
    mail.outbox.clear()
    services.access_request_approve(access_request=access_request, by=coordinator_user(), expires_at=None)
    (message,) = mail.outbox
    assert f"{BASE}/" in message.body and ":8000" not in message.body and "testserver" not in message.body


@pytest.mark.django_db
def test_the_receipt_links_to_the_address_the_portal_is_served_on(served_on_8102, tree):
    material = factories.MaterialPageFactory(
        parent=tree.materials, title="Manual de costos", access_level=AccessLevel.AUTHORISED, price="12.50"
    )
    file = factories.add_file(material, "manual.pdf")
    buyer = factories.UserFactory(language="es")
    send_receipt(open_order(buyer, material, status=Order.Status.PAID))
    (receipt,) = mail.outbox
    for part in (receipt.body, receipt.alternatives[0][0]):
        assert f"{BASE}/es/download/{file.pk}/" in part and f"{BASE}/es/account/purchases/" in part
        assert "testserver" not in part


@pytest.mark.django_db
def test_the_review_notification_links_to_the_address_the_portal_is_served_on(served_on_8102, settings, tree):
    settings.WAGTAILADMIN_BASE_URL = settings.PORTAL_BASE_URL  # as the settings modules derive it
    editor = factories.UserFactory(email="editor@clase.example")
    editor.groups.add(Group.objects.get(name=EDITORS))
    coordinator_user()
    course = factories.CoursePageFactory(parent=tree.courses)
    lesson = factories.LessonPageFactory(parent=course, title="Borrador", live=False)
    lesson.save_revision(user=editor)
    mail.outbox.clear()

    lesson.get_workflow().start(lesson, editor)

    (notification,) = [m for m in mail.outbox if m.to == ["coordinacion@clase.example"]]
    assert f"{BASE}/admin/pages/{lesson.pk}/" in notification.body


@pytest.mark.django_db
def test_sign_up_emails_name_the_portal_and_its_address(served_on_8102, client, tree):
    response = client.post(
        "/es/accounts/signup/",
        {
            "email": "nueva@ong.example",
            "password1": "una-clave-larga-2026",
            "password2": "una-clave-larga-2026",
            "full_name": "Nueva Persona",
            "language": "es",
        },
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert "Cla@se" in message.body and "testserver" not in message.body
    assert f"{BASE}/es/accounts/confirm-email/" in message.body


# --- the certificate ---------------------------------------------------------------------------------------


@pytest.fixture
def certified(client, tree, django_capture_on_commit_callbacks):
    course = make_course(
        tree.courses, lessons=1, title="Gobernanza cooperativa", access_level=AccessLevel.MEMBERS
    )
    learner = factories.MembershipFactory(user__full_name="Juan Carlos Torres", user__language="pt").user
    client.force_login(learner)
    with translation.override("es"), django_capture_on_commit_callbacks(execute=True):
        finish(client, course)
    return Certificate.objects.get(user=learner, course=course)


@pytest.fixture
def qr_payloads(monkeypatch):
    """What the certificate hands the QR code generator (the real one, which still draws the code)."""
    payloads = []

    class RecordingQrCode(certificate_pdf.QrCodeWidget):
        def __init__(self, value, *args, **kwargs):
            payloads.append(value)
            super().__init__(value, *args, **kwargs)

    monkeypatch.setattr(certificate_pdf, "QrCodeWidget", RecordingQrCode)
    return payloads


@pytest.mark.django_db
def test_the_certificate_its_email_and_its_qr_code_carry_the_verification_address(
    served_on_8102, certified, qr_payloads
):
    address = f"{BASE}/pt/certificates/{certified.display_code}/"
    (message,) = [m for m in mail.outbox if m.to == [certified.user.email]]
    assert address in message.body

    pdf = certificate_pdf.render_pdf(certified)
    assert qr_payloads == [address]
    with pikepdf.open(io.BytesIO(pdf)) as document:
        links = [str(annot.A.URI) for annot in document.pages[0].Annots if "/A" in annot]
    assert links == [address]


# --- the sitemap, robots.txt and the pages' head -----------------------------------------------------------


@pytest.fixture
def three_languages(tree, locales):
    """A course published in Spanish, English and Portuguese, with their homes and catalogues."""
    course = factories.CoursePageFactory(
        parent=tree.courses, title="Gobernanza", slug="gobernanza", summary="Cómo decide una cooperativa."
    )
    for code, slug in (("en", "governance"), ("pt", "governanca")):
        for page in (tree.home, tree.courses):  # the parents first
            if not page.get_translations().filter(locale=locales[code]).exists():
                page.copy_for_translation(locales[code]).save_revision().publish()
        translated = course.copy_for_translation(locales[code])
        translated.slug = slug
        translated.save_revision().publish()
    return course


@pytest.mark.django_db
def test_the_sitemap_lists_every_language_at_the_portals_address_with_alternates(
    served_on_8102, client, three_languages
):
    response = client.get("/sitemap.xml")
    soup = BeautifulSoup(response.content, "xml")
    locations = [loc.text for loc in soup.find_all("loc")]
    assert f"{BASE}/es/cursos/gobernanza/" in locations
    assert f"{BASE}/en/cursos/governance/" in locations
    assert f"{BASE}/pt/cursos/governanca/" in locations
    assert all(location.startswith(f"{BASE}/") for location in locations)

    (spanish,) = [url for url in soup.find_all("url") if url.loc.text == f"{BASE}/es/cursos/gobernanza/"]
    alternates = {link["hreflang"]: link["href"] for link in spanish.find_all("link")}
    assert alternates == {
        "es": f"{BASE}/es/cursos/gobernanza/",
        "en": f"{BASE}/en/cursos/governance/",
        "pt": f"{BASE}/pt/cursos/governanca/",
        "x-default": f"{BASE}/es/cursos/gobernanza/",
    }
    assert all(link["rel"] == "alternate" for link in spanish.find_all("link"))


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_paths(served_on_8102, client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    for path in ("/admin/", "/es/download/", "/pt/download/", "/es/account/", "/en/accounts/"):
        assert f"Disallow: {path}" in lines


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "pt"])
def test_each_page_names_its_translations_and_describes_itself_in_its_head(
    served_on_8102, client, three_languages, language
):
    path = {"es": "/es/cursos/gobernanza/", "pt": "/pt/cursos/governanca/"}[language]
    head = BeautifulSoup(client.get(path).content, "html.parser").head
    alternates = {link["hreflang"]: link["href"] for link in head.select('link[rel="alternate"]')}
    assert alternates == {
        "es": f"{BASE}/es/cursos/gobernanza/",
        "en": f"{BASE}/en/cursos/governance/",
        "pt": f"{BASE}/pt/cursos/governanca/",
        "x-default": f"{BASE}/es/cursos/gobernanza/",
    }
    assert head.select_one('meta[name="description"]')["content"] == "Cómo decide una cooperativa."


# --- configuration -----------------------------------------------------------------------------------------


def django(settings_module: str, code: str, **environment) -> subprocess.CompletedProcess:
    env = {
        # Neither the test database nor the browser tests' async switch (never set in production).
        **{
            name: value
            for name, value in os.environ.items()
            if name not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
        },
        "DJANGO_SETTINGS_MODULE": settings_module,
        "SECRET_KEY": "a-long-random-production-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "clase.example.org",
        **environment,
    }
    return subprocess.run(  # noqa: S603 (this interpreter, the project's manage.py)
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


PRINT_ADDRESSES = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.PORTAL_BASE_URL, settings.WAGTAILADMIN_BASE_URL)"
)


@pytest.mark.parametrize("settings_module", ["portal.settings.dev", "portal.settings.production"])
def test_one_setting_gives_every_address(settings_module):
    result = django(settings_module, PRINT_ADDRESSES, PORTAL_BASE_URL="http://127.0.0.1:8102/")
    assert result.stdout.split() == [BASE, BASE], result.stderr


CHECK_DEPLOY = (
    "import sys; from django.core.management import execute_from_command_line; "
    "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
)


@pytest.mark.parametrize(
    ("base_url", "complaint"),
    [
        ("", "PORTAL_BASE_URL is not set"),
        ("http://127.0.0.1:8102", "loopback"),
        ("http://localhost:8000", "loopback"),
        ("clase.example.org", "not an address"),
    ],
)
def test_a_production_deployment_without_a_public_address_fails_its_checks(base_url, complaint):
    result = django("portal.settings.production", CHECK_DEPLOY, PORTAL_BASE_URL=base_url)
    assert result.returncode != 0 and complaint in result.stderr


def test_a_production_deployment_with_its_public_address_passes_its_checks():
    result = django("portal.settings.production", CHECK_DEPLOY, PORTAL_BASE_URL="https://clase.example.org")
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_the_demo_site_record_takes_the_portals_address(served_on_8102, tree):
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8102)
