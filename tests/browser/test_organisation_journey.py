"""The organisation's training from start to end, every step on a phone (390 × 844, Spanish): a learning
coordinator names the cooperative's manager in the admin's memberships listing; the manager imports 30
members from a spreadsheet with two bad rows (sees the errors, fixes the file, imports it again), creates a
member without e-mail and prints the card, assigns a course with a due date; two members complete it, one
of them signing in with the card's one-time code and choosing a password; the manager sees the completions
on the learning page and downloads the training record, whose QR code (read with zbarimg from the PDF
rendered by pdftoppm) opens the certificate's verification page naming the cooperative.

The steps' own details are the other journeys' (test_member_import_journey.py,
test_member_without_email_journey.py, test_assignment_journey.py, test_organisation_learning_journey.py);
this one checks that they join. Screenshots (Spanish at 390 px, then a few in Portuguese and at 1280 px) are
written to the folder named by JOURNEY_SHOTS when it is set."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Site

from courses.levels import AccessLevel
from courses.models import Assignment, Certificate, Enrolment
from portal.models import Invitation, Membership, User
from portal.roles import COORDINATORS

from .. import factories
from ..conftest import wagtail_root
from ..courses.learning_kit import lessons_of, make_course
from ..courses.organisation_kit import qr_targets
from ..portal.members_kit import people, url
from .test_access_journeys import log_in, open_menu
from .test_editor_journey import admin_login
from .test_member_import_journey import confirm, upload
from .test_organisation_learning_journey import DESK, PHONE, SHOTS, browser_page, fits_the_screen, shoot

# The live server reads the database from another thread: the test data must really be committed.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "cafe-de-altura-2026"


@pytest.fixture
def course(locales, live_server, settings):
    settings.PORTAL_BASE_URL = live_server.url  # the addresses the record's QR codes carry
    home = factories.HomePageFactory(parent=wagtail_root(locales["es"]), slug="inicio", locale=locales["es"])
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    Site.clear_site_root_paths_cache()
    catalogue = factories.CourseIndexPageFactory(parent=home, slug="cursos")
    return make_course(
        catalogue,
        lessons=2,
        quiz_in=(),
        title="Gobernanza cooperativa",
        slug="gobernanza",
        estimated_hours=4,
        access_level=AccessLevel.MEMBERS,
    )


def learn(page, base, course):
    """From "My learning": the assigned course, begun, then each lesson marked done."""
    page.goto(f"{base}/es/account/learning/")
    assigned = page.locator("main section.panel").first
    expect(assigned).to_contain_text("Gobernanza cooperativa")
    assigned.locator(f"form[action$='/learning/courses/{course.pk}/enrol/'] button").click()
    page.wait_for_url(f"{base}{lessons_of(course)[0].url}*")
    for lesson in lessons_of(course):
        page.goto(f"{base}{lesson.url}")
        with page.expect_navigation():
            page.locator(f"form[action$='/learning/lessons/{lesson.pk}/done/'] button").click()


def test_a_cooperative_trains_its_people_from_naming_its_manager_to_the_audit(
    live_server, chromium_browser, course
):
    base = live_server.url
    cooperative = factories.OrganisationFactory(name="Cooperativa Café Sierra Nevada", country="NI")
    marta = factories.MembershipFactory(
        organisation=cooperative,
        user__full_name="Marta Quispe",
        user__email="marta@coop.example",
        manager_requested_at=timezone.now(),  # she asked to run the cooperative's training
    )
    ana = factories.MembershipFactory(
        organisation=cooperative, user__full_name="Ana Mamani", user__email="ana@coop.example"
    ).user
    coordinator = factories.UserFactory(email="coordinator@clase.example")
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))

    # 1. The coordinator names Marta manager, from the row of the admin's memberships listing.
    admin = browser_page(chromium_browser, PHONE)
    admin_login(admin, base, coordinator.email)
    admin.goto(f"{base}/admin/memberships/?asks_to_manage=true")
    admin.locator(f"a[href='/admin/memberships/manager/{marta.pk}/']").first.click()
    admin.locator("main form button[type=submit]").click()
    admin.wait_for_url(f"{base}/admin/memberships/")
    shoot(admin, "journey-01-admin-named-es-390")
    admin.context.close()
    assert Membership.objects.get(pk=marta.pk).manages

    # 2. Marta imports 30 members: two bad rows, seen, fixed, imported again.
    page = browser_page(chromium_browser, PHONE)
    log_in(page, base, marta.user.email)
    open_menu(page)
    page.locator(".account-nav a[href='/es/organisation/']").click()
    page.wait_for_url(f"{base}/es/organisation/{cooperative.pk}/")
    page.goto(base + url("organisation_member_import", cooperative.pk))
    rows = people(30)
    bad = [row[:] for row in rows]
    bad[6][0] = ""  # row 8: no name
    bad[19][1] = "persona0020coop.example"  # row 21: not an address
    upload(page, bad)
    report = page.locator(".import-report")
    expect(page.locator(".row-errors .item-rows > li")).to_have_count(2)
    expect(report).to_contain_text("Falta el nombre.")
    expect(report).to_contain_text("«persona0020coop.example» no es un correo electrónico.")
    assert fits_the_screen(page)
    shoot(page, "journey-02-import-errors-es-390")
    confirm(page)
    expect(report).to_contain_text("28 invitaciones enviadas")
    page.goto(base + url("organisation_member_import", cooperative.pk))
    upload(page, rows)  # the file, fixed
    expect(report).to_contain_text("2 personas para invitar")
    confirm(page)
    assert Invitation.objects.open().filter(organisation=cooperative).count() == 30

    # 3. A member without e-mail, and her card.
    page.goto(f"{base}/es/organisation/{cooperative.pk}/")
    page.locator(f"main a[href='/es/organisation/{cooperative.pk}/members/new/']").click()
    page.fill("input[name=full_name]", "Rosa Amalia Díaz")
    page.fill("input[name=login_name]", "8888 7777")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/members/\d+/card/$"))
    card = page.locator(".sign-in-card")
    expect(card.locator(".sign-in-card-login")).to_have_text("+505 8888 7777")
    code = card.locator(".sign-in-card-code").inner_text()
    assert fits_the_screen(page)
    shoot(page, "journey-03-card-es-390")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()  # printed, only the card shows
    page.emulate_media(media="screen")

    # 4. The course, assigned to every member, due in three weeks.
    page.locator(f".section-tabs a[href$='/organisation/{cooperative.pk}/assignments/']").click()
    page.select_option("select[name=course]", str(course.pk))
    due = timezone.localdate() + datetime.timedelta(days=21)
    page.fill("input[name=due_on]", due.isoformat())
    page.locator(".assign-form button[name=assign]").click()
    expect(page.locator(".messages")).to_contain_text("«Gobernanza cooperativa» está asignado")
    assert Assignment.objects.get().due_on == due
    shoot(page, "journey-04-assigned-es-390")

    # 5. Ana completes it; Rosa signs in with her card, chooses a password, and completes it too.
    ana_page = browser_page(chromium_browser, PHONE)
    log_in(ana_page, base, ana.email)
    learn(ana_page, base, course)
    ana_page.context.close()
    rosa_page = browser_page(chromium_browser, PHONE)
    rosa_page.goto(f"{base}/es/sign-in/card/")
    rosa_page.fill("input[name=login]", "+505 8888 7777")
    rosa_page.fill("input[name=code]", code)
    rosa_page.locator("main form button[type=submit]").click()
    rosa_page.wait_for_url(f"{base}/es/sign-in/card/password/")
    rosa_page.fill("input[name=password1]", PASSWORD)
    rosa_page.fill("input[name=password2]", PASSWORD)
    rosa_page.locator("main form button[type=submit]").click()
    rosa_page.wait_for_url(f"{base}/es/account/learning/")
    learn(rosa_page, base, course)
    shoot(rosa_page, "journey-05-rosa-completed-es-390")
    rosa_page.context.close()
    rosa = User.objects.get(login_name="+50588887777")
    assert Enrolment.objects.filter(course=course, completed_at__isnull=False).count() == 2
    assert set(Certificate.objects.values_list("user", flat=True)) == {ana.pk, rosa.pk}

    # 6. Marta sees both completions at once, and downloads the training record.
    page.locator(f".section-tabs a[href='/es/organisation/{cooperative.pk}/learning/']").click()
    course_row = page.locator(".by-course tbody tr")
    expect(course_row.locator("td").nth(2)).to_have_text("2")  # completed
    expect(page.locator(".by-member")).to_contain_text("Rosa Amalia Díaz")
    assert fits_the_screen(page)
    shoot(page, "journey-06-learning-es-390")
    page.locator(f".section-tabs a[href='/es/organisation/{cooperative.pk}/training-record/']").click()
    with page.expect_download() as download_info:
        page.locator(".record-form button[type=submit]").click()
    pdf = download_info.value.path().read_bytes()
    decoded = qr_targets(pdf)
    if decoded is None:
        pytest.fail("zbarimg is missing: ./dev.sh test installs it (apt-get install zbar-tools)")
    assert len(decoded) == 2

    # 7. An auditor scans a QR code: the certificate is valid, of a member of the cooperative.
    auditor = browser_page(chromium_browser, PHONE)
    auditor.goto(decoded[0])
    expect(auditor.locator(".verify-result.valid")).to_be_visible()
    expect(auditor.locator(".verify-member")).to_contain_text(
        "Emitido a un miembro de Cooperativa Café Sierra Nevada"
    )
    assert fits_the_screen(auditor)
    shoot(auditor, "journey-07-verify-es-390")
    auditor.context.close()

    if SHOTS:  # a few in Portuguese, and at a desk
        for language, locale in (("pt", "pt-BR"), ("es", "es-ES")):
            for width, viewport in ((390, PHONE), (1280, DESK)):
                other = browser_page(chromium_browser, viewport, locale)
                log_in(other, base, marta.user.email)
                other.goto(f"{base}/{language}/organisation/{cooperative.pk}/learning/")
                shoot(other, f"journey-learning-{language}-{width}")
                other.goto(f"{base}/{language}/organisation/{cooperative.pk}/members/import/")
                shoot(other, f"journey-import-{language}-{width}")
                other.context.close()
