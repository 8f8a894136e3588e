"""Page addresses are plain ASCII (`rendicion-de-cuentas`, not `rendici%C3%B3n-de-cuentas`), which read
well wherever they are shared; an address already in use is never changed behind the editor's back."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.demo import content
from portal.roles import EDITORS

from .. import factories


@pytest.fixture
def editor_client(client, db):
    user = factories.UserFactory()
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return client


def lesson_form(title: str, slug: str = "") -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "duration_minutes": "15",
            "body": streamfield([("text", rich_text("<p>Informe anual a la asamblea.</p>"))]),
        }
    )


@pytest.mark.django_db
def test_a_page_created_without_an_address_gets_a_plain_one_from_its_title(editor_client, tree):
    course = factories.CoursePageFactory(parent=tree.courses)
    add_url = reverse("wagtailadmin_pages:add", args=("courses", "lessonpage", course.pk))

    form = editor_client.get(add_url).content.decode()
    response = editor_client.post(add_url, lesson_form("Rendición de cuentas y ñandú"))

    # The admin's own slugify (the w-slug controller) keeps to ASCII unless told to allow Unicode.
    assert 'data-controller="w-slug"' in form and "data-w-slug-allow-unicode-value" not in form
    assert response.status_code == 302
    lesson = Page.objects.get(title="Rendición de cuentas y ñandú")
    assert lesson.slug == "rendicion-de-cuentas-y-nandu"
    assert lesson.url_path.endswith("/rendicion-de-cuentas-y-nandu/")


@pytest.mark.django_db
def test_an_address_typed_with_accents_is_kept_without_them(editor_client, tree):
    course = factories.CoursePageFactory(parent=tree.courses)
    add_url = reverse("wagtailadmin_pages:add", args=("courses", "lessonpage", course.pk))

    response = editor_client.post(add_url, lesson_form("Participación", slug="participación-de-las-socias"))

    assert response.status_code == 302
    assert Page.objects.get(title="Participación").slug == "participacion-de-las-socias"


@pytest.mark.django_db
def test_an_existing_address_with_accents_is_not_changed_when_the_page_is_edited(editor_client, tree):
    course = factories.CoursePageFactory(parent=tree.courses)
    lesson = factories.LessonPageFactory(parent=course, title="Gestión", slug="gestión")

    response = editor_client.post(
        reverse("wagtailadmin_pages:edit", args=(lesson.pk,)), lesson_form("Gestión anual", slug="gestión")
    )

    assert response.status_code == 302
    assert Page.objects.get(pk=lesson.pk).get_latest_revision_as_object().slug == "gestión"


def demo_slugs(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "slug":
                yield item
            else:
                yield from demo_slugs(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from demo_slugs(item)


def test_every_address_of_the_demo_content_is_plain_ascii():
    slugs = list(demo_slugs([value for name, value in vars(content).items() if name.isupper()]))

    assert len(slugs) > 30
    assert [slug for slug in slugs if not slug.isascii()] == []
