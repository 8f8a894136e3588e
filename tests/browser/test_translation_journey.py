"""A Spanish editor changes a published lesson's paragraph and a coordinator publishes it; the Portuguese
editor sees the Portuguese lesson out of date, translates the one paragraph that changed and submits the
translation to the review; a coordinator, told by e-mail, approves and publishes it, and readers of the
Portuguese lesson read it."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect
from wagtail.models import Site, WorkflowState

from courses.catalogue.translations import translations_adopt_all
from courses.models import LessonPage
from portal.roles import COORDINATORS, EDITORS

from .. import factories
from ..conftest import wagtail_root
from ..courses.test_synced_translations import written_apart
from .test_editor_journey import admin_login

# The live server reads the database from another thread: the test data must really be committed.
pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/work/tmp/shots_localize")
CHANGED = "La asamblea decide su uso. Cada cooperativa rinde cuentas de la prima una vez al año."
TRANSLATED = "A assembleia decide seu uso. Cada cooperativa presta contas do prêmio uma vez por ano."


@pytest.fixture
def lesson(locales):
    home = factories.HomePageFactory(parent=wagtail_root(locales["es"]), slug="inicio", locale=locales["es"])
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    courses = factories.CourseIndexPageFactory(parent=home, slug="cursos")
    course = factories.CoursePageFactory(parent=courses, title="Comercio justo", slug="comercio-justo")
    lesson = factories.LessonPageFactory(
        parent=course,
        title="La prima",
        slug="la-prima",
        body=[("text", "<p>La prima se suma al precio.</p><p>La asamblea decide su uso.</p>")],
    )
    for page, title in ((home, "Início"), (courses, "Cursos"), (course, "Comércio justo")):
        written_apart(page, locales["pt"], title, f"{page.slug}-pt")
    written_apart(
        lesson,
        locales["pt"],
        "O prêmio",
        "o-premio",
        [("text", "<p>O prêmio se soma ao preço.</p><p>A assembleia decide seu uso.</p>")],
    )
    translations_adopt_all()
    for email, group, language in (
        ("editora@clase.example", EDITORS, "es"),
        ("editora.pt@clase.example", EDITORS, "pt"),
        ("coordinator@clase.example", COORDINATORS, "en"),
    ):
        staff = factories.UserFactory(email=email, language=language)
        staff.groups.add(Group.objects.get(name=group))
    return lesson


def signed_in(browser, base_url, email):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    admin_login(page, base_url, email)
    return page


def test_a_changed_spanish_paragraph_is_translated_into_portuguese_alone_and_published(
    live_server, chromium_browser, lesson, settings
):
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # the admin's own saves in the background are not this journey
    portuguese = LessonPage.objects.get(translation_key=lesson.translation_key, locale__language_code="pt")

    # The Spanish editor adds a sentence to the lesson's second paragraph and sends it to review.
    editor = signed_in(chromium_browser, live_server.url, "editora@clase.example")
    editor.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    second_paragraph = editor.locator(".public-DraftEditor-content [data-block='true']").nth(1)
    second_paragraph.click()
    editor.keyboard.press("End")
    editor.keyboard.type(" Cada cooperativa rinde cuentas de la prima una vez al año.")
    expect(editor.locator('input[name="body-0-value"]')).to_have_value(re.compile("rinde cuentas"))
    editor.get_by_role("button", name="Más acciones").click()
    editor.get_by_role("button", name=re.compile("Enviar a")).click()
    expect(editor.locator(".messages")).to_contain_text("ha sido enviada")
    # A translation's editor, in Spanish, submits it to the review too: converting it back into an alias of
    # the Spanish page (which would throw the translation away) is not offered to editors.
    editor.goto(f"{live_server.url}/admin/pages/{portuguese.pk}/edit/")
    expect(editor.locator("footer").get_by_role("button", name="Enviar a Revisión editorial")).to_be_visible()
    editor.get_by_role("button", name="Más acciones").filter(visible=True).click()
    expect(editor.get_by_role("button", name="Parar traducción sincronizada")).to_be_visible()
    expect(editor.get_by_text(re.compile("alias", re.IGNORECASE)).filter(visible=True)).to_have_count(0)
    SHOTS.mkdir(parents=True, exist_ok=True)
    editor.screenshot(path=str(SHOTS / "translation-editor-es-editor-footer.png"))
    editor.context.close()

    coordinator = signed_in(chromium_browser, live_server.url, "coordinator@clase.example")
    coordinator.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    coordinator.get_by_role("button", name="More actions").click()
    coordinator.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(coordinator.locator(".messages")).to_contain_text("has been updated")

    # The Portuguese editor, in the Portuguese admin, sees the Portuguese lesson waiting for a translation.
    translator = signed_in(chromium_browser, live_server.url, "editora.pt@clase.example")
    translator.goto(f"{live_server.url}/admin/localize/reports/translations/")
    row = translator.locator("tr", has_text="La prima").filter(has_text="Português")
    expect(row).to_contain_text("Aguardando por traduções")

    # Only the changed paragraph is untranslated; the rest keeps its Portuguese.
    translator.goto(f"{live_server.url}/admin/pages/{portuguese.pk}/edit/")
    expect(translator.get_by_text("O prêmio se soma ao preço.")).to_be_visible()
    # In Portuguese throughout: the segments' dates, and no "Español to Português translation" banner (the
    # header says "Español › Português").
    dated_in_portuguese = re.compile(r"Traduzido manualmente em \d+ de [a-zç]+ de \d{4}")
    expect(translator.get_by_text(dated_in_portuguese).first).to_be_visible()
    expect(translator.get_by_text(re.compile(r"Português translation")).filter(visible=True)).to_have_count(0)
    untranslated = translator.locator("li.incomplete")
    expect(untranslated).to_have_count(1)
    expect(untranslated).to_contain_text(CHANGED)
    untranslated.scroll_into_view_if_needed()
    translator.screenshot(path=str(SHOTS / "translation-editor-pt-waiting.png"))
    untranslated.get_by_role("button", name="Traduzir").click()
    untranslated.locator("textarea").fill(TRANSLATED)
    untranslated.get_by_role("button", name="Salvar").click()
    expect(translator.locator("li.incomplete")).to_have_count(0)
    expect(translator.get_by_text("Salvando...")).to_have_count(0)  # saved on the server, not only shown
    translator.screenshot(path=str(SHOTS / "translation-editor-pt.png"), full_page=True)
    # Publishing stays with the coordinators, as for every page: an editor is offered no publish action, and
    # no conversion into an alias; the translation goes to the review.
    assert translator.get_by_role("button", name=re.compile("Publicar")).count() == 0
    expect(translator.get_by_text(re.compile("atalho")).filter(visible=True)).to_have_count(0)
    mail.outbox.clear()
    translator.locator("footer").get_by_role("button", name="Enviar para Revisão editorial").click()
    expect(translator.locator(".messages")).to_contain_text("foi enviada para moderação")
    expect(translator.locator("footer").get_by_role("button", name="Aguardando revisão")).to_be_disabled()
    translator.screenshot(path=str(SHOTS / "translation-editor-pt-submitted.png"))
    translator.context.close()
    # Readers still read the published Portuguese while it is in review; the coordinators are told.
    assert TRANSLATED not in LessonPage.objects.get(pk=portuguese.pk).body.render_as_block()
    assert any("coordinator@clase.example" in message.to for message in mail.outbox)

    coordinator.goto(f"{live_server.url}/admin/pages/{portuguese.pk}/edit/")
    coordinator.get_by_role("button", name=re.compile("^Publish in")).click()
    expect(coordinator.locator(".messages")).to_contain_text("has been published")
    coordinator.context.close()
    review = WorkflowState.objects.get(object_id=str(portuguese.pk))
    assert review.status == WorkflowState.STATUS_APPROVED  # the review ends approved, the editor told so

    reader = chromium_browser.new_page()
    reader.goto(f"{live_server.url}{LessonPage.objects.get(pk=portuguese.pk).url}")
    body = reader.locator(".lesson-body").inner_text()
    assert TRANSLATED in body and "O prêmio se soma ao preço." in body
    assert "asamblea" not in body
    reader.close()
