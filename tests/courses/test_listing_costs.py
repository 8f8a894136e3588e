"""A signed-in member's catalogue, library and search, kept in each process's memory under the page cache's
generation (courses/catalogue/search.py, and the filter menus, counts and page links as template fragments): a
warm page costs the same few queries whatever the catalogue holds, and still shows at once what was published,
the reader's own words and filters, and their own locks."""

import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.search.backends import get_search_backend

from courses.catalogue import search as listings
from courses.models import AccessLevel, MaterialPage
from portal.speed import known_routes as routing
from portal.speed import page_cache

from .. import factories

SEARCH = "/es/search/"


def titles(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'class="card-title"><a href="[^"]*">([^<]*)</a>', response.content.decode())


def add_materials(tree, count, *, start=0, **fields):
    for number in range(start, start + count):
        page = factories.MaterialPageFactory(
            parent=tree.materials, title=f"Ficha de cacao {number:02}", **fields
        )
        factories.add_file(page)
        get_search_backend().add(page)


def add_courses(tree, count, *, start=0):
    for number in range(start, start + count):
        factories.CoursePageFactory(
            parent=tree.courses, title=f"Curso de cacao {number:02}", access_level=AccessLevel.MEMBERS
        )


def warm_queries(client, url) -> int:
    client.get(url)  # the route, the listing's page and its cards are remembered
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_a_warm_members_listing_costs_the_same_queries_with_3_and_30_items(client, tree, member):
    client.force_login(member)
    urls = [tree.materials.url, tree.courses.url, f"{SEARCH}?q=cacao"]
    add_materials(tree, 3)
    add_courses(tree, 3)
    page_cache.new_generation()
    small = {url: warm_queries(client, url) for url in urls}

    add_materials(tree, 27, start=3, access_level=AccessLevel.MEMBERS)
    add_courses(tree, 27, start=3)
    page_cache.new_generation()
    large = {url: warm_queries(client, url) for url in urls}

    assert large == small
    assert max(small.values()) <= 3  # the session's user, the policy's facts, the live items' ids


@pytest.mark.django_db
def test_the_count_and_page_links_follow_a_publication_at_once(client, tree, member):
    add_materials(tree, 12)
    client.force_login(member)
    html = client.get(tree.materials.url).content.decode()
    assert "12 materiales" in html or "12 materials" in html
    assert 'rel="next"' not in html

    new = factories.MaterialPageFactory(parent=tree.materials, title="Ficha de cacao nueva", live=False)
    factories.add_file(new)
    new.save_revision().publish()

    html = client.get(tree.materials.url).content.decode()
    assert "13 materiales" in html or "13 materials" in html
    assert 'rel="next"' in html
    assert titles(client.get(tree.materials.url, {"page": 2})) == ["Ficha de cacao nueva"]


@pytest.mark.django_db
def test_each_reader_sees_their_own_words_filters_and_page(client, tree, member):
    add_materials(tree, 12)
    add_courses(tree, 1)
    client.force_login(member)
    client.get(SEARCH, {"q": "cacao"})  # the form and the page links of this address are now kept

    other = client.get(SEARCH, {"q": "cacao", "type": "course"}).content.decode()
    assert 'value="cacao"' in other and '<option value="course" selected>' in other
    assert titles(client.get(SEARCH, {"q": "cacao", "type": "course"})) == ["Curso de cacao 00"]
    second = client.get(SEARCH, {"q": "cacao", "page": 2})
    assert second.context["page_obj"].number == 2
    assert 'rel="prev" href="?q=cacao&amp;page=1"' in second.content.decode()

    spanish = client.get(tree.materials.url, {"language": "es"}).content.decode()
    assert '<option value="es" selected>' in spanish
    assert (
        "selected"
        not in client.get(tree.materials.url)
        .content.decode()
        .split('name="language"')[1]
        .split("</select>")[0]
    )


@pytest.mark.django_db
def test_a_member_and_a_visitor_see_their_own_locks_on_the_same_kept_page(client, tree, member):
    add_materials(tree, 2, access_level=AccessLevel.MEMBERS)
    visitor = factories.UserFactory()
    for _round in range(2):  # the second round reads every page from the process's memory
        client.force_login(member)
        assert "badge locked" not in client.get(tree.materials.url).content.decode()
        client.force_login(visitor)
        assert client.get(tree.materials.url).content.decode().count("badge locked") == 2


@pytest.mark.django_db
def test_a_warm_listing_is_still_served_when_the_shared_cache_goes_down(client, tree, member):
    add_materials(tree, 3)
    client.force_login(member)
    for url in (tree.materials.url, f"{SEARCH}?q=cacao"):
        client.get(url)
    # taken offline without a new generation: nothing kept in memory may show it once the generation is
    # unknown (the shared cache down), nor while it is known (the live ids are read every time)
    MaterialPage.objects.filter(title="Ficha de cacao 00").update(live=False)
    # as the resilient Redis backend answers while Redis is down (portal/speed/cache.py): misses, nothing kept
    unreachable = mock.Mock(
        **{
            "get.return_value": None,
            "get_many.return_value": {},
            "add.return_value": False,
            "set.return_value": None,
        }
    )
    with (
        mock.patch.object(routing, "cache", unreachable),
        mock.patch.object(page_cache, "cache", unreachable),
        mock.patch.object(listings, "cache", unreachable),
    ):
        library = client.get(tree.materials.url)
        search = client.get(SEARCH, {"q": "cacao"})

    assert titles(library) == ["Ficha de cacao 01", "Ficha de cacao 02"]
    assert sorted(titles(search)) == ["Ficha de cacao 01", "Ficha de cacao 02"]  # by relevance on PostgreSQL
