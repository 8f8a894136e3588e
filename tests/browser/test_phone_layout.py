"""The layout on a phone (390 × 844, JavaScript off, as on an old phone or a data saver) and on a desktop
(1280 px): a header of one short row whose menu opens with a tap or the keyboard, a course's way in within
the first screen, and room between the header, the headings, the buttons and the footer."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from payments.models import Order

from .. import factories
from ..payments.helpers import open_order
from .test_access_journeys import log_in
from .test_accessibility import BUYER, MEMBER, build_portal, demo_image

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
HEADER_MOST = 64  # px: a single row, leaving the screen to the page
ROOM = (
    16  # px at least between the header and a page's main heading, and between the last button and the footer
)


@pytest.fixture
def portal(locales):
    built = build_portal(locales)
    # A course with the demo's longer title and summary: the way in must still show in the first screen.
    built["long_course"] = factories.CoursePageFactory(
        parent=built["catalogue"],
        title="Adaptación al cambio climático en la cooperativa",
        slug="clima",
        summary=(
            "Identificar los riesgos climáticos de la zona, conocer prácticas de adaptación probadas en "
            "fincas de pequeños productores y preparar el plan de adaptación de la cooperativa."
        ),
        audience="Equipos técnicos, promotores y promotoras, y consejos de administración",
        cover_image=demo_image("Clima", (40, 90, 160)),
    )
    factories.LessonPageFactory(parent=built["long_course"], title="Riesgos climáticos", slug="riesgos")
    return built


@pytest.fixture
def open_page(chromium_browser):
    contexts = []

    def open_page(viewport=PHONE, javascript=False):
        context = chromium_browser.new_context(
            locale="es-ES", java_script_enabled=javascript, viewport=viewport
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def the_pages(portal) -> dict:
    return {
        "home": "/es/",
        "catalogue": portal["catalogue"].url,
        "course": portal["long_course"].url,
        "lesson": portal["lesson"].url,
        "material": portal["material"].url,
        "search": "/es/search/?q=cooperativa",
        "sign-up": "/es/accounts/signup/",
        "sign-in": "/es/accounts/login/",
    }


def test_on_a_phone_the_header_is_one_short_row_whose_menu_opens_without_javascript(
    live_server, open_page, portal
):
    page = open_page()
    for name, url in the_pages(portal).items():
        page.goto(live_server.url + url)
        height = box(page, ".site-header")["height"]
        assert height <= HEADER_MOST, f"{name}: the header is {height} px high"
        expect(page.locator(".site-header .main-nav a").first).to_be_hidden()

    # A tap opens the menu: the catalogues, signing in and up, the other languages.
    page.goto(f"{live_server.url}/es/")
    menu = page.locator(".site-header summary")
    expect(menu).to_have_accessible_name("Menú")
    menu.click()
    expect(page.locator(f".main-nav a[href='{portal['catalogue'].url}']")).to_be_visible()
    expect(page.locator(".account-nav a[href^='/es/accounts/login/']")).to_be_visible()
    expect(page.locator(".language-switcher a[hreflang=pt]")).to_be_visible()
    page.locator(f".main-nav a[href='{portal['catalogue'].url}']").click()
    page.wait_for_url(live_server.url + portal["catalogue"].url)

    # The keyboard too: Tab reaches the menu (its focus is visible), Enter opens it.
    page.goto(f"{live_server.url}/es/")
    for _ in range(3):  # the skip link, the logo, the menu
        page.keyboard.press("Tab")
    expect(menu).to_be_focused()
    outline = menu.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline not in ("", "none"), outline
    page.keyboard.press("Enter")
    expect(page.locator(".language-switcher a[hreflang=en]")).to_be_visible()


def test_on_a_phone_a_course_shows_how_to_start_it_in_the_first_screen(live_server, open_page, portal):
    course = portal["long_course"].url
    visitor = open_page()
    visitor.goto(live_server.url + course)
    start = box(visitor, "#progress .actions a.button.secondary")  # "Start the course"
    assert start["y"] + start["height"] <= PHONE["height"], start

    member = open_page()
    log_in(member, live_server.url, MEMBER)
    member.goto(live_server.url + course)
    enrol = box(member, "#progress form button[type=submit]")  # "Enrol in this course"
    assert enrol["y"] + enrol["height"] <= PHONE["height"], enrol


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_headings_and_buttons_have_room_around_them(live_server, open_page, portal, viewport):
    page = open_page(viewport)
    for name, url in the_pages(portal).items():
        page.goto(live_server.url + url)
        gap = box(page, "main h1")["y"] - (
            box(page, ".site-header")["y"] + box(page, ".site-header")["height"]
        )
        assert gap >= ROOM, f"{name}: the heading is {gap} px under the header"

    page.goto(f"{live_server.url}/es/accounts/signup/")
    button = box(page, "main form button[type=submit]")
    gap = box(page, ".site-footer")["y"] - (button["y"] + button["height"])
    assert gap >= ROOM, f"the sign-up button is {gap} px above the footer"

    # "My purchases": each order is a row with room inside it.
    order = open_order(portal["buyer"], portal["priced"])
    Order.objects.filter(pk=order.pk).update(status=Order.Status.PAID, paid_at=timezone.now())
    log_in(page, live_server.url, BUYER)
    page.goto(f"{live_server.url}/es/account/purchases/")
    row, text = box(page, "li.order"), box(page, "li.order strong")
    assert text["x"] - row["x"] >= 12, (row, text)


def test_on_a_desktop_the_header_keeps_every_link_in_one_row(live_server, open_page, portal):
    page = open_page(DESKTOP, javascript=True)
    problems = []
    page.on("console", lambda message: problems.append(message.text) if "Policy" in message.text else None)
    for url in ("/es/", portal["course"].url, "/es/accounts/signup/"):
        page.goto(live_server.url + url)
        assert box(page, ".site-header")["height"] <= HEADER_MOST
        expect(page.locator(".site-header summary")).to_be_hidden()
        expect(page.locator(f".main-nav a[href='{portal['catalogue'].url}']")).to_be_visible()
        expect(page.locator(".account-nav a[href^='/es/accounts/login/']")).to_be_visible()
        expect(page.locator(".language-switcher a[hreflang=pt]")).to_be_visible()
    assert not problems  # the Permissions-Policy header names only features the browser knows
