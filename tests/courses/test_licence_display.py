"""Licence and attribution wherever an item appears: its page, its course's lessons, cards and search results,
and the lesson block that points to a material. Labels follow the licence in force."""

import pytest
from django.utils.html import escape
from wagtail.search.backends import get_search_backend

from courses.licensing import changes as licensing_changes
from courses.models import AccessLevel

from .. import factories

NOTICE = 'rel="license"'


@pytest.fixture
def credited(tree):
    """A material and a course, each with a licence and contributors."""
    university = factories.ContributorFactory(name="Universidad Agraria del Pacífico")
    fund = factories.ContributorFactory(name="Fondo Solidario")
    material = factories.MaterialPageFactory(
        parent=tree.materials, title="Registro de trazabilidad", licence=factories.shipped("CC-BY-4.0")
    )
    factories.add_file(material)
    factories.credit(material, university)
    factories.credit(material, fund, role="funder")
    course = factories.CoursePageFactory(
        parent=tree.courses, title="Gobernanza cooperativa", licence=factories.shipped("CC-BY-SA-4.0")
    )
    factories.credit(course, university)
    for page in (material, course):
        get_search_backend().add(page)
    return {"material": material, "course": course}


def attribution(item):
    return escape(type(item).objects.get(pk=item.pk).attribution)


@pytest.mark.django_db
def test_a_material_page_shows_its_licence_linked_and_its_attribution(client, credited):
    material = credited["material"]

    html = client.get(material.url).content.decode()

    assert '<a class="badge licence" href="https://creativecommons.org/licenses/by/4.0/"' in html
    assert ">Creative Commons Atribución 4.0 Internacional</a>" in html  # the Spanish page, Spanish name
    assert attribution(material) in html and "Universidad Agraria del Pacífico" in attribution(material)
    assert "Fondo Solidario" not in attribution(material), "funders are listed, not credited as authors"
    assert "Fondo Solidario" in html


@pytest.mark.django_db
def test_a_course_and_its_lessons_show_the_courses_licence(client, credited):
    course = credited["course"]
    lesson = factories.LessonPageFactory(parent=course)

    for url in (course.url, lesson.url):
        html = client.get(url).content.decode()
        assert "CC BY-SA 4.0</a>" in html and attribution(course) in html, url


@pytest.mark.django_db
def test_search_results_and_the_library_show_licence_badges(client, tree, credited):
    search = client.get("/es/search/", {"q": "trazabilidad"}).content.decode()
    library = client.get(tree.materials.url).content.decode()
    catalogue = client.get(tree.courses.url).content.decode()

    assert "CC BY 4.0</a>" in search and attribution(credited["material"]) in search
    assert "CC BY 4.0</a>" in library
    assert "CC BY-SA 4.0</a>" in catalogue and attribution(credited["course"]) in catalogue


@pytest.mark.django_db
def test_a_lesson_block_pointing_to_a_material_carries_its_attribution(client, credited):
    course = factories.CoursePageFactory(parent=credited["course"].get_parent(), title="Otro curso")
    lesson = factories.LessonPageFactory(
        parent=course, body=[("material", {"material": credited["material"], "note": "Léelo"})]
    )

    html = client.get(lesson.url).content.decode()

    assert 'class="block-material"' in html
    block = html[html.index('class="block-material"') :]
    assert "CC BY 4.0</a>" in block and attribution(credited["material"]) in block


@pytest.mark.django_db
def test_the_access_badge_shows_the_level_the_licence_leaves(client, tree):
    licence = factories.LicenceFactory(label="Convenio", widest_level=AccessLevel.PUBLIC)
    material = factories.MaterialPageFactory(parent=tree.materials, licence=licence)
    assert "access-public" in client.get(material.url).content.decode()

    licensing_changes.licence_new_version(
        licence=licence, changes={"widest_level": AccessLevel.MEMBERS}, by=None
    )

    html = client.get(material.url).content.decode()
    assert "access-members" in html and "access-public" not in html


@pytest.mark.django_db
def test_an_item_without_a_licence_shows_no_notice(client, public_material):
    assert NOTICE not in client.get(public_material.url).content.decode()


@pytest.mark.django_db
def test_licences_and_credits_cost_the_same_queries_with_a_bigger_catalogue(client, tree, credited, member):
    from .test_query_counts import queries_for

    lesson = factories.LessonPageFactory(
        parent=credited["course"], body=[("material", {"material": credited["material"], "note": ""})]
    )
    client.force_login(member)
    urls = [tree.home.url, tree.courses.url, tree.materials.url, "/es/search/?q=curso", lesson.url]
    small = {url: queries_for(client, url) for url in urls}

    fund = factories.ContributorFactory(name="Fondo Solidario de prueba")
    for number in range(6):
        material = factories.MaterialPageFactory(
            parent=tree.materials, licence=factories.shipped("CC-BY-NC-4.0")
        )
        course = factories.CoursePageFactory(
            parent=tree.courses, title=f"Curso {number}", licence=factories.shipped("FONDO-SOLIDARIO-2024")
        )
        factories.credit(material, fund)
        factories.credit(course, fund)
        get_search_backend().add(course)
    lesson.body = [("material", {"material": page, "note": ""}) for page in tree.materials.get_children()]
    lesson.save_revision().publish()

    assert {url: queries_for(client, url) for url in urls} == small
