"""Editors and the coordinators who review them preview pages that are not published yet: a draft lesson, a
draft course with draft lessons, a draft material, an unpublished page. Every preview shows the draft as it
will look (never an error), and nothing of a draft is kept for readers (portal/speed/page_cache.py)."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from .. import factories


@pytest.fixture
def course(tree):
    course = factories.CoursePageFactory(parent=tree.courses, title="Comercio justo básico")
    factories.LessonPageFactory(parent=course, title="Qué es el comercio justo")
    return course


def draft_lesson(
    course, editor, title="Precio mínimo y prima", text="<p>La prima se decide en asamblea.</p>"
):
    lesson = factories.LessonPageFactory(parent=course, title=title, live=False, body=[("text", text)])
    lesson.save_revision(user=editor)
    return lesson


def lesson_form(title: str, text: str) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": "",
            "duration_minutes": "20",
            "body": streamfield([("text", rich_text(text))]),
        }
    )


def preview_on_edit(client, page, data) -> str:
    """What the editor's preview panel shows: the form as it stands is posted, then the preview is read."""
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
    assert client.post(url, data).json()["is_valid"]
    response = client.get(url, {"in_preview_panel": "true"})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_editor_previews_a_new_lesson_saved_as_a_draft(client, course, editor):
    lesson = draft_lesson(course, editor)
    client.force_login(editor)

    draft = client.get(reverse("wagtailadmin_pages:view_draft", args=(lesson.pk,)))
    panel = preview_on_edit(client, lesson, lesson_form("Precio mínimo", "<p>Se cambia en el panel.</p>"))

    assert draft.status_code == 200
    html = draft.content.decode()
    assert "La prima se decide en asamblea." in html and "Lección 2 de 2" in html
    assert "Qué es el comercio justo" in html  # the way back to the lesson before it
    assert "Se cambia en el panel." in panel and "Precio mínimo" in panel


@pytest.mark.django_db
def test_the_editor_previews_a_lesson_not_saved_yet(client, course, editor):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:preview_on_add", args=("courses", "lessonpage", course.pk))

    assert client.post(url, lesson_form("Lección nueva", "<p>Todavía sin guardar.</p>")).json()["is_valid"]
    response = client.get(url, {"in_preview_panel": "true"})

    assert response.status_code == 200
    assert "Todavía sin guardar." in response.content.decode()


@pytest.mark.django_db
def test_the_coordinator_previews_a_draft_lesson_in_review_before_approving_it(
    client, course, editor, coordinator
):
    lesson = draft_lesson(course, editor)
    lesson.get_workflow().start(lesson, editor)
    task = lesson.current_workflow_task
    client.force_login(coordinator)

    in_review = client.get(reverse("wagtailadmin_pages:workflow_preview", args=(lesson.pk, task.pk)))
    revision = client.get(
        reverse("wagtailadmin_pages:revisions_view", args=(lesson.pk, lesson.latest_revision_id))
    )

    for response in (in_review, revision):
        assert response.status_code == 200
        assert "La prima se decide en asamblea." in response.content.decode()


@pytest.mark.django_db
def test_a_draft_course_is_previewed_with_its_draft_lessons(client, tree, editor):
    course = factories.CoursePageFactory(parent=tree.courses, title="Curso nuevo", live=False)
    course.save_revision(user=editor)
    first = draft_lesson(course, editor, title="Primera lección", text="<p>Uno.</p>")
    draft_lesson(course, editor, title="Segunda lección", text="<p>Dos.</p>")
    client.force_login(editor)

    course_preview = client.get(reverse("wagtailadmin_pages:view_draft", args=(course.pk,)))
    lesson_preview = client.get(reverse("wagtailadmin_pages:view_draft", args=(first.pk,)))

    assert course_preview.status_code == 200 and lesson_preview.status_code == 200
    html = course_preview.content.decode()
    assert "Curso nuevo" in html and "Primera lección" in html and "Segunda lección" in html
    assert html.count("(aún sin publicar)") == 2, "the reviewer sees which lessons wait for publishing"
    lesson_html = lesson_preview.content.decode()
    assert "Uno." in lesson_html and "Lección 1 de 2" in lesson_html and "Segunda lección" in lesson_html


@pytest.mark.django_db
def test_a_draft_material_and_an_unpublished_lesson_are_previewed(client, tree, course, editor):
    material = factories.MaterialPageFactory(
        parent=tree.materials, title="Guía de la prima", description="<p>Borrador de la guía.</p>", live=False
    )
    factories.add_file(material, "guia-prima.pdf")
    material.save_revision(user=editor)
    unpublished = factories.LessonPageFactory(
        parent=course, title="Lección retirada", body=[("text", "<p>Retirada por ahora.</p>")]
    )
    unpublished.unpublish()
    client.force_login(editor)

    for page, text in ((material, "Borrador de la guía."), (unpublished, "Retirada por ahora.")):
        response = client.get(reverse("wagtailadmin_pages:view_draft", args=(page.pk,)))
        assert response.status_code == 200
        assert text in response.content.decode()


@pytest.mark.django_db
def test_readers_never_get_what_a_preview_showed(client, course, editor):
    """A preview's outline (with the draft lessons) is neither served from nor left in what the portal keeps
    for readers: the published course and its lesson read the same before and after."""
    published_lesson = Page.objects.get(title="Qué es el comercio justo").specific
    reader = factories.UserFactory()
    client.force_login(reader)
    before = (client.get(course.url).content.decode(), client.get(published_lesson.url).content.decode())
    assert "Lección 1 de 1" in before[1]

    lesson = draft_lesson(course, editor)
    client.force_login(editor)
    assert client.get(reverse("wagtailadmin_pages:view_draft", args=(lesson.pk,))).status_code == 200
    assert (
        "Precio mínimo y prima"
        in client.get(reverse("wagtailadmin_pages:view_draft", args=(course.pk,))).content.decode()
    )

    client.force_login(reader)
    course_html, lesson_html = (
        client.get(course.url).content.decode(),
        client.get(published_lesson.url).content.decode(),
    )
    assert "Precio mínimo y prima" not in course_html and "Precio mínimo y prima" not in lesson_html
    assert "Lección 1 de 1" in lesson_html
    client.logout()
    assert "Precio mínimo y prima" not in client.get(course.url).content.decode()


@pytest.mark.django_db
def test_the_preview_panel_may_show_the_preview_in_its_frame_and_published_pages_stay_unframeable(
    client, tree, course, editor
):
    """The admin shows the preview in a frame of its own address: the public site's policy (no frame at all,
    `frame-ancestors 'none'`) must let the preview into that frame, or the panel says "refused to connect"."""
    lesson = draft_lesson(course, editor)
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(lesson.pk,))
    client.post(url, lesson_form("Precio mínimo", "<p>Texto.</p>"))

    lesson_panel = client.get(url, {"in_preview_panel": "true"})
    catalogue = client.get(reverse("wagtailadmin_pages:view_draft", args=(tree.courses.pk,)))

    for response in (lesson_panel, catalogue):
        assert response.status_code == 200
        assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert lesson_panel["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'none'" in client.get(course.url)["Content-Security-Policy"]
