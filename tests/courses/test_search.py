"""Searching courses and materials, with filters and pages."""

import pytest
from wagtail.search.backends import get_search_backend

from courses.models import AccessLevel

from .. import factories


@pytest.fixture
def catalogue(tree):
    coffee = factories.MaterialPageFactory(
        parent=tree.materials,
        title="Calidad del café de exportación",
        language="es",
        description="<p>Catación y control de calidad para cooperativas cafetaleras.</p>",
    )
    coffee.tags.add("calidad")
    coffee.save_revision().publish()
    cocoa = factories.MaterialPageFactory(
        parent=tree.materials,
        title="Cocoa quality handbook",
        language="en",
        description="<p>Fermentation and drying of cocoa beans.</p>",
    )
    gender = factories.CoursePageFactory(
        parent=tree.courses,
        title="Equidad de género en la cooperativa",
        summary="Participación de mujeres.",
        access_level=AccessLevel.MEMBERS,
    )
    draft = factories.MaterialPageFactory(parent=tree.materials, title="Borrador sobre café", live=False)
    backend = get_search_backend()
    for page in (coffee, cocoa, gender, draft):
        backend.add(page)
    return {"coffee": coffee, "cocoa": cocoa, "gender": gender, "draft": draft}


def titles(response):
    return [item.title for item, _decision in response.context["items"]]


@pytest.mark.django_db
def test_words_find_live_courses_and_materials_only(client, catalogue):
    assert titles(client.get("/es/search/", {"q": "café"})) == ["Calidad del café de exportación"]
    assert titles(client.get("/es/search/", {"q": "género"})) == ["Equidad de género en la cooperativa"]


@pytest.mark.django_db
def test_filters_by_type_language_and_topic(client, catalogue):
    assert titles(client.get("/es/search/", {"type": "course"})) == ["Equidad de género en la cooperativa"]
    assert titles(client.get("/es/search/", {"language": "en"})) == ["Cocoa quality handbook"]
    assert titles(client.get("/es/search/", {"topic": "calidad"})) == ["Calidad del café de exportación"]
    assert titles(client.get("/es/search/", {"q": "quality", "language": "es"})) == []


@pytest.mark.django_db
def test_locked_results_show_title_and_lock_not_body(client, catalogue):
    response = client.get("/es/search/", {"q": "género"})
    ((item, decision),) = response.context["items"]
    assert not decision.allowed
    assert "badge locked" in response.content.decode()


@pytest.mark.django_db
def test_results_are_paginated_and_bad_page_numbers_fall_back(client, tree):
    for number in range(23):
        factories.MaterialPageFactory(parent=tree.materials, title=f"Ficha técnica {number:02d}")
    first = client.get("/es/search/")
    last = client.get("/es/search/", {"page": "3"})
    assert len(first.context["items"]) == 10 and first.context["page_obj"].paginator.count == 23
    assert len(last.context["items"]) == 3
    assert client.get("/es/search/", {"page": "abc"}).status_code == 200
    assert client.get("/es/search/", {"page": "999"}).context["page_obj"].number == 3


@pytest.mark.django_db
def test_unknown_filter_values_are_ignored(client, catalogue):
    response = client.get("/es/search/", {"type": "<script>", "language": "xx"})
    assert response.status_code == 200
    assert len(response.context["items"]) == 3


@pytest.mark.django_db
def test_search_queries_stay_constant_as_the_catalogue_grows(client, tree, django_assert_max_num_queries):
    factories.MaterialPageFactory(parent=tree.materials)
    with django_assert_max_num_queries(40) as small:
        client.get("/es/search/")
    for _ in range(30):
        factories.MaterialPageFactory(parent=tree.materials)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/es/search/")
