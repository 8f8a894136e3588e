"""A manager follows the organisation's learning on a phone (390 × 844, Spanish): from "My organisation" to
its learning, where two members' completions show per course and per member; the completed ones only;
then the training record for audits, downloaded as a PDF, whose QR code opens the certificate's public
page, which names the organisation.

The QR code is read from the PDF rendered as an image (zbar's zbarimg, which ./dev.sh test installs); the
link the PDF carries on each code must be the same address. Screenshots (Spanish and Portuguese, 390 and
1280 px) and the rendered PDF are written to the folder named by JOURNEY_SHOTS when it is set."""

import os
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from courses.learning.certificates import organisation_verification_url
from courses.models import Certificate

from .. import factories
from ..conftest import wagtail_root
from ..courses.learning_kit import make_course
from ..courses.organisation_kit import (
    complete,
    cooperative,
    link_targets,
    manager_of,
    member_of,
    moment,
    qr_targets,
)
from .test_access_journeys import log_in, open_menu

# The live server reads the database from another thread: the test data must really be committed.
pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}
SHOTS = os.environ.get("JOURNEY_SHOTS")


@pytest.fixture
def coop(locales, live_server, settings):
    settings.PORTAL_BASE_URL = live_server.url  # the addresses the record's QR codes carry
    home = factories.HomePageFactory(parent=wagtail_root(locales["es"]), slug="inicio", locale=locales["es"])
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    Site.clear_site_root_paths_cache()
    catalogue = factories.CourseIndexPageFactory(parent=home, slug="cursos")
    course = make_course(catalogue, title="Gobernanza cooperativa", slug="gobernanza", estimated_hours=4)
    organisation = cooperative()
    complete(member_of(organisation, full_name="Ana Mamani"), course, on=moment(2026, 3, 10))
    complete(member_of(organisation, full_name="Luis Condori"), course, on=moment(2026, 5, 2))
    member_of(organisation, full_name="Eva Quispe")
    return organisation


def browser_page(browser, viewport, locale="es-ES"):
    context = browser.new_context(
        locale=locale, accept_downloads=True, viewport=viewport, is_mobile=viewport == PHONE
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_a_manager_sees_completions_downloads_the_record_and_its_qr_code_opens_the_verification(
    live_server, chromium_browser, coop
):
    manager = manager_of(coop)
    base = live_server.url
    page = browser_page(chromium_browser, PHONE)

    log_in(page, base, manager.email)
    open_menu(page)
    page.locator("a[href='/es/organisation/']").first.click()
    page.wait_for_url(f"{base}/es/organisation/{coop.pk}/")
    page.locator(f".section-tabs a[href='/es/organisation/{coop.pk}/learning/']").click()
    page.wait_for_url(f"{base}/es/organisation/{coop.pk}/learning/")
    assert fits_the_screen(page)
    course_row = page.locator(".by-course tbody tr")
    expect(course_row).to_contain_text("Gobernanza cooperativa")
    expect(course_row.locator("td").nth(0)).to_have_text("2")  # members enrolled
    expect(course_row.locator("td").nth(2)).to_have_text("2")  # completed
    expect(page.locator(".by-member")).to_contain_text("Ana Mamani")
    expect(page.locator(".month-chart svg title").first).to_have_text("Finalizaciones por mes")
    shoot(page, "learning-es-390")

    # Only the completed courses: Eva, who has none, leaves the members' table.
    page.select_option("select[name=status]", "completed")
    page.locator(".learning-filters button[type=submit]").click()
    page.wait_for_url("**status=completed**")
    expect(page.locator(".by-member tbody.member")).to_have_count(2)
    expect(page.locator(".by-member")).not_to_contain_text("Eva Quispe")

    # The training record: the last 12 months by default; any period may be chosen.
    page.locator(f".section-tabs a[href='/es/organisation/{coop.pk}/training-record/']").click()
    page.fill("input[name=start]", "2026-01-01")
    page.fill("input[name=end]", "2026-12-31")
    assert fits_the_screen(page)
    shoot(page, "record-es-390")
    with page.expect_download() as download_info:
        page.locator(".record-form button[type=submit]").click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert download_info.value.suggested_filename.startswith("registro-de-formacion-cooperativa-cafe-sierra")

    # The QR codes say the addresses the PDF links to: each certificate's page, naming the organisation.
    expected = sorted(
        organisation_verification_url(certificate, coop.pk, "es")
        for certificate in Certificate.objects.filter(user__memberships__organisation=coop)
    )
    assert sorted(link_targets(pdf)) == expected
    decoded = qr_targets(pdf)
    if decoded is None:
        pytest.fail("zbarimg is missing: ./dev.sh test installs it (apt-get install zbar-tools)")
    assert sorted(decoded) == expected
    if SHOTS:
        (Path(SHOTS) / "record.pdf").write_bytes(pdf)
        rendered = ["pdftoppm", "-r", "70", "-png", f"{SHOTS}/record.pdf", f"{SHOTS}/record-pdf"]
        subprocess.run(rendered, check=True)  # noqa: S603

    # Scanned by an auditor (no session): a valid certificate, of a member of the organisation.
    auditor = browser_page(chromium_browser, PHONE)
    auditor.goto(decoded[0])
    expect(auditor.locator(".verify-result.valid")).to_be_visible()
    expect(auditor.locator(".verify-member")).to_contain_text(
        "Emitido a un miembro de Cooperativa Café Sierra Nevada"
    )
    assert fits_the_screen(auditor)
    shoot(auditor, "verify-es-390")

    if SHOTS:  # the same pages on a desk, and in Portuguese
        for language, locale in (("es", "es-ES"), ("pt", "pt-BR")):
            for width, viewport in ((390, PHONE), (1280, DESK)):
                other = browser_page(chromium_browser, viewport, locale)
                log_in(other, base, manager.email)
                other.goto(f"{base}/{language}/organisation/{coop.pk}/learning/")
                shoot(other, f"learning-{language}-{width}")
                other.goto(f"{base}/{language}/organisation/{coop.pk}/training-record/")
                shoot(other, f"record-{language}-{width}")
                other.goto(decoded[0].replace("/es/", f"/{language}/"))
                shoot(other, f"verify-{language}-{width}")
                other.context.close()
