"""A partner's terms in the browser: a coordinator tries to publish a non-commercial material with a price,
is refused with the licence and the contributor named, removes the price and publishes; a member opens the
material, is asked to accept the terms before the first download, and receives the PDF stamped with their
name and the licence."""

import io
import time

import pikepdf
import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from reportlab.pdfgen import canvas

from courses.models import AccessLevel, LicenceAcceptance, MaterialPage
from portal.roles import COORDINATORS

from .. import factories
from ..conftest import wagtail_root
from .test_access_journeys import log_in
from .test_editor_journey import admin_login

pytestmark = pytest.mark.django_db(transaction=True)

FILE_BUTTON = ".file-list a.button"


def pdf_text(text: str) -> bytes:
    return text.encode("cp1252").replace(b"(", b"\\(").replace(b")", b"\\)")


@pytest.fixture
def draft(locales):
    """A priced draft under a non-commercial licence that asks for acceptance (data migrations' licences are
    flushed by transactional tests: this one is made here)."""
    from wagtail.models import Site

    home = factories.HomePageFactory(parent=wagtail_root(locales["es"]), slug="inicio", locale=locales["es"])
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    materials = factories.MaterialIndexPageFactory(parent=home, slug="materiales")
    licence = factories.LicenceFactory(
        name="Atribución-NoComercial (convenio universitario)",
        label="BY-NC Universidad",
        may_be_sold=False,
        acceptance_required=True,
        terms_es="Uso no comercial, citando a la Universidad del Café.",
        terms_en="Non-commercial use, crediting Universidad del Café.",
    )
    material = factories.MaterialPageFactory(
        parent=materials,
        title="Guía de catación",
        slug="catacion",
        access_level=AccessLevel.AUTHORISED,
        price="12.00",
        licence=licence,
        live=False,
    )
    factories.credit(material, factories.ContributorFactory(name="Universidad del Café"))
    pages = io.BytesIO()
    document = canvas.Canvas(pages)
    for number in (1, 2):
        document.drawString(72, 720, f"Catacion pagina {number}")
        document.showPage()
    document.save()
    factories.add_file(material, "guia-catacion.pdf", pages.getvalue())
    material.save_revision()
    # A coordinator who reads English (the admin speaks each person's own language).
    coordinator = factories.UserFactory(email="coordinator@clase.example", language="en")
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    member = factories.MembershipFactory(
        user__email="ana@coop.example",
        user__full_name="Ana Quispe",
        organisation__name="Cooperativa Sierra Nevada",
    ).user
    return {"material": material, "licence": licence, "member": member}


def eventually(check, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_a_priced_non_commercial_material_is_refused_then_published_and_downloaded_with_its_terms(
    live_server, chromium_browser, draft
):
    material = draft["material"]
    context = chromium_browser.new_context(locale="en-US", accept_downloads=True)
    editor = context.new_page()
    editor.set_default_timeout(15_000)
    admin_login(editor, live_server.url, "coordinator@clase.example")
    editor.goto(f"{live_server.url}/admin/pages/{material.pk}/edit/")
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Publish", exact=True).click()

    price_field = editor.locator("[data-field-wrapper]").filter(has=editor.locator("#id_price"))
    expect(price_field.first).to_contain_text("does not allow this item to be sold")
    refusal = price_field.first.inner_text()
    assert "does not allow this item to be sold" in refusal
    assert "Universidad del Café" in refusal and "Atribución-NoComercial (convenio universitario)" in refusal
    assert not MaterialPage.objects.get(pk=material.pk).live

    editor.fill("#id_price", "")
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Publish", exact=True).click()
    # Not just "published": the refusal said "could not be published" and is still on screen until the
    # second submission's answer replaces it.
    expect(editor.locator(".messages")).to_contain_text("has been published")
    # The live server's commit and this thread's read are on two connections: wait (bounded) to see it.
    row = MaterialPage.objects.filter(pk=material.pk)
    published = eventually(lambda: row.filter(live=True, price=None).exists())
    # Seen once under a loaded CI run, never alone: say what the row held if it happens again.
    assert published, row.values("live", "price", "latest_revision").first()
    material.refresh_from_db()
    context.close()

    reader = chromium_browser.new_context(locale="es-ES", accept_downloads=True).new_page()
    reader.set_default_timeout(15_000)
    log_in(reader, live_server.url, "ana@coop.example")
    reader.goto(f"{live_server.url}{material.url}")
    reader.locator(FILE_BUTTON).first.click()
    expect(reader.locator("main form input[name=accept]")).to_be_visible()
    assert "Uso no comercial, citando a la Universidad del Café." in reader.locator("main").inner_text()

    reader.locator("main form button[type=submit]").click()  # without ticking the box: the browser stops it
    expect(reader.locator("main form input[name=accept]:invalid")).to_be_visible()
    assert not LicenceAcceptance.objects.exists()

    reader.check("main form input[name=accept]")
    with reader.expect_download() as download_info:
        reader.locator("main form button[type=submit]").click()
    assert download_info.value.suggested_filename == "guia-catacion.pdf"
    with open(download_info.value.path(), "rb") as downloaded, pikepdf.open(downloaded) as pdf:
        streams = [page.obj.Contents.read_bytes() for page in pdf.pages[:1]] + [
            b"".join(part.read_bytes() for part in page.obj.Contents) for page in pdf.pages[1:]
        ]
    assert len(streams) == 3
    assert pdf_text("Ana Quispe (Cooperativa Sierra Nevada)") in streams[0]
    assert pdf_text("Atribución-NoComercial (convenio universitario)") in streams[0]
    for number, stream in ((1, streams[1]), (2, streams[2])):
        assert f"Catacion pagina {number}".encode() in stream
        assert pdf_text("Ana Quispe (Cooperativa Sierra Nevada)") in stream and b"BY-NC Universidad" in stream
    acceptance = LicenceAcceptance.objects.get()
    assert (acceptance.user, acceptance.licence, acceptance.page_id) == (
        draft["member"],
        draft["licence"],
        material.pk,
    )

    # The second download goes straight to the file: the terms were accepted once.
    reader.goto(f"{live_server.url}{material.url}")
    with reader.expect_download() as again:
        reader.locator(FILE_BUTTON).first.click()
    assert again.value.suggested_filename == "guia-catacion.pdf"
    reader.context.close()
