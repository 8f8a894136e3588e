"""A member without e-mail, on phones (390 × 844, Spanish): the cooperative's manager creates the account
from "My organisation" and opens the card, which prints on one A4 sheet; in another browser the member
signs in with the login name and the card's code, chooses a password and lands on "My learning"."""

import io
import re

import pikepdf
import pytest
from django.core import mail
from playwright.sync_api import expect

from portal.models import SignInCard, User

from .. import factories
from .test_access_journeys import log_in, open_menu
from .test_accessibility import audit, report
from .test_learning_journey import fits_the_screen, phone

# The live server reads the database from another thread: the test data must really be committed.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "cafe-de-altura-2026"


def test_a_manager_creates_a_member_without_e_mail_who_signs_in_with_the_card(
    live_server, chromium_browser, tree
):
    cooperative = factories.OrganisationFactory(name="Cooperativa La Esperanza", country="NI")
    manager = factories.MembershipFactory(
        organisation=cooperative, manages=True, user__email="marta@coop.example", user__language="es"
    ).user
    base = live_server.url
    findings: dict = {}  # axe's violations on each new page

    page = phone(chromium_browser)
    log_in(page, base, manager.email)
    open_menu(page)
    page.locator(".account-nav a[href='/es/organisation/']").click()
    page.wait_for_url(f"{base}/es/organisation/{cooperative.pk}/")
    page.locator(f"main a[href='/es/organisation/{cooperative.pk}/members/new/']").click()
    assert fits_the_screen(page)
    audit(page, "new member without e-mail", findings)

    # A phone number written the local way: the cooperative's country code is added.
    page.fill("input[name=full_name]", "Rosa Amalia Díaz")
    page.fill("input[name=login_name]", "8888 7777")
    page.select_option("select[name=language]", "es")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/members/\d+/card/$"))
    card = page.locator(".sign-in-card")
    expect(card).to_contain_text("Rosa Amalia Díaz")
    expect(card.locator(".sign-in-card-login")).to_have_text("+505 8888 7777")
    expect(card.locator(".sign-in-card-qr svg")).to_be_visible()
    code = card.locator(".sign-in-card-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert fits_the_screen(page)
    audit(page, "sign-in card", findings)

    # Printed, only the card shows, on a single A4 page.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("main h1")).to_be_hidden()
    pdf = page.pdf(prefer_css_page_size=True)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == 1
        width, height = (float(value) for value in document.pages[0].mediabox[2:])
        assert (round(width), round(height)) == (595, 842)  # A4 in points
    page.context.close()

    # The member, on their own phone: from the sign-in page to the card's form.
    member_page = phone(chromium_browser)
    member_page.goto(f"{base}/es/accounts/login/")
    member_page.locator("main a[href='/es/sign-in/card/']").click()
    audit(member_page, "sign in with a card", findings)
    member_page.fill("input[name=login]", "+505 8888 7777")
    member_page.fill("input[name=code]", code.lower().replace("-", " "))
    member_page.locator("main form button[type=submit]").click()
    member_page.wait_for_url(f"{base}/es/sign-in/card/password/")
    expect(member_page.locator("main")).to_contain_text("Rosa Amalia Díaz")
    assert fits_the_screen(member_page)

    # A password the portal's rules refuse first; then a good one.
    member_page.fill("input[name=password1]", "88887777")
    member_page.fill("input[name=password2]", "88887777")
    member_page.locator("main form button[type=submit]").click()
    expect(member_page.locator("main .errorlist").first).to_be_visible()
    audit(member_page, "choose a password, refused", findings)
    member_page.fill("input[name=password1]", PASSWORD)
    member_page.fill("input[name=password2]", PASSWORD)
    member_page.locator("main form button[type=submit]").click()
    member_page.wait_for_url(f"{base}/es/account/learning/")
    expect(member_page.locator(".messages")).to_contain_text("+505 8888 7777")
    assert fits_the_screen(member_page)
    member_page.context.close()

    rosa = User.objects.get(login_name="+50588887777")
    assert rosa.email is None and rosa.has_usable_password()
    assert SignInCard.objects.get(user=rosa).used_at is not None
    assert mail.outbox == []
    assert not report(findings)

    # Next time: the ordinary sign-in, with the phone number and the password.
    again = phone(chromium_browser)
    log_in(again, base, "+505 8888 7777", PASSWORD)
    again.context.close()
