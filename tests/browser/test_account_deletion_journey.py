"""Deleting an account (issue #21), in the browser. A member on a phone (390 × 844, Spanish) reads what
is erased and kept, types a wrong password (nothing is lost), then the right one, opens the e-mail's link,
confirms, lands on the goodbye page signed out; their certificate still verifies, without the name. A
coordinator deletes another person's account from the admin, for a request received by letter.

Screenshots (Spanish and Portuguese, 390 and 1280 px) are written to the folder named by JOURNEY_SHOTS when
it is set."""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect
from wagtail.models import ModelLogEntry

from portal.models import User
from portal.roles import COORDINATORS

from .. import factories
from ..courses.organisation_kit import complete, course_in
from .test_access_journeys import log_in, open_menu
from .test_accessibility import audit, report
from .test_editor_journey import admin_login
from .test_learning_journey import fits_the_screen, phone

# The live server reads the database from another thread: the test data must really be committed.
pytestmark = pytest.mark.django_db(transaction=True)

DESK = {"width": 1280, "height": 900}
SHOTS = os.environ.get("JOURNEY_SHOTS")
NAME = "Zoraida Quispe Mamani"


def shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def shoot_both_widths(browser, base, path, name, email):
    """The page at `path` in Spanish and Portuguese, on a phone and a desk (only when shots are asked for)."""
    if not SHOTS:
        return
    for width, viewport in (("390", {"width": 390, "height": 844}), ("1280", DESK)):
        for language in ("es", "pt"):
            context = browser.new_context(viewport=viewport, is_mobile=width == "390")
            page = context.new_page()
            if email:
                log_in(page, base, email)
            page.goto(f"{base}/{language}{path}")
            shoot(page, f"{name}-{language}-{width}")
            context.close()


def test_a_member_deletes_their_account_on_a_phone_in_spanish(live_server, chromium_browser, tree, settings):
    settings.PORTAL_BASE_URL = live_server.url
    person = factories.MembershipFactory(user__full_name=NAME, user__email="zoraida@coop.example").user
    certificate = complete(person, course_in(tree, title="Gobierno de la cooperativa"))
    base = live_server.url
    findings: dict = {}
    shoot_both_widths(chromium_browser, base, "/account/delete/", "account-delete", person.email)

    page = phone(chromium_browser)
    log_in(page, base, person.email)
    open_menu(page)
    page.locator(".account-nav a[href='/es/account/']").click()
    page.locator("main a[href='/es/account/delete/']").click()
    expect(page.locator("main h1")).to_have_text("Eliminar mi cuenta")
    expect(page.locator("main")).to_contain_text("la ley tributaria obliga a la red a conservarlos")
    assert fits_the_screen(page)
    audit(page, "delete my account", findings)

    page.fill("input[name=password]", "no-es-mi-clave")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Esta no es su contraseña. No se eliminó nada.")
    shoot(page, "account-delete-wrong-password-es-390")
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main h1")).to_have_text("Revise su correo")
    assert fits_the_screen(page)
    shoot(page, "account-delete-sent-es-390")

    message = mail.outbox[-1]
    assert message.to == ["zoraida@coop.example"]
    assert message.subject == "Confirme que desea eliminar su cuenta de Cla@se"
    if SHOTS:
        (Path(SHOTS) / "account-delete-mail-es.txt").write_text(f"{message.subject}\n\n{message.body}")
    link = re.search(r"https?://\S+/account/delete/confirm/\S+/", message.body).group(0)
    page.goto(link)
    expect(page.locator("main")).to_contain_text("Presione el botón para eliminar su cuenta ahora.")
    assert User.objects.filter(pk=person.pk).exists()  # opening the link erased nothing
    audit(page, "confirm the deletion", findings)
    shoot(page, "account-delete-confirm-es-390")
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(f"{base}/es/account/deleted/")
    expect(page.locator("main h1")).to_have_text("Su cuenta fue eliminada")
    assert fits_the_screen(page)
    audit(page, "goodbye", findings)
    shoot(page, "account-deleted-es-390")
    assert not User.objects.filter(pk=person.pk).exists()
    page.goto(f"{base}/es/account/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))  # signed out

    page.goto(f"{base}/es/certificates/{certificate.code}/")
    expect(page.locator("main")).to_contain_text("Emitido el")
    expect(page.locator("main")).to_contain_text("Gobierno de la cooperativa")
    expect(page.locator("main")).not_to_contain_text(NAME)
    shoot(page, "certificate-without-name-es-390")
    page.context.close()
    shoot_both_widths(chromium_browser, base, "/account/deleted/", "account-deleted", None)
    shoot_both_widths(chromium_browser, base, f"/certificates/{certificate.code}/", "certificate", None)
    assert report(findings) == []


def test_a_coordinator_deletes_an_account_for_a_request_received_by_letter(
    live_server, chromium_browser, tree
):
    coordinator = factories.UserFactory(email="coordinacion@clase.example", language="es")
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    person = factories.MembershipFactory(user__full_name=NAME, user__email="zoraida@coop.example").user
    base = live_server.url

    page = chromium_browser.new_context(locale="es-ES", viewport=DESK).new_page()
    page.set_default_timeout(15_000)
    admin_login(page, base, coordinator.email)
    page.goto(f"{base}{reverse('memberships:index')}")
    shoot(page, "admin-memberships-es-1280")
    page.locator("tbody tr .w-dropdown__toggle").first.click()  # the row's menu
    erase = page.get_by_role("link", name="Eliminar la cuenta de esta persona")
    expect(erase).to_have_attribute("href", reverse("portal_account_erase", args=[person.pk]))
    shoot(page, "admin-memberships-menu-es-1280")
    erase.click()
    expect(page.locator("main")).to_contain_text(NAME)
    shoot(page, "admin-account-erase-es-1280")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-message, .w-field__errors").first).to_be_visible()  # the check box first
    assert User.objects.filter(pk=person.pk).exists()

    page.locator("input[name=request_checked]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("La cuenta fue eliminada")
    shoot(page, "admin-account-erased-es-1280")
    assert not User.objects.filter(pk=person.pk).exists()
    entry = ModelLogEntry.objects.get(action="portal.account.erase")
    assert entry.user_id == coordinator.pk and NAME not in entry.label
    page.context.close()
