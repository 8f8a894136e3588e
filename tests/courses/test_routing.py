"""Known routes skip Wagtail's tree walk, and never outlive a change: unpublishing, renaming or moving a page
is seen by the next request; Wagtail's own page privacy still applies once someone uses it."""

import pytest
from wagtail.models import PageViewRestriction

from .. import factories


@pytest.mark.django_db
def test_an_unpublished_page_is_gone_at_once_even_when_its_route_was_known(client, public_material, member):
    client.force_login(member)
    assert client.get(public_material.url).status_code == 200
    assert client.get(public_material.url).status_code == 200  # served through the known route

    public_material.unpublish()

    assert client.get("/es/materiales/" + public_material.slug + "/").status_code == 404


@pytest.mark.django_db
def test_a_renamed_page_answers_at_its_new_address_only(client, public_material, member):
    client.force_login(member)
    old = public_material.url
    client.get(old)
    client.get(old)

    public_material.slug = "guia-nueva"
    public_material.save_revision().publish()

    assert client.get(old).status_code == 404
    assert client.get("/es/materiales/guia-nueva/").status_code == 200


@pytest.mark.django_db
def test_a_moved_page_answers_at_its_new_address_and_the_old_one_redirects(client, tree, member):
    course = factories.CoursePageFactory(parent=tree.courses, slug="curso")
    lesson = factories.LessonPageFactory(parent=course, slug="leccion")
    other = factories.CoursePageFactory(parent=tree.courses, slug="otro")
    client.force_login(member)
    client.get(lesson.url)
    client.get(lesson.url)

    lesson.move(other, pos="last-child")

    old = client.get("/es/cursos/curso/leccion/")
    assert old.status_code == 301 and old["Location"] == "/es/cursos/otro/leccion/"
    assert client.get("/es/cursos/otro/leccion/").status_code == 200


@pytest.mark.django_db
def test_wagtail_page_privacy_applies_again_once_a_restriction_exists(client, public_material):
    client.get(public_material.url)
    PageViewRestriction.objects.create(page=public_material, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(public_material.url)

    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db
def test_a_restriction_applies_to_a_signed_in_reader_whose_route_was_known(client, public_material, member):
    """The flag "no restriction exists" is read with the route: a restriction added later still applies."""
    from django.contrib.auth.models import Group

    client.force_login(member)
    client.get(public_material.url)
    assert client.get(public_material.url).status_code == 200  # served through the known route

    restriction = PageViewRestriction.objects.create(
        page=public_material, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Editors of the partner"))

    response = client.get(public_material.url)
    assert response.status_code == 302 and "/login/" in response["Location"]
