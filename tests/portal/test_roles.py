"""Editors write and submit; learning coordinators review and publish (Wagtail moderation workflow)."""

import pytest
from wagtail.models import Page

from .. import factories


@pytest.mark.django_db
def test_editors_may_edit_but_not_publish_and_coordinators_may_publish(tree, editor, coordinator):
    course = factories.CoursePageFactory(parent=tree.courses)
    assert course.permissions_for_user(editor).can_edit()
    assert not course.permissions_for_user(editor).can_publish()
    assert course.permissions_for_user(coordinator).can_publish()
    assert editor.has_perm("wagtailadmin.access_admin") and coordinator.has_perm("portal.change_organisation")
    assert not editor.has_perm("portal.change_organisation")


@pytest.mark.django_db
def test_a_lesson_goes_from_draft_to_review_to_published(tree, editor, coordinator):
    course = factories.CoursePageFactory(parent=tree.courses)
    lesson = factories.LessonPageFactory(parent=course, title="Borrador", live=False)
    lesson.save_revision(user=editor)

    workflow = lesson.get_workflow()
    assert workflow.name == "Editorial review"
    workflow.start(lesson, editor)
    task = lesson.current_workflow_task
    task_state = lesson.current_workflow_task_state
    assert lesson.workflow_in_progress
    assert task.get_actions(lesson, editor) == []
    assert "approve" in [name for name, _label, _needs_comment in task.get_actions(lesson, coordinator)]

    task.on_action(task_state, coordinator, "approve")

    assert Page.objects.get(pk=lesson.pk).live


@pytest.mark.django_db
def test_an_editor_previews_a_members_only_lesson_in_full(client, tree, editor):
    from django.urls import reverse

    from courses.models import AccessLevel

    course = factories.CoursePageFactory(parent=tree.courses, access_level=AccessLevel.MEMBERS)
    lesson = factories.LessonPageFactory(parent=course, body=[("text", "<p>Solo para socios.</p>")])
    client.force_login(editor)

    public_view = client.get(lesson.url).content.decode()
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=(lesson.pk,))).content.decode()

    assert "Solo para socios." not in public_view
    assert "Solo para socios." in preview


@pytest.mark.django_db
def test_a_preview_shows_the_draft_and_readers_keep_the_published_page(client, tree, editor):
    """Signed-in pages keep the parts every reader shares (courses/page_cache.shared_fragments): a preview
    must neither be served those of the published page nor leave the draft's for readers."""
    from django.urls import reverse

    course = factories.CoursePageFactory(parent=tree.courses, title="Curso publicado")
    lesson = factories.LessonPageFactory(parent=course, title="Lección publicada")
    client.force_login(editor)
    for page in (course, lesson):
        assert "publicad" in client.get(page.url).content.decode()  # the published parts are kept now

    for page, draft_title in ((course, "Curso en borrador"), (lesson, "Lección en borrador")):
        page.title = draft_title
        page.save_revision(user=editor)
    course_preview = client.get(reverse("wagtailadmin_pages:view_draft", args=(course.pk,))).content.decode()
    lesson_preview = client.get(reverse("wagtailadmin_pages:view_draft", args=(lesson.pk,))).content.decode()
    assert "Curso en borrador" in course_preview and "Curso publicado" not in course_preview
    assert "Lección en borrador" in lesson_preview

    assert "Curso en borrador" not in client.get(course.url).content.decode()
    assert "borrador" not in client.get(lesson.url).content.decode()
