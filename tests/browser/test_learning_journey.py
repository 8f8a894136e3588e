"""Learning in the browser, on a phone (390 × 844, Spanish): a member enrols, does lessons, sends a quiz
half answered (sent back, nothing counted), fails it (the score only, two attempts left of three), logs out
and in again, resumes where they left off, opens an empty form to answer again, passes, completes the course
and downloads the certificate; a visitor checks the certificate's code on the public page.

Selectors rely on addresses and form field names rather than on wording, so the journey holds in every
interface language."""

import pytest
from django.core import mail
from playwright.sync_api import expect
from wagtail.models import Site

from courses.models import AccessLevel, Certificate, QuizAttempt

from .. import factories
from ..conftest import wagtail_root
from ..courses.learning_kit import lessons_of, make_course, pdf_text, with_quiz_rules
from .test_access_journeys import log_in, open_menu

# The live server reads the database from another thread: the test data must really be committed.
pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def course(locales):
    home = factories.HomePageFactory(parent=wagtail_root(locales["es"]), slug="inicio", locale=locales["es"])
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    Site.clear_site_root_paths_cache()
    catalogue = factories.CourseIndexPageFactory(parent=home, slug="cursos")
    course = make_course(
        catalogue,
        lessons=3,
        quiz_in=(1,),
        title="Gobernanza cooperativa",
        slug="gobernanza",
        estimated_hours=4,
        access_level=AccessLevel.MEMBERS,
    )
    with_quiz_rules(lessons_of(course)[1], max_attempts=3)
    return course


def phone(browser):
    context = browser.new_context(locale="es-ES", accept_downloads=True, viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def answer(page, choices: dict[str, list[str]]) -> None:
    for name, values in choices.items():
        for value in values:
            page.check(f".quiz input[name={name}][value='{value}']")
    page.locator(".quiz form button[type=submit]").click()


def test_a_member_learns_on_a_phone_earns_a_certificate_and_a_visitor_checks_it(
    live_server, chromium_browser, course
):
    member = factories.MembershipFactory(
        user__email="juan@coop.example", user__full_name="Juan Carlos Torres", user__language="es"
    ).user
    first, second, third = course.get_children().live().specific().order_by("path")
    base = live_server.url
    page = phone(chromium_browser)

    # Enrol from the course page: straight to the first lesson.
    log_in(page, base, member.email)
    page.goto(f"{base}{course.url}")
    assert fits_the_screen(page)
    page.locator(f"form[action$='/learning/courses/{course.pk}/enrol/'] button").click()
    page.wait_for_url(f"{base}{first.url}")
    expect(page.locator(".progress-bar")).to_have_attribute("value", "0")
    page.locator(f"form[action$='/learning/lessons/{first.pk}/done/'] button").click()
    page.wait_for_url(f"{base}{second.url}")
    expect(page.locator(".progress-bar")).to_have_attribute("value", "33")

    # The quiz says beforehand how many attempts there are. Sent with two questions unanswered, it comes
    # back with the first answer still checked and each missing question pointed out; nothing is counted.
    expect(page.locator(".quiz .quiz-rules")).to_contain_text("3 intentos de 3")
    answer(page, {"q0": ["1"]})
    page.wait_for_url(f"{base}{second.url}#quiz-*")
    expect(page.locator(".quiz [role=alert]")).to_contain_text("Quedan 2 preguntas sin responder")
    expect(page.locator(".quiz .question.unanswered")).to_have_count(2)
    expect(page.locator(".quiz input[name=q0][value='1']")).to_be_checked()
    assert not QuizAttempt.objects.exists()

    # Completed, the first attempt fails: the score only (no question marked), two attempts left.
    answer(page, {"q1": ["1"], "q2": ["2"]})
    page.wait_for_url(f"{base}{second.url}#quiz-*")
    expect(page.locator(".quiz-result.failed")).to_be_visible()
    expect(page.locator(".quiz .question.wrong")).to_have_count(0)
    expect(page.locator(".quiz .quiz-rules")).to_contain_text("Le quedan 2 intentos de 3")
    expect(page.locator(".quiz input[name=q0][value='1']")).to_be_checked()
    assert fits_the_screen(page)

    # Log out and in again: "Resume" on My learning brings the learner back to the unfinished lesson.
    open_menu(page)
    page.locator(".account-nav form button[type=submit]").click()
    log_in(page, base, member.email)
    page.goto(f"{base}/es/account/")
    page.locator("main a[href='/es/account/learning/']").click()
    expect(page.locator("#in-progress .progress-bar")).to_have_attribute("value", "33")
    assert fits_the_screen(page)
    page.locator(f"#in-progress a.button[href='{second.url}']").click()
    page.wait_for_url(f"{base}{second.url}")

    # "Answer again" opens an empty form (nothing counted); the second attempt passes (two of three right
    # at a 60 % pass mark), which finishes the lesson.
    page.locator(".quiz a.button").click()
    expect(page.locator(".quiz input:checked")).to_have_count(0)
    assert QuizAttempt.objects.get().attempts == 1
    answer(page, {"q0": ["0"], "q1": ["0"], "q2": ["0"]})
    expect(page.locator(".quiz-result.passed")).to_be_visible()
    expect(page.locator(".lesson-status .done")).to_be_visible()
    page.locator(f"a[rel=next][href='{third.url}']").click()
    page.locator(f"form[action$='/learning/lessons/{third.pk}/done/'] button").click()

    # Completed: back on the course page with the certificate, which also arrives by e-mail.
    page.wait_for_url(f"{base}{course.url}#progress")
    expect(page.locator("#progress .progress-bar")).to_have_attribute("value", "100")
    certificate = Certificate.objects.get(user=member, course=course)
    assert [message.to for message in mail.outbox if message.attachments] == [[member.email]]
    with page.expect_download() as download:
        page.locator("#progress a[href*='/account/learning/certificates/']").click()
    with open(download.value.path(), "rb") as pdf:
        text = pdf_text(pdf.read())
    assert "Juan Carlos Torres" in text and "Gobernanza cooperativa" in text
    assert certificate.display_code in text and f"/es/certificates/{certificate.display_code}/" in text
    page.context.close()

    # A visitor (an employer, say) types the code from the paper certificate.
    visitor = phone(chromium_browser)
    visitor.goto(f"{base}/es/certificates/")
    visitor.fill("input[name=code]", certificate.display_code.lower())
    visitor.locator("main form button[type=submit]").click()
    expect(visitor.locator(".verify-result.valid")).to_be_visible()
    expect(visitor.locator(".certificate-facts")).to_contain_text("Juan Carlos Torres")
    expect(visitor.locator(".certificate-facts")).to_contain_text("Gobernanza cooperativa")
    assert member.email not in visitor.content() and fits_the_screen(visitor)
    visitor.fill("input[name=code]", "AAAA-BBBB-CCCC-DDDD")
    visitor.locator("main form button[type=submit]").click()
    expect(visitor.locator(".verify-result.not-found")).to_be_visible()
    visitor.context.close()


def test_a_member_finds_their_way_around_a_course_from_the_home_page_on_a_phone_and_a_computer(
    live_server, chromium_browser, course
):
    member = factories.MembershipFactory(user__email="rosa@coop.example", user__language="es").user
    first, second, third = course.get_children().live().specific().order_by("path")
    catalogue = course.get_parent()
    base = live_server.url
    page = phone(chromium_browser)
    log_in(page, base, member.email)
    expect(page.locator("#continue-learning")).to_have_count(0)  # nothing started yet

    # The first lesson shows the whole course, folded away on a phone: one tap opens it.
    page.goto(f"{base}{first.url}")
    outline = page.locator("details.course-outline")
    expect(outline.locator("summary")).to_be_visible()
    expect(outline.locator(f"a[href='{third.url}']")).to_be_hidden()
    outline.locator("summary").click()
    expect(outline.locator(f"a[href='{third.url}']")).to_be_visible()
    expect(outline.locator("a[aria-current=page]")).to_have_attribute("href", first.url)
    assert fits_the_screen(page)

    # Done with the first lesson: the outline marks it, and says where the learner is now.
    page.locator(f"form[action$='/learning/lessons/{first.pk}/done/'] button").click()
    page.wait_for_url(f"{base}{second.url}")
    page.locator("details.course-outline summary").click()
    expect(page.locator(f"details.course-outline li.completed a[href='{first.url}']")).to_be_visible()
    expect(page.locator("details.course-outline a[aria-current=page]")).to_have_attribute("href", second.url)
    expect(page.locator(".progress-bar")).to_have_attribute("value", "33")

    # The home page offers to continue where they left off; the catalogue's card shows how far they are.
    page.goto(f"{base}/es/")
    expect(page.locator("#continue-learning")).to_contain_text(course.title)
    assert fits_the_screen(page)
    page.goto(f"{base}{catalogue.url}")
    expect(page.locator(".card .card-learning")).to_contain_text("33%")
    page.goto(f"{base}/es/")
    page.locator(f"#continue-learning a.button[href='{second.url}']").click()
    page.wait_for_url(f"{base}{second.url}")

    # On a computer the outline is a column beside the lesson, shown without a tap.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    expect(page.locator(f"details.course-outline a[href='{third.url}']")).to_be_visible()
    assert fits_the_screen(page)
    page.context.close()
