"""Course, lesson and material pages as learners see them."""

import pytest
from django.core.exceptions import ValidationError

from courses.models import AccessLevel, CoursePage, LessonPage, MaterialPage

from .. import factories


@pytest.fixture
def course(tree):
    course = factories.CoursePageFactory(
        parent=tree.courses,
        title="Gobernanza cooperativa",
        audience="Juntas directivas",
        learning_outcomes=[("outcome", "Preparar una asamblea general")],
    )
    for title in ("La asamblea general", "Los estatutos", "El consejo de vigilancia"):
        factories.LessonPageFactory(
            parent=course, title=title, body=[("text", f"<p>Texto sobre {title}.</p>")]
        )
    return course


@pytest.mark.django_db
def test_course_page_shows_the_overview_and_lessons_in_order(client, course):
    html = client.get(course.url).content.decode()
    assert "Gobernanza cooperativa" in html and "Juntas directivas" in html
    assert "Preparar una asamblea general" in html
    assert (
        html.index("La asamblea general")
        < html.index("Los estatutos")
        < html.index("El consejo de vigilancia")
    )


@pytest.mark.django_db
def test_lesson_links_to_the_previous_and_next_lesson(client, course):
    first, second, third = LessonPage.objects.child_of(course)
    html = client.get(second.url).content.decode()
    assert f'rel="prev" href="{first.url}"' in html
    assert f'rel="next" class="button" href="{third.url}"' in html
    assert "Texto sobre Los estatutos." in html


@pytest.mark.django_db
def test_a_locked_course_shows_its_summary_and_next_step_but_not_its_lessons_bodies(client, course):
    course.access_level = AccessLevel.MEMBERS
    course.save_revision().publish()
    lesson = LessonPage.objects.child_of(course).first()

    course_html = client.get(course.url).content.decode()
    lesson_response = client.get(lesson.url)

    assert "Gobernanza cooperativa" in course_html and 'class="lock-notice"' in course_html
    assert lesson_response.status_code == 200
    assert "Texto sobre La asamblea general." not in lesson_response.content.decode()
    assert "no-store" in lesson_response["Cache-Control"]


@pytest.mark.django_db
def test_material_page_lists_each_file_with_type_and_size(client, public_material):
    html = client.get(public_material.url).content.decode()
    assert "Guía completa" in html and "PDF" in html
    assert public_material.files.get().get_download_url() in html


@pytest.mark.django_db
def test_a_public_page_for_a_visitor_may_be_cached_but_not_for_a_signed_in_user(
    client, user, public_material
):
    assert "no-store" not in client.get(public_material.url).get("Cache-Control", "")
    client.force_login(user)
    assert "no-store" in client.get(public_material.url)["Cache-Control"]


@pytest.mark.django_db
def test_a_price_is_refused_below_the_authorised_level(tree):
    material = MaterialPage(title="Manual", description="<p>x</p>", access_level=AccessLevel.PUBLIC, price=10)
    with pytest.raises(ValidationError) as error:
        material.full_clean()
    assert "price" in error.value.message_dict


@pytest.mark.django_db
def test_the_page_tree_is_strict(tree):
    assert not CoursePage.can_create_at(tree.materials)
    assert not MaterialPage.can_create_at(tree.courses)
    assert LessonPage.allowed_parent_page_models() == [CoursePage]
    assert MaterialPage.allowed_subpage_models() == []
