"""Learning without a connection, in Chromium on a phone, in Spanish, on the demo site (docs/reach.md):

- a member saves the members' course (its size first), goes offline, opens its three lessons (each in under
  200 ms), marks two done and answers the quiz; back online, the server has the progress and the attempt
  exactly once. Then the member's organisation lapses: at the next connection the saved course is removed
  and the page says why;
- the demo's largest course is saved through an interruption: the saving goes on without fetching again
  what was stored, and stores what it announced;
- a new release of the worker waits until no page of the old one is open, then removes the old files.

The browser's own offline switch (`context.set_offline`) cuts the pages and the service worker alike."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from courses.models import CoursePage, LearnerAction, LessonCompletion, LessonPage, QuizAttempt
from courses.views import web_app
from portal.models import Organisation, User

from .. import factories
from ..conftest import shipped_licences, wagtail_root
from ..voice.tour import quiz_answers
from .test_access_journeys import log_in
from .test_page_weight import build_portal, worker_ready

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}
DEMO_PASSWORD = "demo-clase-2026"
OPENS_WITHIN_MS = 200
ANNOUNCED_WITHIN = 0.10


@pytest.fixture
def demo(locales):
    # A transactional test before this one flushed what migrations made, which the demo stands on.
    wagtail_root(locales["es"])
    shipped_licences()
    call_command("load_demo", stdout=io.StringIO())


def phone(browser):
    context = browser.new_context(locale="es-ES", accept_downloads=True, **PHONE)
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def saved(page, course_id: int) -> dict | None:
    return page.evaluate("id => claseShelf.get('courses', id)", course_id)


def waiting(page) -> list:
    return page.evaluate("claseShelf.all('actions')")


def until(page, condition, what: str, tries: int = 150):
    for _attempt in range(tries):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never happened: {what}")


def save_course(page, base: str, course) -> dict:
    """Save the course from its page; the size is shown before anything is downloaded."""
    page.goto(base + course.url)
    worker_ready(page)
    page.locator("#offline-save [data-do=ask]").click()
    save = page.locator("#offline-save [data-do=save]")
    expect(save).to_be_visible()
    announced = page.locator("#offline-save .offline-state").inner_text()
    save.click()
    expect(page.locator("#offline-save [data-do=update]")).to_be_visible(timeout=60_000)  # saved
    record = saved(page, course.pk)
    record["announced_text"] = announced
    return record


def opened_offline_ms(page, url: str) -> float:
    """Open a page and say how long it took, from the tap to a page ready to read (Navigation Timing)."""
    page.goto(url)
    return page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")


def test_a_member_learns_offline_and_the_copy_goes_when_the_organisation_lapses(
    live_server, chromium_browser, demo
):
    base = live_server.url
    # A member of the demo's cooperative who has not started the course (the demo member has).
    cooperative = User.objects.get(email="member@clase.example").memberships.get().organisation
    member = factories.MembershipFactory(
        organisation=cooperative, user__email="rosa@coop.example", user__full_name="Rosa Mamani"
    ).user
    course = CoursePage.objects.get(slug="adaptacion-cambio-climatico")
    first, second, third = LessonPage.objects.child_of(course).live().order_by("path")
    ((block, right),) = quiz_answers(third, right=True)
    context, page = phone(chromium_browser)
    log_in(page, base, member.email)

    record = save_course(page, base, course)
    assert record["announced_text"].startswith("3 lecciones, ")
    stored = sum(entry["stored"] for entry in record["entries"])
    assert abs(stored - record["bytes"]) <= ANNOUNCED_WITHIN * record["bytes"]
    expect(page.locator("#offline-save .offline-state")).to_contain_text("Guardado en este dispositivo el")

    context.set_offline(True)
    timings = {}
    timings["lesson 1"] = opened_offline_ms(page, base + first.url)
    expect(page.locator("h1")).to_have_text(first.title)
    page.locator(f"form[action$='/learning/lessons/{first.pk}/done/'] button").click()
    page.wait_for_url(base + second.url)
    timings["lesson 2"] = page.evaluate(
        "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"
    )
    expect(page.locator("#offline-waiting")).to_contain_text("1 acción está pendiente de envío.")
    page.locator(f"form[action$='/learning/lessons/{second.pk}/done/'] button").click()
    page.wait_for_url(base + third.url)
    timings["lesson 3"] = page.evaluate(
        "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"
    )
    for name, values in right.items():
        for value in values:
            page.check(f"#quiz-{block} input[name={name}][value='{value}']")
    page.locator(f"#quiz-{block} button[type=submit]").click()
    expect(page.locator(f"#quiz-{block} .offline-kept")).to_have_text(
        "Sus respuestas se conservan en este dispositivo. Se revisarán cuando vuelva a tener conexión."
    )
    expect(page.locator("#offline-waiting")).to_contain_text("3 acciones están pendientes de envío.")
    print("a saved lesson opened offline in (ms): " + ", ".join(f"{k} {v:.0f}" for k, v in timings.items()))
    assert max(timings.values()) < OPENS_WITHIN_MS, timings
    # A page that was not saved: the offline page, in Spanish, lists what waits to be sent.
    page.goto(base + "/es/materiales/")
    expect(page.locator("h1")).to_have_text("Sin conexión")
    expect(page.locator(".shelf-waiting li")).to_have_count(3)
    assert not LearnerAction.objects.exists()

    context.set_offline(False)
    until(page, lambda: not waiting(page), "the actions were sent")
    assert LearnerAction.objects.filter(user=member, outcome="counted").count() == 3
    assert set(LessonCompletion.objects.filter(enrolment__user=member).values_list("lesson", flat=True)) >= {
        first.pk,
        second.pk,
        third.pk,
    }
    attempt = QuizAttempt.objects.get(enrolment__user=member, block_id=block)
    assert (attempt.attempts, attempt.passed) == (1, True)
    # Another reconnection sends nothing twice.
    context.set_offline(True)
    context.set_offline(False)
    page.wait_for_timeout(1500)
    assert QuizAttempt.objects.get(pk=attempt.pk).attempts == 1
    assert LearnerAction.objects.filter(user=member).count() == 3

    Organisation.objects.filter(memberships__user=member).update(status=Organisation.Status.LAPSED)
    page.goto(base + "/es/offline/saved/")
    expect(page.locator(".shelf-course a")).to_have_text(course.title)
    context.set_offline(True)
    page.wait_for_timeout(500)  # long enough for the page to see the connection go (a blink may go unseen)
    context.set_offline(False)  # the next connection
    until(page, lambda: saved(page, course.pk) is None, "the saved course was removed", tries=300)
    expect(page.locator("#offline-removed")).to_have_text(
        f"«{course.title}» se quitó de este dispositivo: su organización ya no es socia activa de la Red."
    )
    assert not page.evaluate(f"caches.has('clase-course-{course.pk}')")
    expect(page.locator(".shelf-courses li")).to_have_text(
        "Todavía no hay nada guardado en este dispositivo. En la página de un curso que puede abrir, elija "
        "«Guardar para usar sin conexión»."
    )
    context.set_offline(True)
    page.goto(base + first.url)
    expect(page.locator("h1")).to_have_text("Sin conexión")
    expect(page.locator(".shelf-notices li")).to_contain_text(
        ["su organización ya no es socia activa de la Red"]
    )
    context.close()


def test_the_largest_demo_course_is_saved_through_an_interruption_as_announced(
    live_server, chromium_browser, demo
):
    base = live_server.url
    context, page = phone(chromium_browser)
    log_in(page, base, "member@clase.example", DEMO_PASSWORD)
    page.goto(base + "/es/")
    worker_ready(page)
    sizes = {}
    for course in CoursePage.objects.live().filter(locale__language_code="es"):
        sizes[course.pk] = page.evaluate(
            "id => fetch(`/es/offline/courses/${id}/`).then(response => response.json()).then(m => m.bytes)",
            course.pk,
        )
    course = CoursePage.objects.get(pk=max(sizes, key=sizes.get))
    print(f"demo courses, bytes announced: {sizes}; the largest: {course.title}")

    asked = []
    page.on("request", lambda request: asked.append(request.url.removeprefix(base)))
    page.goto(base + course.url)
    page.locator("#offline-save [data-do=ask]").click()
    expect(page.locator("#offline-save [data-do=save]")).to_be_visible()
    manifest = page.evaluate(f"fetch('/es/offline/courses/{course.pk}/').then(response => response.json())")
    # Half way through what comes over the network (the static files the worker keeps already are answered by
    # its own copy: cutting one of them cuts nothing).
    fetched = [entry["url"] for entry in manifest["entries"] if entry["kind"] != "static"]
    cut = fetched[len(fetched) // 2]

    def lost(route):
        route.abort("internetdisconnected")

    context.route(f"**{cut}", lost)
    asked.clear()
    page.locator("#offline-save [data-do=save]").click()
    expect(page.locator("#offline-save [data-do=resume]")).to_be_visible(timeout=30_000)
    before = [entry["url"] for entry in saved(page, course.pk)["entries"] if entry["stored"]]
    assert before and cut not in before
    context.unroute(f"**{cut}", lost)

    asked.clear()
    page.locator("#offline-save [data-do=resume]").click()
    expect(page.locator("#offline-save [data-do=update]")).to_be_visible(timeout=60_000)  # saved
    assert not set(before) & set(asked), "what was stored before the interruption was fetched again"
    record = saved(page, course.pk)
    stored = sum(entry["stored"] for entry in record["entries"])
    print(f"saved {course.title}: announced {record['bytes']} bytes, stored {stored} bytes, cut at {cut}")
    assert {entry["url"] for entry in record["entries"] if entry["url"].startswith("/lesson-media/")}, (
        "the recording and captions of the course's lesson, from the lesson media view"
    )
    assert record["status"] == "saved"
    assert abs(stored - record["bytes"]) <= ANNOUNCED_WITHIN * record["bytes"]
    # Offline, the lesson's recording and captions come from the saved copy, though the view hands them
    # only to readers the access policy lets in.
    context.set_offline(True)
    for entry in record["entries"]:
        if entry["url"].startswith("/lesson-media/"):
            size = page.evaluate(
                "url => fetch(url).then(answer => answer.ok ? answer.blob().then(body => body.size) : -1)",
                entry["url"],
            )
            assert size == entry["stored"] > 0, entry
    context.close()


def test_a_new_release_takes_over_once_no_page_of_the_old_one_is_open(
    live_server, chromium_browser, locales, monkeypatch
):
    build_portal(locales)
    context, page = phone(chromium_browser)
    page.goto(live_server.url + "/es/")
    worker_ready(page)
    page.goto(live_server.url + "/es/materiales/")  # a page the worker serves
    assert page.evaluate("Boolean(navigator.serviceWorker.controller)")
    (old,) = page.evaluate("caches.keys()")
    monkeypatch.setattr(web_app, "release", lambda: "second-release")
    page.evaluate("navigator.serviceWorker.getRegistration().then(registration => registration.update())")
    until(
        page,
        lambda: page.evaluate("navigator.serviceWorker.getRegistration().then(r => Boolean(r.waiting))"),
        "the new worker installed",
    )
    # While the old page is open, its worker and its files stay; the new ones wait beside them.
    assert sorted(page.evaluate("caches.keys()")) == sorted([old, "clase-static-second-release"])
    assert page.evaluate("fetch('/static/css/portal.css').then(response => response.ok)")

    page.close()
    page = context.new_page()
    page.goto(live_server.url + "/es/")
    until(
        page, lambda: page.evaluate("caches.keys()") == ["clase-static-second-release"], "the old files went"
    )
    worker_ready(page)  # and the offline page is there, in the reader's language
    context.close()
