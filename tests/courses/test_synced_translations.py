"""Translations that keep up with their Spanish source (wagtail-localize): pages translated by hand before it
become synced translations with their own text, up to date; a change to the source leaves only the changed
paragraph waiting for each language's translator."""

import importlib
import uuid

import pytest
from django.apps import apps
from django.utils import translation as i18n
from wagtail.models import Page
from wagtail_localize.models import StringSegment, Translation

from courses.catalogue.translations import translations_adopt_all
from courses.models import LessonPage

from .. import factories

SPANISH = [
    ("heading", {"text": "Cómo se fija el precio", "level": "h2"}),
    ("text", "<p>El precio mínimo cubre los costos de producción.</p><p>La prima se decide en asamblea.</p>"),
]
PORTUGUESE = [
    ("heading", {"text": "Como o preço é fixado", "level": "h2"}),
    ("text", "<p>O preço mínimo cobre os custos de produção.</p><p>O prêmio é decidido em assembleia.</p>"),
]
ENGLISH = [
    ("heading", {"text": "How the price is set", "level": "h2"}),
    ("text", "<p>The minimum price covers the cost of production.</p><p>The premium is agreed together.</p>"),
]


def written_apart(page: Page, locale, title: str, slug: str, body=None) -> Page:
    """A version of `page` in another locale as the portal made them before: a copy edited by hand, its
    blocks with ids of their own (so nothing but their place ties them to the source's)."""
    version = page.specific.copy_for_translation(locale, copy_parents=True)
    version.title, version.slug = title, slug
    if body is not None:
        version.body = [{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in body]
    version.save_revision().publish()
    return version


@pytest.fixture
def lesson(tree, locales):
    course = factories.CoursePageFactory(parent=tree.courses, title="Comercio justo", slug="comercio-justo")
    lesson = factories.LessonPageFactory(parent=course, title="El precio", slug="el-precio", body=SPANISH)
    for code in ("pt", "en"):
        for page in (tree.home, tree.courses, course):
            written_apart(page, locales[code], f"{page.title} ({code})", f"{page.slug}-{code}")
    written_apart(lesson, locales["pt"], "O preço", "o-preco", PORTUGUESE)
    written_apart(lesson, locales["en"], "The price", "the-price", ENGLISH)
    return lesson


def translation_of(page: Page, code: str) -> Translation:
    return Translation.objects.get(source__object_id=page.translation_key, target_locale__language_code=code)


def untranslated(translation: Translation) -> list[str]:
    segments = StringSegment.objects.filter(source=translation.source).annotate_translation(
        translation.target_locale
    )
    segments = segments.select_related("string")
    return [segment.string.data for segment in segments if segment.translation is None]


def status(translation: Translation) -> str:
    with i18n.override("en"):
        return str(translation.get_status_display())


def paragraphs(page: Page) -> list[str]:
    return [str(block.value) for block in page.body if block.block_type == "text"]


@pytest.mark.django_db
def test_pages_translated_before_become_synced_translations_that_keep_their_text_and_are_up_to_date(lesson):
    adopted = translations_adopt_all()

    assert adopted == 8  # home, catalogue, course and lesson, each in Portuguese and English
    portuguese = translation_of(lesson, "pt")
    assert portuguese.get_progress() == (5, 5)  # title, slug, heading and the two paragraphs
    assert status(portuguese) == "Up to date"
    # What wagtail-localize would write into the Portuguese page is its own Portuguese text, not a copy.
    rebuilt = portuguese.source.get_ephemeral_translated_instance(portuguese.target_locale)
    assert rebuilt.title == "O preço" and rebuilt.slug == "o-preco"
    assert rebuilt.body[0].value["text"] == "Como o preço é fixado"
    assert paragraphs(rebuilt) == [PORTUGUESE[1][1]]
    assert translations_adopt_all() == 0  # nothing left to adopt on a second run


@pytest.mark.django_db
def test_the_upgrade_migration_makes_the_pages_translated_before_synced_and_up_to_date(lesson):
    migration = importlib.import_module(
        "courses.migrations.0016_pages_translated_before_become_synced_translations"
    )
    migration.adopt_translations_written_before(apps, schema_editor=None)

    for code in ("pt", "en"):
        assert status(translation_of(lesson, code)) == "Up to date"
    assert Translation.objects.count() == 8


def quiz(title: str, prompt: str, right: str, wrong: str) -> tuple:
    """A quiz as code writes it (the demo's): its lists in the plain form, without ids."""
    choices = [{"text": right, "correct": True}, {"text": wrong, "correct": False}]
    questions = [{"prompt": prompt, "choices": choices, "explanation": ""}]
    return ("quiz", {"title": title, "pass_mark": 70, "questions": questions})


@pytest.mark.django_db
def test_a_quiz_translated_before_keeps_its_questions_and_answers_in_its_own_language(tree, locales):
    course = factories.CoursePageFactory(parent=tree.courses, title="Clima", slug="clima")
    spanish = quiz("Repaso", "¿Qué retiene el agua?", "La cobertura del suelo", "Quemar rastrojos")
    lesson = factories.LessonPageFactory(parent=course, title="Suelos", slug="suelos", body=[spanish])
    for page in (tree.home, tree.courses, course):
        written_apart(page, locales["pt"], page.title, f"{page.slug}-pt")
    portuguese = quiz("Revisão", "O que retém a água?", "A cobertura do solo", "Queimar restolhos")
    written_apart(lesson, locales["pt"], "Solos", "solos", [portuguese])

    translations_adopt_all()
    translation = translation_of(lesson, "pt")
    assert translation.get_progress() == (6, 6)  # title, slug, the quiz's title, its question, two answers
    translation.save_target(publish=True)

    published = LessonPage.objects.get(translation_key=lesson.translation_key, locale=locales["pt"])
    [question] = published.body[0].value["questions"]
    assert question["prompt"] == "O que retém a água?"
    assert [choice["text"] for choice in question["choices"]] == ["A cobertura do solo", "Queimar restolhos"]
    assert [choice["correct"] for choice in question["choices"]] == [True, False]


@pytest.mark.django_db
def test_a_course_translated_before_keeps_its_own_language_and_topics(tree, locales):
    course = factories.CoursePageFactory(parent=tree.courses, title="Género", slug="genero", language="es")
    course.tags.add("equidad")
    course.save_revision().publish()
    portuguese = written_apart(course, locales["pt"], "Gênero", "genero-pt")
    portuguese.language = "pt"
    portuguese.tags.set(["equidade"])
    portuguese.save_revision().publish()

    translations_adopt_all()
    translation_of(course, "pt").save_target(publish=True)

    portuguese.refresh_from_db()
    assert (portuguese.title, portuguese.language) == ("Gênero", "pt")
    assert list(portuguese.tags.names()) == ["equidade"]


@pytest.mark.django_db
def test_a_changed_source_paragraph_waits_for_translation_in_each_language_the_rest_kept(lesson, locales):
    translations_adopt_all()

    # The Spanish editor rewrites the second paragraph; a coordinator publishes it.
    changed = (
        "<p>El precio mínimo cubre los costos de producción.</p>"
        "<p>La prima se decide en la asamblea anual.</p>"
    )
    spanish = LessonPage.objects.get(pk=lesson.pk)
    blocks = list(spanish.body.raw_data)  # the editor's form keeps each block's id
    blocks[1]["value"] = changed
    spanish.body = blocks
    spanish.save_revision().publish()

    for code in ("pt", "en"):
        translation = translation_of(lesson, code)
        assert untranslated(translation) == ["La prima se decide en la asamblea anual."]
        assert translation.get_progress() == (5, 4)
        assert status(translation) == "Waiting for translations"

    # The Portuguese translator translates that paragraph only, and the translation is published.
    portuguese = translation_of(lesson, "pt")
    segment = StringSegment.objects.get(source=portuguese.source, string__data__contains="asamblea anual")
    segment.string.translations.create(
        locale=locales["pt"], context=segment.context, data="O prêmio é decidido na assembleia anual."
    )
    portuguese.save_target(publish=True)

    published = LessonPage.objects.get(translation_key=lesson.translation_key, locale=locales["pt"])
    assert published.title == "O preço"
    assert paragraphs(published) == [
        "<p>O preço mínimo cobre os custos de produção.</p><p>O prêmio é decidido na assembleia anual.</p>"
    ]
    assert status(portuguese) == "Up to date"


@pytest.mark.django_db
def test_an_editor_starts_a_translation_of_a_published_page_as_a_draft(client, tree, locales, editor):
    course = factories.CoursePageFactory(parent=tree.courses, title="Gobernanza", slug="gobernanza")
    for page in (tree.home, tree.courses):
        written_apart(page, locales["pt"], page.title, f"{page.slug}-pt")
    client.force_login(editor)

    response = client.post(
        f"/admin/localize/submit/page/{course.pk}/", {"locales": [locales["pt"].pk]}, follow=True
    )

    assert response.status_code == 200
    portuguese = Page.objects.get(translation_key=course.translation_key, locale=locales["pt"])
    # Not published in Spanish under a Portuguese address: a coordinator publishes it once translated.
    assert not portuguese.live
    assert status(translation_of(course, "pt")) == "Waiting for translations"
