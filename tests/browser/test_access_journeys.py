"""Access in the browser: an external user signs up, asks for authorisation from a locked material, a
coordinator approves it in the Wagtail admin, the user downloads the file; a member downloads a members-only
file that the external user still cannot open.

Selectors rely on addresses and form field names rather than on wording, so the journeys hold in every
interface language."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from courses.models import AccessLevel
from portal.models import AccessRequest
from portal.roles import COORDINATORS

from .. import factories
from ..conftest import wagtail_root
from .test_editor_journey import admin_login

# The live server reads the database from another thread: the test data must really be committed.
pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Cafe-de-altura-2026"
DOWNLOAD_LINK = "a[href*='/download/']"


@pytest.fixture
def library(locales):
    from wagtail.models import Site

    home = factories.HomePageFactory(parent=wagtail_root(locales["es"]), slug="inicio", locale=locales["es"])
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    materials = factories.MaterialIndexPageFactory(parent=home, slug="materiales")
    authorised = factories.MaterialPageFactory(
        parent=materials, title="Manual de certificación", slug="manual", access_level=AccessLevel.AUTHORISED
    )
    factories.add_file(authorised, "manual-certificacion.pdf", factories.pdf_bytes("Manual"))
    members = factories.MaterialPageFactory(
        parent=materials, title="Plan de negocios interno", slug="plan", access_level=AccessLevel.MEMBERS
    )
    factories.add_file(members, "plan-interno.pdf", factories.pdf_bytes("Plan"))
    coordinator = factories.UserFactory(email="coordinator@clase.example")
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    return {"authorised": authorised, "members": members}


def log_in(page, base_url, email, password=factories.PASSWORD):
    page.goto(f"{base_url}/es/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".account-nav a[href$='/account/']")).to_be_attached()  # on a phone, in the menu


def open_menu(page):
    """Open the header's menu where it is folded (on a phone); wider screens show its links in the row."""
    summary = page.locator(".site-menu > summary")
    if summary.is_visible() and not page.locator(".site-menu[open]").count():
        summary.click()


def download_pdf(page) -> bytes:
    with page.expect_download() as download_info:
        page.locator(DOWNLOAD_LINK).first.click()
    with open(download_info.value.path(), "rb") as downloaded:
        return downloaded.read()


def confirmation_path(email: str) -> str:
    message = next(message for message in reversed(mail.outbox) if email in message.to)
    return re.search(r"https?://[^/\s]+(/\S*/accounts/confirm-email/\S+)", message.body).group(1)


def test_an_external_user_signs_up_asks_for_authorisation_and_downloads_once_approved(
    live_server, chromium_browser, library
):
    material = library["authorised"]
    context = chromium_browser.new_context(locale="es-ES", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)

    # An anonymous visitor finds the locked material and creates an account from its call to action.
    page.goto(f"{live_server.url}{material.url}")
    expect(page.locator("h1")).to_have_text("Manual de certificación")
    expect(page.locator(DOWNLOAD_LINK)).to_have_count(0)
    page.locator(".lock-notice a[href^='/es/accounts/signup/']").click()
    page.fill("input[name=email]", "ana@ong.example")
    page.fill("input[name=password1]", NEW_PASSWORD)
    page.fill("input[name=password2]", NEW_PASSWORD)
    page.fill("input[name=full_name]", "Ana Quispe")
    page.select_option("select[name=language]", "es")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/confirm-email/")

    # Confirming the address signs the user in and brings them back to the material, still locked.
    page.goto(live_server.url + confirmation_path("ana@ong.example"))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{material.url}")
    expect(page.locator(".account-nav a[href='/es/account/']")).to_be_visible()
    expect(page.locator(DOWNLOAD_LINK)).to_have_count(0)
    page.locator(f".lock-notice a[href='/es/account/authorisation/?item={material.pk}']").click()

    expect(page.locator("main .callout")).to_contain_text("Manual de certificación")
    page.fill("input[name=organisation]", "ONG Manos Unidas")
    page.select_option("select[name=country]", "BO")
    page.fill("input[name=role]", "Asesora técnica")
    page.fill("textarea[name=purpose]", "Capacitar a las cooperativas de café que acompañamos.")
    page.check("input[name=accepted_terms]")
    page.locator("main form button[type=submit]").click()

    # Back on the item, told to wait for the decision.
    page.wait_for_url(f"{live_server.url}{material.url}")
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator(".lock-notice a[href='/es/account/#authorisation']")).to_be_visible()
    access_request = AccessRequest.objects.get(user__email="ana@ong.example")
    assert access_request.requested_page_id == material.pk

    # A learning coordinator approves it in the Wagtail admin.
    admin = chromium_browser.new_context(locale="en-US").new_page()
    admin_login(admin, live_server.url, "coordinator@clase.example")
    admin.goto(f"{live_server.url}/admin/access-requests/")
    admin.get_by_role("link", name=re.compile("ana@ong.example")).click()
    admin.locator(f"a[href^='/admin/access-requests/approve/{access_request.pk}/']").first.click()
    admin.locator("main form button[type=submit]").click()
    admin.wait_for_url(f"{live_server.url}/admin/access-requests/inspect/{access_request.pk}/")
    expect(admin.locator(".messages")).to_be_visible()
    admin.context.close()
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.APPROVED

    page.reload()
    expect(page.locator(".lock-notice")).to_have_count(0)
    assert download_pdf(page).startswith(b"%PDF")
    context.close()


def test_a_member_downloads_a_members_only_file_that_an_external_user_cannot_open(
    live_server, chromium_browser, library
):
    material = library["members"]
    member = factories.MembershipFactory(user__email="juan@coop.example").user
    external = factories.UserFactory(email="emily@ngo.example")
    AccessRequest.objects.create(
        user=external,
        organisation="NGO",
        country="PE",
        role="Researcher",
        purpose="Study",
        accepted_terms=True,
        status=AccessRequest.Status.APPROVED,  # even an authorised external is not a member
    )

    member_page = chromium_browser.new_context(locale="es-ES", accept_downloads=True).new_page()
    log_in(member_page, live_server.url, member.email)
    member_page.goto(f"{live_server.url}{material.url}")
    expect(member_page.locator(".lock-notice")).to_have_count(0)
    assert download_pdf(member_page).startswith(b"%PDF")
    member_page.context.close()

    external_page = chromium_browser.new_context(locale="es-ES", accept_downloads=True).new_page()
    log_in(external_page, live_server.url, external.email)
    external_page.goto(f"{live_server.url}{material.url}")
    expect(external_page.locator("h1")).to_have_text("Plan de negocios interno")
    expect(external_page.locator(".lock-notice a[href='/es/account/organisation/']")).to_be_visible()
    expect(external_page.locator(DOWNLOAD_LINK)).to_have_count(0)
    # The file's address, typed by hand, leads back to the locked page.
    file_id = material.files.get().pk
    external_page.goto(f"{live_server.url}/es/download/{file_id}/")
    expect(external_page.locator(".lock-notice")).to_be_visible()
    assert external_page.url == f"{live_server.url}{material.url}"
    external_page.context.close()


def path_states(page) -> list[str]:
    """Each step's state as it is written (its first words), in order."""
    return [text.split(":")[0].strip(" ✓→") for text in page.locator(".access-path li").all_inner_texts()]


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_way_into_a_priced_material_is_shown_whole_and_follows_the_reader_along_it(
    live_server, chromium_browser, library
):
    material = library["authorised"]
    material.price = Decimal("12.00")
    material.save_revision().publish()
    external = factories.UserFactory(email="emily@ngo.example")

    # On a phone, an anonymous visitor sees every step to the file, the first one marked as theirs.
    context = chromium_browser.new_context(locale="es-ES", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}{material.url}")
    steps = page.locator(".lock-notice .access-path li")
    expect(steps).to_have_count(5)
    assert path_states(page) == ["Paso actual", "Pendiente", "Pendiente", "Pendiente", "Pendiente"]
    expect(steps.nth(0)).to_have_attribute("aria-current", "step")
    expect(steps.nth(3)).to_contain_text("normalmente en 5 días")
    expect(steps.nth(4)).to_contain_text("Pague 12,00 USD")
    expect(page.locator(".lock-notice")).to_contain_text("Los miembros de la Red lo abren gratis")
    assert fits_the_width(page)

    # Signed in with a confirmed address, the external user is at the request; then at the decision.
    log_in(page, live_server.url, external.email)
    page.goto(f"{live_server.url}{material.url}")
    assert path_states(page) == ["Hecho", "Hecho", "Paso actual", "Pendiente", "Pendiente"]
    AccessRequest.objects.create(
        user=external, organisation="NGO", country="PE", role="Researcher", purpose="Study"
    )
    page.reload()
    assert path_states(page) == ["Hecho", "Hecho", "Hecho", "Paso actual", "Pendiente"]
    assert fits_the_width(page)

    # A members-only item tells them it is not for them, and why.
    page.goto(f"{live_server.url}{library['members'].url}")
    expect(page.locator(".lock-notice h2")).to_contain_text("No disponible para usted")
    expect(page.locator(".lock-notice")).to_contain_text("Solo para miembros")
    assert path_states(page) == ["Hecho", "Hecho", "Paso actual"]
    context.close()
