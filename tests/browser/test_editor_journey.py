"""An editor writes a lesson and submits it for review; a coordinator approves it; learners can read it."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from courses.models import LessonPage
from portal.models import User
from portal.roles import COORDINATORS, EDITORS

from .. import factories
from ..conftest import wagtail_root

# The live server reads the database from another thread: the test data must really be committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def newsroom(locales):
    from wagtail.models import Site

    home = factories.HomePageFactory(parent=wagtail_root(locales["es"]), slug="inicio", locale=locales["es"])
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    courses = factories.CourseIndexPageFactory(parent=home, slug="cursos")
    course = factories.CoursePageFactory(parent=courses, title="Gobernanza cooperativa", slug="gobernanza")
    editor = factories.UserFactory(email="editor@clase.example")
    editor.groups.add(Group.objects.get(name=EDITORS))
    coordinator = factories.UserFactory(email="coordinator@clase.example")
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    return course


def admin_login(page, base_url, email):
    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


def test_editor_writes_and_submits_a_lesson_and_a_coordinator_publishes_it(
    live_server, chromium_browser, newsroom
):
    # Staff who read English: the admin speaks each person's own language, kept on their account (the
    # next journey's editor reads Spanish).
    for staff in User.objects.filter(email__in=["editor@clase.example", "coordinator@clase.example"]):
        staff.language = "en"
        staff.save(update_fields=["language"])
    editor_context = chromium_browser.new_context(locale="en-US")
    editor = editor_context.new_page()
    admin_login(editor, live_server.url, "editor@clase.example")
    editor.goto(f"{live_server.url}/admin/pages/add/courses/lessonpage/{newsroom.pk}/")
    editor.fill("#id_title", "El uso de la prima")
    editor.click("button[title='Insert a block']")
    editor.get_by_role("option", name="Text").first.click()
    text_editor = editor.locator(".public-DraftEditor-content").first
    text_editor.click()
    text_editor.press_sequentially("La asamblea decide el uso de la prima de Comercio Justo.")
    # Draftail writes its content to the form's hidden input shortly after typing; submit once it has.
    expect(editor.locator('input[name="body-0-value"]')).to_have_value(re.compile("de Comercio Justo"))
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Submit to Editorial review").click()
    assert "submitted for moderation" in editor.locator(".messages").inner_text()
    lesson = LessonPage.objects.get(title="El uso de la prima")
    assert not lesson.live and lesson.workflow_in_progress

    # An editor cannot publish: the edit screen offers no publish action.
    editor.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    editor.get_by_role("button", name="More actions").click()
    assert editor.get_by_role("button", name="Publish").count() == 0
    editor_context.close()

    coordinator_context = chromium_browser.new_context(locale="en-US")
    coordinator = coordinator_context.new_page()
    admin_login(coordinator, live_server.url, "coordinator@clase.example")
    coordinator.get_by_role("link", name="El uso de la prima").click()
    coordinator.get_by_role("button", name="More actions").click()
    coordinator.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(coordinator.locator(".messages")).to_contain_text("has been updated")
    coordinator_context.close()

    lesson.refresh_from_db()
    assert lesson.live
    reader = chromium_browser.new_page()
    reader.goto(f"{live_server.url}{lesson.url}")
    assert (
        "La asamblea decide el uso de la prima de Comercio Justo."
        in reader.locator(".lesson-body").inner_text()
    )
    reader.close()


def test_editor_keeps_the_uploaded_file_when_the_price_is_refused_and_new_addresses_are_plain(
    live_server, chromium_browser, newsroom, settings, tmp_path
):
    """A Spanish editor sends a material with its file and a price its non-commercial licence forbids: the
    form comes back with the reason, naming the file kept; without choosing it again, the price removed, the
    material goes to review with that file. The address the admin makes from an accented title is ASCII."""
    from courses.models import MaterialPage

    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # the admin's own saves in the background are not this journey
    materials = factories.MaterialIndexPageFactory(
        parent=newsroom.get_parent().get_parent(), slug="materiales"
    )
    # The licences shipped by a migration are gone once an earlier test of this module has flushed them.
    non_commercial = factories.LicenceFactory(name="Convenio sin fines comerciales", may_be_sold=False)
    guide = tmp_path / "guia-rendicion.pdf"
    guide.write_bytes(factories.pdf_bytes("Guía de rendición de cuentas"))
    context = chromium_browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 900})
    editor = context.new_page()
    admin_login(editor, live_server.url, "editor@clase.example")

    editor.goto(f"{live_server.url}/admin/pages/add/courses/materialpage/{materials.pk}/")
    editor.locator("#id_title").press_sequentially("Rendición de cuentas y ñandú")
    editor.press("#id_title", "Tab")
    expect(editor.locator("#id_slug")).to_have_value("rendicion-de-cuentas-y-nandu")
    description = editor.locator(".public-DraftEditor-content").first
    description.click()
    description.press_sequentially("Cómo preparar el informe anual.")
    expect(editor.locator('input[name="description"]')).to_have_value(re.compile("informe anual"))
    editor.fill("#id_files-0-title", "Guía completa")
    editor.set_input_files("#id_files-0-file", str(guide))
    editor.select_option("#id_licence", label=non_commercial.name)
    editor.select_option("#id_access_level", "authorised")
    editor.fill("#id_price", "15")
    editor.get_by_role("button", name="Más acciones").click()
    editor.get_by_role("button", name=re.compile("Enviar a")).click()

    expect(editor.locator(".kept-upload")).to_contain_text("Archivo conservado: guia-rendicion.pdf")
    assert "no permite vender" in editor.content()
    editor.fill("#id_price", "")
    editor.get_by_role("button", name="Más acciones").click()
    editor.get_by_role("button", name=re.compile("Enviar a")).click()
    expect(editor.locator(".messages")).to_contain_text("enviada para ser moderada")
    context.close()

    material = MaterialPage.objects.get()
    assert material.slug == "rendicion-de-cuentas-y-nandu" and material.workflow_in_progress
    [material_file] = material.get_latest_revision_as_object().files.all()
    with material_file.file.open("rb") as stored:
        assert stored.read() == guide.read_bytes()
