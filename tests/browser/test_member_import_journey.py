"""A manager imports the cooperative's members on a phone (390 px, Spanish, JavaScript off): a spreadsheet
of 30 rows with two bad ones shows its preview with the two errors; the 28 good rows are imported; the file,
fixed, is imported again and adds only the two; importing it once more changes nothing. The 30 invitations
are pending, each e-mailed once.

Selectors rely on addresses and form field names rather than on wording, except where the wording is what
the manager must read (the errors and the counts)."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from portal.models import Invitation

from ..portal.members_kit import managed_cooperative, people, url, xlsx_file
from . import test_accessibility as accessibility
from .test_access_journeys import log_in

pytestmark = pytest.mark.django_db(transaction=True)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def phone(chromium_browser):
    context = chromium_browser.new_context(
        locale="es-ES", java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def upload(page, rows):
    page.set_input_files(
        "input[name=file]", files=[{"name": "socios.xlsx", "mimeType": XLSX, "buffer": xlsx_file(rows)}]
    )
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_url("**/members/import/*/")


def confirm(page):
    page.locator("form[action$='/confirm/'] button").click()
    expect(page.locator(".import-report .lead")).to_have_text("Importación terminada.")


def test_a_manager_imports_thirty_members_fixing_two_rows(live_server, phone, tree):
    organisation, manager = managed_cooperative()
    rows = people(30)
    bad = [row[:] for row in rows]
    bad[6][0] = ""  # row 8 of the sheet: no name
    bad[19][1] = "persona0020coop.example"  # row 21: not an address
    log_in(phone, live_server.url, manager.user.email)

    phone.goto(live_server.url + url("organisation_members", organisation.pk))
    phone.locator(f".sub-tabs a[href='{url('organisation_member_import', organisation.pk)}']").click()
    upload(phone, bad)
    report = phone.locator(".import-report")
    expect(report).to_contain_text("28 personas para invitar")
    expect(report).to_contain_text("2 filas con errores: se dejan fuera")
    errors = phone.locator(".row-errors .item-rows > li")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text("Fila 8")
    expect(errors.nth(0)).to_contain_text("Falta el nombre.")
    expect(errors.nth(1)).to_contain_text("Fila 21")
    expect(errors.nth(1)).to_contain_text("«persona0020coop.example» no es un correo electrónico.")
    assert not Invitation.objects.exists()  # nothing saved by the preview
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # fits the phone

    confirm(phone)
    expect(report).to_contain_text("28 invitaciones enviadas")
    assert Invitation.objects.open().count() == 28

    phone.locator(f".import-report a[href='{url('organisation_member_import', organisation.pk)}']").click()
    upload(phone, rows)  # the file, fixed
    expect(report).to_contain_text("2 personas para invitar")
    expect(report).to_contain_text("28 ya invitadas: sin cambios")
    expect(phone.locator(".row-errors")).to_have_count(0)
    confirm(phone)
    expect(report).to_contain_text("2 invitaciones enviadas")
    expect(report).to_contain_text("28 filas sin cambios")

    phone.locator(f".import-report a[href='{url('organisation_invitations', organisation.pk)}']").click()
    expect(phone.locator(".count")).to_contain_text("30 invitaciones pendientes")
    expect(phone.locator(".member-table tbody tr")).to_have_count(30)
    assert sorted(Invitation.objects.open().values_list("email", flat=True)) == sorted(row[1] for row in rows)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(row[1] for row in rows)

    phone.goto(live_server.url + url("organisation_member_import", organisation.pk))
    upload(phone, rows)  # the same file once more
    expect(report).to_contain_text("0 personas para invitar")
    expect(report).to_contain_text("30 ya invitadas: sin cambios")
    expect(phone.locator("form[action$='/confirm/']")).to_have_count(0)
    assert Invitation.objects.count() == 30 and len(mail.outbox) == 30


def test_the_members_pages_have_no_serious_accessibility_violations(live_server, chromium_browser, tree):
    """axe (it needs JavaScript) on the members, a preview with errors and the pending invitations."""
    organisation, manager = managed_cooperative()
    context = chromium_browser.new_context(locale="es-ES", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, manager.user.email)
    findings = {}
    page.goto(live_server.url + url("organisation_member_import", organisation.pk))
    upload(page, people(3) + [["", "sin-nombre@coop.example", "Jefe", ""]])
    accessibility.audit(page, "import preview with errors", findings)
    confirm(page)
    accessibility.audit(page, "import finished", findings)
    for name in ("organisation_invitations", "organisation_members", "organisation_invite"):
        page.goto(live_server.url + url(name, organisation.pk))
        accessibility.audit(page, name, findings)
    context.close()
    assert accessibility.report(findings) == []  # no serious or critical violation
