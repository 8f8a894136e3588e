"""The core journeys with JavaScript switched off (old phones, data savers, strict browsers): every action
is a link or a form that posts and redirects. A visitor browses and searches; a member enrols, marks a
lesson done, answers a quiz, accepts a licence's terms and downloads the file; an authorised external user
buys through the Stripe stand-in's page, which needs no JavaScript either.

Selectors rely on addresses and form field names rather than on wording."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from courses.models import Enrolment, LessonCompletion, LicenceAcceptance, QuizAttempt
from payments.models import Order

from .test_access_journeys import log_in, open_menu
from .test_accessibility import BUYER, MEMBER, build_portal, standin  # noqa: F401 (the stand-in fixture)
from .test_purchase_journey import pay

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portal(locales):
    return build_portal(locales)


@pytest.fixture
def no_js(chromium_browser):
    """A fresh context per person, scripts off; closed at the end."""
    contexts = []

    def open_page():
        context = chromium_browser.new_context(
            locale="es-ES",
            java_script_enabled=False,
            accept_downloads=True,
            viewport={"width": 390, "height": 844},
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_a_visitor_browses_and_searches_without_javascript(live_server, no_js, portal):
    page = no_js()
    course, lesson = portal["course"], portal["lesson"]
    page.goto(f"{live_server.url}/es/")
    expect(page.locator("h1")).to_have_text("Formación para cooperativas")
    open_menu(page)
    page.locator(f".main-nav a[href='{portal['catalogue'].url}']").click()
    page.wait_for_url(f"{live_server.url}{portal['catalogue'].url}")
    page.locator(f".card a[href='{course.url}']").click()
    page.wait_for_url(f"{live_server.url}{course.url}")
    expect(page.locator("h1")).to_have_text("Gobernanza cooperativa")
    page.locator(f".lesson-list a[href='{lesson.url}']").click()
    page.wait_for_url(f"{live_server.url}{lesson.url}")
    expect(page.locator(".lesson-body")).to_contain_text("máxima autoridad")
    expect(page.locator(".lesson-body picture img")).to_have_attribute("alt", "Socios votando en asamblea")

    # Search: the home page's box is a plain GET form, and so are the filters of the results page.
    page.goto(f"{live_server.url}/es/")
    page.fill("input[name=q]", "gobernanza")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url("**/es/search/?q=gobernanza")
    expect(page.locator(f".results a[href='{course.url}']")).to_be_visible()
    page.select_option("main form select[name=type]", "material")
    page.fill("main form input[name=q]", "comercio justo")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(f".results a[href='{portal['material'].url}']")).to_be_visible()
    expect(page.locator(f".results a[href='{course.url}']")).to_have_count(0)

    # A public file downloads from a plain link.
    page.goto(f"{live_server.url}{portal['material'].url}")
    with page.expect_download() as download:
        page.locator(".file-list a.button").first.click()
    assert download.value.suggested_filename == "guia-comercio-justo.pdf"


def test_a_member_learns_and_downloads_under_licence_terms_without_javascript(live_server, no_js, portal):
    page = no_js()
    base, course, lesson, quiz_lesson = (
        live_server.url,
        portal["course"],
        portal["lesson"],
        portal["quiz_lesson"],
    )
    log_in(page, base, MEMBER)

    # Enrol: the form posts and the answer redirects to the first lesson.
    page.goto(f"{base}{course.url}")
    page.locator(f"form[action$='/learning/courses/{course.pk}/enrol/'] button[type=submit]").click()
    page.wait_for_url(f"{base}{lesson.url}")
    assert Enrolment.objects.filter(user=portal["member"], course=course).exists()

    # Mark it done: on to the next lesson, which holds the quiz.
    page.locator(f"form[action$='/learning/lessons/{lesson.pk}/done/'] button[type=submit]").click()
    page.wait_for_url(f"{base}{quiz_lesson.url}")
    assert LessonCompletion.objects.filter(enrolment__user=portal["member"], lesson=lesson).exists()

    # Answer the quiz (radio buttons and checkboxes, posted): a question left out sends the form back
    # (nothing counted), a miss comes back on the lesson with its score, "answer again" is a plain link, and
    # passing finishes the course, and the learner lands on its progress.
    page.check(".quiz input[name=q0][value='1']")
    page.locator(".quiz form button[type=submit]").click()
    page.wait_for_url(f"{base}{quiz_lesson.url}#quiz-*")
    expect(page.locator(".quiz .question.unanswered")).to_have_count(2)
    assert not QuizAttempt.objects.filter(enrolment__user=portal["member"]).exists()
    page.check(".quiz input[name=q1][value='1']")
    page.check(".quiz input[name=q2][value='2']")
    page.locator(".quiz form button[type=submit]").click()
    page.wait_for_url(f"{base}{quiz_lesson.url}#quiz-*")
    expect(page.locator(".quiz-result.failed")).to_be_visible()
    page.locator(".quiz a.button").click()
    for name, value in (("q0", "0"), ("q1", "0"), ("q2", "0"), ("q2", "1")):
        page.check(f".quiz input[name={name}][value='{value}']")
    page.locator(".quiz form button[type=submit]").click()
    page.wait_for_url(f"{base}{course.url}#progress")
    expect(page.locator("#progress .progress-bar")).to_have_attribute("value", "100")
    assert QuizAttempt.objects.get(enrolment__user=portal["member"]).best_score == 100

    # A licence that asks for acceptance: the terms page is a form; the browser checks the box is ticked.
    material = portal["with_terms"]
    page.goto(f"{base}{material.url}")
    page.locator(".file-list a.button").first.click()
    expect(page.locator("main form input[name=accept]")).to_be_visible()
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main form input[name=accept]:invalid")).to_be_visible()
    page.check("main form input[name=accept]")
    with page.expect_download() as download:
        page.locator("main form button[type=submit]").first.click()
    assert download.value.suggested_filename == "guia-catacion.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    assert LicenceAcceptance.objects.filter(user=portal["member"], page_id=material.pk).count() == 1


@pytest.mark.usefixtures("standin")
def test_an_authorised_user_buys_through_the_standin_without_javascript(live_server, no_js, portal):
    page = no_js()
    base, material = live_server.url, portal["priced"]
    log_in(page, base, BUYER)
    page.goto(f"{base}{material.url}")
    expect(page.locator(".lock-notice .price")).to_contain_text("12,50")
    page.locator(".lock-notice form.buy-form button[type=submit]").click()

    # The stand-in's hosted page: a plain form, errors shown by the server.
    page.wait_for_url(f"{settings.STRIPE_API_BASE}/pay/*")
    expect(page.locator("main")).to_contain_text("Manual de costos")
    pay(page, "4000 0000 0000 0002")
    expect(page.locator("#card_number-error")).to_be_visible()
    pay(page, "4242 4242 4242 4242")

    page.wait_for_url(f"{base}/es/payments/success/*")
    order = Order.objects.get()
    expect(page.locator("main")).to_contain_text(order.reference)
    assert order.status == Order.Status.PAID
    with page.expect_download() as download:
        page.locator("main a[href*='/download/']").first.click()
    assert download.value.suggested_filename == "manual-costos.pdf"
