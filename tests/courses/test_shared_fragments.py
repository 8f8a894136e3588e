"""Parts of signed-in pages that are the same for every reader are kept in each process's memory
(courses/page_cache.shared_fragments): readers must still see every publication at once, and never a part
rendered for a reader in another position (a lock, a download button)."""

import pytest

from portal.speed import page_cache

from .. import factories

pytestmark = pytest.mark.django_db


def publish_description(material, text):
    material.description = f"<p>{text}</p>"
    material.save_revision().publish()


def test_a_publication_reaches_signed_in_readers_at_once(client, members_material, member):
    client.force_login(member)
    publish_description(members_material, "Primera versión del plan.")
    assert "Primera versión del plan." in client.get(members_material.url).content.decode()

    publish_description(members_material, "Segunda versión del plan.")
    page = client.get(members_material.url).content.decode()

    assert "Segunda versión del plan." in page and "Primera versión" not in page


def test_each_reader_gets_the_parts_for_their_own_position(client, members_material, member):
    outsider = factories.UserFactory()  # verified, not a member: the material is locked for them
    download = members_material.files.first().get_download_url()

    client.force_login(member)
    first_member_view = client.get(members_material.url).content.decode()
    client.force_login(outsider)
    outsider_view = client.get(members_material.url).content.decode()
    client.force_login(member)
    second_member_view = client.get(members_material.url).content.decode()

    assert download in first_member_view and "badge locked" not in first_member_view
    assert download not in outsider_view and "badge locked" in outsider_view
    assert article(second_member_view) == article(first_member_view)


def article(page: str) -> str:
    return page[page.index("<article") : page.index("</article>")]


def test_nothing_is_kept_while_the_shared_cache_is_unreachable(client, members_material, member, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "portal.speed.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.25},
        },
    }
    client.force_login(member)
    publish_description(members_material, "Antes del corte.")
    assert "Antes del corte." in client.get(members_material.url).content.decode()

    # No generation can be renewed while the cache is down: only keeping nothing shows the change.
    publish_description(members_material, "Durante el corte.")

    assert "Durante el corte." in client.get(members_material.url).content.decode()


def test_a_cache_that_lost_its_generation_never_reuses_an_old_number(members_material):
    from django.core.cache import cache

    before = page_cache.generation()
    cache.clear()  # Redis restarted: it keeps nothing on disk
    after = page_cache.generation()

    assert before and after and after != before


def test_a_publication_renews_the_generation_again_once_committed(
    members_material, django_capture_on_commit_callbacks
):
    """A page read between the publication and its commit (the old rows) and kept under the generation of
    the publication would stay stale: the commit renews it once more."""
    with django_capture_on_commit_callbacks(execute=True):
        publish_description(members_material, "Versión en curso.")
        before_commit = page_cache.generation()

    assert page_cache.generation() != before_commit


def test_a_new_lesson_and_an_unpublished_page_show_at_once(client, tree, member):
    from .learning_kit import make_course

    course = make_course(tree.courses, lessons=1, quiz_in=())
    first_lesson = course.get_children().first()
    client.force_login(member)
    assert client.get(first_lesson.url).status_code == 200
    assert "Lección añadida" not in client.get(course.url).content.decode()

    added = factories.LessonPageFactory(parent=course, title="Lección añadida")
    added.save_revision().publish()  # as an editor publishes it
    page = client.get(course.url).content.decode()
    lesson_page = client.get(first_lesson.url).content.decode()

    assert "Lección añadida" in page and "Lección añadida" in lesson_page  # the list, and "next lesson"
    first_lesson.specific.unpublish()
    assert client.get(first_lesson.url).status_code == 404


def test_each_learner_sees_their_own_progress_on_the_kept_course_and_lesson_pages(client, tree):
    """The lesson list, the progress bar and the resume link are kept per point of the course: two learners
    at different points, one after the other, each see their own."""
    from courses.learning import services as learning

    from .learning_kit import lessons_of, make_course

    course = make_course(tree.courses, lessons=3, quiz_in=())
    first, second, third = lessons_of(course)
    ahead, behind = factories.MembershipFactory().user, factories.MembershipFactory().user
    for learner in (ahead, behind):
        learning.enrol(user=learner, course=course)
    learning.lesson_complete(user=ahead, lesson=first)
    learning.lesson_complete(user=ahead, lesson=second)

    def views(learner):
        client.force_login(learner)
        return client.get(course.url).content.decode(), client.get(third.url).content.decode()

    ahead_course, ahead_lesson = views(ahead)
    behind_course, behind_lesson = views(behind)
    learning.lesson_complete(user=behind, lesson=first)
    behind_later, _ = views(behind)

    assert ahead_course.count('class="done"') == 2 and "66%" in ahead_course
    assert ahead_lesson.count("66%") == 2
    assert f"{third.title}</a>" in resume_link(ahead_course)
    assert 'class="done"' not in behind_course and "0%" in behind_course and "66%" not in behind_lesson
    assert f"{first.title}</a>" in resume_link(behind_course)
    assert behind_later.count('class="done"') == 1 and "33%" in behind_later


def resume_link(page: str) -> str:
    return page.split('<p class="actions">')[1].split("</p>")[0]
