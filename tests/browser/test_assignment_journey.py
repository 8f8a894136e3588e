"""Assigning a course in the browser, on a phone (390 × 844, Spanish): the manager opens "My organisation",
its assigned courses, chooses two of the cooperative's 32 members (searching, the second page of members
kept), types a due date in the past (refused, nothing lost), then a good one, and assigns the course; one of
the two members sees it first in "My learning" with its due date and starts it from there.

Selectors rely on addresses and form field names rather than on wording where they can."""

import datetime

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import expect
from wagtail.models import Site

from courses.models import AccessLevel, Assignment, Enrolment
from portal.models import Membership

from .. import factories
from ..conftest import wagtail_root
from ..courses.assignment_kit import member_of
from ..courses.learning_kit import lessons_of, make_course
from .test_access_journeys import log_in, open_menu
from .test_learning_journey import fits_the_screen, phone

# The live server reads the database from another thread: the test data must really be committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def course(locales):
    home = factories.HomePageFactory(parent=wagtail_root(locales["es"]), slug="inicio", locale=locales["es"])
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    Site.clear_site_root_paths_cache()
    catalogue = factories.CourseIndexPageFactory(parent=home, slug="cursos")
    make_course(catalogue, title="Comercio justo para principiantes", access_level=AccessLevel.PUBLIC)
    return make_course(
        catalogue, title="Gobernanza cooperativa", slug="gobernanza", access_level=AccessLevel.MEMBERS
    )


def test_a_manager_assigns_a_course_to_two_members_who_see_it_first_in_my_learning(
    live_server, chromium_browser, course
):
    cooperative = factories.OrganisationFactory(name="Cooperativa Café Sierra Nevada")
    manager = member_of(cooperative, full_name="Marta Quispe", email="marta@coop.example")
    Membership.objects.filter(user=manager).update(manages=True)
    ana = member_of(cooperative, full_name="Ana Condori", email="ana@coop.example")
    for number in range(28):
        member_of(cooperative, full_name=f"Socio {number:02d}", email=f"socio{number:02d}@coop.example")
    zoila = member_of(cooperative, full_name="Zoila Yupanqui", email="zoila@coop.example")  # on page 2
    rosa = member_of(cooperative, full_name="Rosa Huanca", email="rosa@coop.example")
    base = live_server.url
    page = phone(chromium_browser)

    # From the header's "My organisation" to the cooperative's assigned courses.
    log_in(page, base, manager.email)
    open_menu(page)
    page.locator(".account-nav a[href$='/organisation/']").click()
    page.locator(f".section-tabs a[href$='/organisation/{cooperative.pk}/assignments/']").click()
    expect(page.locator("h1")).to_have_text("Cooperativa Café Sierra Nevada")
    assert fits_the_screen(page)

    # "All members" is chosen at first: the member list is not in the way until members are to be chosen.
    page.select_option("select[name=course]", str(course.pk))
    expect(page.locator(".member-picker")).to_be_hidden()
    page.check("input[name=who][value=chosen]")
    expect(page.locator(".member-picker")).to_be_visible()
    page.check(f"input[name=members][value='{ana.pk}']")
    page.locator(".member-picker .pagination button[name=browse]").click()  # the next page of members
    expect(page.locator(".member-picker .pagination")).to_contain_text("Página 2 de 2")
    page.check(f"input[name=members][value='{zoila.pk}']")
    page.fill("input[name=q]", "rosa")
    page.locator(".member-picker .search-box button").click()
    expect(page.locator(".member-list li")).to_have_count(1)
    expect(page.locator(".chosen-count")).to_have_text("2 miembros elegidos")
    assert fits_the_screen(page)

    # A due date in the past: refused in Spanish, with the course and the two members still chosen.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.fill("input[name=due_on]", yesterday.isoformat())
    page.locator(".assign-form button[name=assign]").click()
    expect(page.locator(".assign-form .errorlist")).to_contain_text(
        "La fecha límite no puede estar en el pasado"
    )
    assert not Assignment.objects.exists()
    expect(page.locator("select[name=course]")).to_have_value(str(course.pk))
    expect(page.locator(".chosen-count")).to_have_text("2 miembros elegidos")
    expect(page.locator("input[name=who][value=chosen]")).to_be_checked()

    due = timezone.localdate() + datetime.timedelta(days=21)
    page.fill("input[name=due_on]", due.isoformat())
    page.locator(".assign-form button[name=assign]").click()
    expect(page.locator(".messages")).to_contain_text("«Gobernanza cooperativa» está asignado a 2 miembros.")
    row = page.locator(".assignment-row")
    expect(row).to_contain_text("Miembros elegidos")
    expect(row.locator(".figures")).to_contain_text("2")
    assert fits_the_screen(page)
    assignment = Assignment.objects.get()
    assert assignment.due_on == due
    assert set(assignment.chosen.values_list("user", flat=True)) == {ana.pk, zoila.pk}
    assert not Enrolment.objects.exists()

    # Ana sees it first in "My learning", with its due date and who assigned it, and starts it there.
    member_page = phone(chromium_browser)
    log_in(member_page, base, ana.email)
    member_page.goto(f"{base}/es/account/learning/")
    first_panel = member_page.locator("main section.panel").first
    expect(first_panel.locator("h2")).to_have_text("Cursos asignados")
    expect(first_panel).to_contain_text("Gobernanza cooperativa")
    with translation.override("es"):
        written = formats.date_format(due, "DATE_FORMAT")
    expect(first_panel.locator(".assigned-by")).to_contain_text(f"Fecha límite: {written}")
    expect(first_panel.locator(".assigned-by")).to_contain_text("Asignado por Cooperativa Café Sierra Nevada")
    assert fits_the_screen(member_page)
    first_panel.locator(f"form[action$='/learning/courses/{course.pk}/enrol/'] button").click()
    member_page.wait_for_url(f"{base}{lessons_of(course)[0].url}")
    assert Enrolment.objects.filter(user=ana, course=course).exists()

    # Rosa was not chosen: nothing is assigned to her.
    rosa_page = phone(chromium_browser)
    log_in(rosa_page, base, rosa.email)
    rosa_page.goto(f"{base}/es/account/learning/")
    expect(rosa_page.locator("#assigned")).to_have_count(0)
