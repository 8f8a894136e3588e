"""A member asks for a copy of their data, on a phone (390 × 844, Spanish): "My account" says it is being
prepared, the background task makes it, an e-mail says it is ready, and the member downloads a ZIP that
opens with the summary (in Spanish, readable on the phone) and the JSON of every record. Then the member
deletes their account (issue #21's journey): the copy goes with it, and the link to it leads nowhere.

Selectors rely on addresses and form field names rather than on wording, so the journey holds in every
interface language."""

import json
import re
import zipfile

import pytest
from django.core import mail
from playwright.sync_api import expect

from portal.models import DataExport, User
from portal.privacy import copies

from ..factories import PASSWORD
from ..portal.privacy_kit import person_with_everything
from .test_access_journeys import log_in, open_menu
from .test_accessibility import audit, report
from .test_learning_journey import fits_the_screen, phone

# The live server reads the database from another thread: the test data must really be committed.
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_downloads_their_data_on_a_phone_then_deletes_the_account(
    live_server, chromium_browser, tree, tmp_path, settings
):
    settings.PORTAL_BASE_URL = live_server.url  # the e-mails' links lead to this server
    ana = person_with_everything(tree, "ana", language="es")
    base = live_server.url
    findings: dict = {}
    page = phone(chromium_browser)
    log_in(page, base, ana.email)
    open_menu(page)
    page.locator(".account-nav a[href$='/account/']").click()
    page.wait_for_url(f"{base}/es/account/")
    my_data = page.locator("#my-data")
    expect(my_data.locator("form[action='/es/account/my-data/'] button")).to_be_visible()
    assert fits_the_screen(page)

    # Asked: the task runs (at once, on the embedded default) and the page offers the file with its size.
    my_data.locator("form[action='/es/account/my-data/'] button").click()
    page.wait_for_url(f"{base}/es/account/#my-data")
    export = DataExport.objects.get(user=ana)
    download = page.locator(f"#my-data a[href='/es/account/my-data/{export.pk}/']")
    expect(download).to_be_visible()
    expect(download).to_contain_text("ZIP")
    expect(page.locator("#my-data")).to_contain_text("Puede descargarla hasta el")
    assert fits_the_screen(page)
    audit(page, "my account, copy ready", findings)
    [email] = mail.outbox
    assert email.to == [ana.email] and email.subject == "La copia de sus datos está lista"
    assert "/es/account/#my-data" in email.body

    with page.expect_download() as download_info:
        download.click()
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    assert saved.name.startswith("clase-data-") and saved.suffix == ".zip"
    with zipfile.ZipFile(saved) as archive:
        archive.extractall(tmp_path / "copy")
    data = json.loads((tmp_path / "copy" / "data.json").read_text())
    assert data["profile"][0]["email"] == ana.email
    assert data["orders"][0]["buyer_name"] == "Comprador ana"
    assert data["certificates"][0]["code"] == "CERT-ana"

    # The summary opens in the phone's browser, in Spanish, and fits its screen.
    page.goto((tmp_path / "copy" / "summary.html").as_uri())
    expect(page.locator("h1")).to_have_text("Sus datos en Cla@se")
    expect(page.locator("#orders")).to_contain_text("Sus pedidos")
    expect(page.locator("#orders")).to_contain_text("Comprador ana")
    expect(page.locator("#certificates")).to_contain_text("CERT-ana")
    assert fits_the_screen(page)
    audit(page, "summary of the data", findings)

    # Having kept their copy, the member deletes the account; the copy on the portal goes with it.
    page.goto(f"{base}/es/account/")
    page.locator("main a[href='/es/account/delete/']").click()
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main h1")).to_have_text("Revise su correo")
    link = re.search(r"https?://\S+/account/delete/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/es/account/deleted/")
    expect(page.locator("main h1")).to_have_text("Su cuenta fue eliminada")
    assert not User.objects.filter(pk=ana.pk).exists()
    assert not DataExport.objects.filter(pk=export.pk).exists()
    assert not copies.private_storage().exists(export.file_name)
    page.goto(f"{base}/es/account/my-data/{export.pk}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.context.close()
    assert not report(findings)
