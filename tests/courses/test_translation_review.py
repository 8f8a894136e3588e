"""A synced translation goes through the review like every page: an editor submits it from the translation
editor, a coordinator (told by e-mail) approves and publishes it, and the editor is told; turning a
translation into an alias of its source, which throws the translation away, is left to the coordinators."""

import datetime
import html
import json
import re

import pytest
from wagtail.models import Page, WorkflowState
from wagtail_localize.models import StringSegment, StringTranslation

from courses.catalogue.translations import translations_adopt_all
from courses.models import LessonPage

from .. import factories
from .test_synced_translations import PORTUGUESE, SPANISH, paragraphs, translation_of, written_apart

REVISED = "O prêmio é decidido pela assembleia de sócios."


@pytest.fixture
def portuguese(tree, locales, editor, coordinator):
    """A Spanish lesson and its synced Portuguese translation, both published; the editor reads Portuguese."""
    course = factories.CoursePageFactory(parent=tree.courses, title="Comercio justo", slug="comercio-justo")
    lesson = factories.LessonPageFactory(parent=course, title="El precio", slug="el-precio", body=SPANISH)
    for page in (tree.home, tree.courses, course):
        written_apart(page, locales["pt"], page.title, f"{page.slug}-pt")
    written_apart(lesson, locales["pt"], "O preço", "o-preco", PORTUGUESE)
    translations_adopt_all()
    editor.language = "pt"
    editor.save(update_fields=["language"])
    return LessonPage.objects.get(translation_key=lesson.translation_key, locale=locales["pt"])


def translate_second_paragraph(page: Page, text: str) -> None:
    """What the translator's *Save* on a segment of the translation editor stores."""
    translation = translation_of(page, "pt")
    segment = StringSegment.objects.get(source=translation.source, string__data__contains="asamblea")
    segment.string.translations.filter(locale=page.locale).update(data=text)


def edit_url(page: Page) -> str:
    return f"/admin/pages/{page.pk}/edit/"


def review_of(page: Page) -> WorkflowState:
    return WorkflowState.objects.filter(object_id=str(page.pk)).latest("created_at")


@pytest.mark.django_db
def test_an_editor_submits_a_translation_and_a_coordinator_approves_and_publishes_it(
    client, portuguese, editor, coordinator, mailoutbox
):
    translate_second_paragraph(portuguese, REVISED)
    client.force_login(editor)
    screen = client.get(edit_url(portuguese)).content.decode()
    assert "Enviar para Revisão editorial" in screen

    response = client.post(edit_url(portuguese), {"action": "submit"}, follow=True)

    assert "foi enviada para moderação" in response.content.decode()
    review = review_of(portuguese)
    assert (review.status, review.requested_by) == (WorkflowState.STATUS_IN_PROGRESS, editor)
    # Under review is the translation as the editor left it; readers still read the published one.
    submitted = review.current_task_state.revision.as_object()
    assert REVISED in paragraphs(submitted)[0]
    assert REVISED not in paragraphs(LessonPage.objects.get(pk=portuguese.pk))[0]
    [notice] = [mail for mail in mailoutbox if coordinator.email in mail.to]
    assert "O preço" in notice.subject
    # In review, the editor waits: no second submission.
    assert "Aguardando revisão" in response.content.decode()
    client.post(edit_url(portuguese), {"action": "submit"})
    assert WorkflowState.objects.filter(object_id=str(portuguese.pk)).count() == 1

    mailoutbox.clear()
    client.force_login(coordinator)
    client.post(edit_url(portuguese), {"action": "publish"})  # wagtail-localize's "Publish in Português"

    review.refresh_from_db()
    assert review.status == WorkflowState.STATUS_APPROVED  # approved, not cancelled
    published = LessonPage.objects.get(pk=portuguese.pk)
    assert published.live and REVISED in paragraphs(published)[0]
    assert [mail.to for mail in mailoutbox] == [[editor.email]]  # the editor is told it was approved


@pytest.mark.django_db
def test_a_translation_sent_back_with_changes_requested_is_resubmitted_to_the_same_review(
    client, portuguese, editor, coordinator
):
    client.force_login(editor)
    client.post(edit_url(portuguese), {"action": "submit"})
    review = review_of(portuguese)
    task_state = review.current_task_state
    task_state.task.specific.on_action(task_state, coordinator, "reject", comment="Falta o segundo parágrafo")
    assert "Reenviar para Revisão da coordenação" in client.get(edit_url(portuguese)).content.decode()

    translate_second_paragraph(portuguese, REVISED)
    client.post(edit_url(portuguese), {"action": "submit"})

    review.refresh_from_db()
    assert review.status == WorkflowState.STATUS_IN_PROGRESS
    assert REVISED in paragraphs(review.current_task_state.revision.as_object())[0]


@pytest.mark.django_db
def test_only_a_coordinator_may_turn_a_translation_into_an_alias_of_its_source(
    client, portuguese, editor, coordinator
):
    convert = f"/admin/localize/page/{portuguese.pk}/convert_to_alias/"
    client.force_login(editor)
    # Refused (the admin sends whoever may not to its home page, saying so), and nothing is converted.
    assert client.get(convert).url == "/admin/"
    assert client.post(convert).url == "/admin/"
    assert not Page.objects.get(pk=portuguese.pk).alias_of_id
    # A translation no longer synced gets the page form, whose menu offers it no conversion either.
    translation = translation_of(portuguese, "pt")
    translation.enabled = False
    translation.save(update_fields=["enabled"])
    assert "localize-convert-to-alias" not in client.get(edit_url(portuguese)).content.decode()

    client.force_login(coordinator)
    assert "localize-convert-to-alias" in client.get(edit_url(portuguese)).content.decode()
    assert client.get(convert).status_code == 200


@pytest.mark.django_db
def test_a_coordinator_keeps_wagtail_localizes_own_footer(client, portuguese, coordinator):
    client.force_login(coordinator)
    screen = client.get(edit_url(portuguese)).content.decode()
    assert 'value="submit"' not in screen
    assert "convertToAliasUrl&quot;: &quot;/admin/localize/page/" in screen  # theirs to offer


@pytest.mark.django_db
def test_the_translation_editor_dates_each_translated_segment_in_the_readers_language(
    client, portuguese, editor, coordinator
):
    translation = translation_of(portuguese, "pt")
    strings = StringTranslation.objects.filter(locale=translation.target_locale)
    strings.update(updated_at=datetime.datetime(2026, 3, 7, 15, 0, tzinfo=datetime.UTC))

    client.force_login(editor)  # reads Portuguese
    assert "Traduzido manualmente em 7 de março de 2026" in segment_notes(client, portuguese)
    client.force_login(coordinator)  # reads Spanish
    assert "Traducido manualmente el 7 de marzo de 2026" in segment_notes(client, portuguese)


def segment_notes(client, page: Page) -> set[str]:
    """The notes under the translated segments, as the translation editor's script is given them."""
    screen = client.get(edit_url(page)).content.decode()
    props = json.loads(html.unescape(re.search(r'data-props="([^"]*)"', screen).group(1)))
    return {string["comment"] for string in props["initialStringTranslations"]}
