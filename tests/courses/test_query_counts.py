"""The access policy costs a constant number of queries per page, whatever the size of the catalogue."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.access import services
from courses.models import AccessLevel

from .. import factories


def queries_for(client, url):
    # Warm the caches as steady traffic does: the first request remembers the route (site root paths,
    # locales), the second keeps the page in the process's memory.
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def grow(tree, user, count):
    for number in range(count):
        material = factories.MaterialPageFactory(parent=tree.materials, access_level=AccessLevel.MEMBERS)
        factories.add_file(material)
        if number % 2:
            services.entitlement_grant(user=user, item=material, by=None)


@pytest.mark.django_db
def test_member_pages_cost_the_same_with_a_bigger_catalogue(client, tree, member):
    course = factories.CoursePageFactory(parent=tree.courses, access_level=AccessLevel.MEMBERS)
    lesson = factories.LessonPageFactory(parent=course)
    material = factories.MaterialPageFactory(parent=tree.materials, access_level=AccessLevel.MEMBERS)
    factories.add_file(material)
    client.force_login(member)
    urls = [course.url, lesson.url, material.url, tree.materials.url, "/es/search/?q=material"]
    small = {url: queries_for(client, url) for url in urls}

    grow(tree, member, 12)

    assert {url: queries_for(client, url) for url in urls} == small


@pytest.mark.django_db
def test_a_members_course_lesson_and_material_pages_cost_at_most_eight_queries(client, tree, member):
    """Session and user (2), the access policy's facts (2), the page itself (1), and what it shows."""
    course = factories.CoursePageFactory(parent=tree.courses, access_level=AccessLevel.MEMBERS)
    lesson = factories.LessonPageFactory(parent=course)
    material = factories.MaterialPageFactory(parent=tree.materials, access_level=AccessLevel.MEMBERS)
    factories.add_file(material)
    for item in (course, material):  # credits are read in one query, however many there are
        factories.credit(item, *(factories.ContributorFactory() for _ in range(3)))
    client.force_login(member)

    counts = {url: queries_for(client, url) for url in (course.url, lesson.url, material.url)}

    assert all(count <= 8 for count in counts.values()), counts


@pytest.mark.django_db
def test_a_learners_course_and_lesson_pages_with_progress_cost_at_most_eight_queries(client, tree, member):
    from .learning_kit import RIGHT, done_url, enrol_url, lessons_of, make_course, quiz_url

    course = make_course(tree.courses, access_level=AccessLevel.MEMBERS, lessons=4, quiz_in=(1, 2))
    first, second, *_rest = lessons_of(course)
    client.force_login(member)
    client.post(enrol_url(course))
    client.post(done_url(first))
    client.post(quiz_url(second), RIGHT)

    counts = {url: queries_for(client, url) for url in (course.url, first.url, second.url)}

    assert all(count <= 8 for count in counts.values()), counts


@pytest.mark.django_db
def test_a_members_material_page_is_one_query_and_lists_a_file_added_at_its_next_publication(
    client, tree, member
):
    """The page and its files are kept in memory until the page is published again; only the reader (with
    what the policy knows of them) is read on each view."""
    material = factories.MaterialPageFactory(parent=tree.materials, access_level=AccessLevel.MEMBERS)
    factories.add_file(material, title="Guía de campo")
    client.force_login(member)

    assert queries_for(client, material.url) == 1

    added = factories.add_file(material, name="anexo.pdf", title="Anexo de costos")
    material.save_revision().publish()

    html = client.get(material.url).content.decode()
    assert "Guía de campo" in html and "Anexo de costos" in html
    assert f"/download/{added.pk}/" in html


@pytest.mark.django_db
def test_a_members_home_page_lists_the_latest_items_from_what_is_kept(client, tree, member):
    """The home page a member lands on after signing in: its latest courses and materials are kept and their
    cards cached like a catalogue's, so a warm view reads only which of them are still live (one query per
    list), the reader's enrolments, and the user with the policy's facts."""
    for _ in range(3):
        factories.CoursePageFactory(parent=tree.courses, access_level=AccessLevel.MEMBERS)
        factories.credit(factories.MaterialPageFactory(parent=tree.materials), factories.ContributorFactory())
    client.force_login(member)

    assert queries_for(client, tree.home.url) <= 4
