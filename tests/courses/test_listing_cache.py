"""Signed-in visitors' catalogues, library and search with their pages and cards kept in the cache
(courses/catalogue/search.py): a warm listing does not count or sort the catalogue again, and what each
visitor sees is still what the published pages and the access policy say, for them, at once."""

import datetime
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.search.backends import get_search_backend

from courses.access import services
from courses.catalogue import search as listings
from courses.models import AccessLevel
from portal.models import AccessRequest

from .. import factories

CARD = re.compile(r'<article class="card">.*?</article>', re.S)
TITLE = re.compile(r'class="card-title"><a href="[^"]*">([^<]*)</a>')
SEARCH = "/es/search/"


def cards(response) -> dict[str, str]:
    """{title: the card's HTML} of a listing page."""
    assert response.status_code == 200
    html = response.content.decode()
    return {TITLE.search(card).group(1): card for card in CARD.findall(html)}


def locked(response) -> set[str]:
    return {title for title, card in cards(response).items() if "badge locked" in card}


def count_shown(response) -> int:
    return response.context["page_obj"].paginator.count


def material(tree, title, *, publish=True, **fields):
    page = factories.MaterialPageFactory(parent=tree.materials, title=title, **fields)
    factories.add_file(page)
    if publish:  # as an editor publishes: a new generation of the catalogue
        page.save_revision().publish()
    get_search_backend().add(page)
    return page


def approved_external():
    user = factories.UserFactory()
    AccessRequest.objects.create(
        user=user,
        organisation="Fondo",
        country="PE",
        role="Analista",
        purpose="Formación",
        accepted_terms=True,
        status=AccessRequest.Status.APPROVED,
        expires_at=timezone.localdate() + datetime.timedelta(days=30),
    )
    return user


@pytest.fixture
def shelf(tree):
    """A public, a members-only and a priced (authorised level) material, and a members-only course."""
    return {
        "public": material(tree, "Guía abierta de calidad"),
        "members": material(tree, "Plan interno de calidad", access_level=AccessLevel.MEMBERS),
        "priced": material(
            tree, "Manual de calidad de pago", access_level=AccessLevel.AUTHORISED, price=Decimal("9.00")
        ),
        "course": factories.CoursePageFactory(
            parent=tree.courses, title="Curso interno de calidad", access_level=AccessLevel.MEMBERS
        ),
    }


def urls(tree):
    return [tree.materials.url, tree.courses.url, f"{SEARCH}?q=calidad"]


@pytest.mark.django_db
def test_a_warm_listing_neither_counts_nor_sorts_nor_ranks_the_catalogue_again(client, tree, shelf, member):
    client.force_login(member)
    for url in urls(tree):
        cold = client.get(url)
        with CaptureQueriesContext(connection) as warm_queries:
            warm = client.get(url)

        statements = [query["sql"] for query in warm_queries.captured_queries]
        assert not [sql for sql in statements if "COUNT(" in sql], url
        assert not [
            sql for sql in statements if '"title" ASC' in sql or "ts_rank" in sql or "MATCH" in sql
        ], url
        assert cards(warm) == cards(cold) and count_shown(warm) == count_shown(cold)


@pytest.mark.django_db
def test_a_member_sees_a_publication_and_an_unpublication_at_once(client, tree, shelf, member):
    client.force_login(member)
    for url in urls(tree):
        client.get(url)  # the listing and its cards are now in the cache

    new = material(tree, "Nueva ficha de calidad")
    library, search = client.get(tree.materials.url), client.get(SEARCH, {"q": "calidad"})
    assert "Nueva ficha de calidad" in cards(library) and count_shown(library) == 4
    assert "Nueva ficha de calidad" in cards(search) and count_shown(search) == 5

    shelf["public"].unpublish()
    library, search = client.get(tree.materials.url), client.get(SEARCH, {"q": "calidad"})
    assert "Guía abierta de calidad" not in cards(library) and count_shown(library) == 3
    assert "Guía abierta de calidad" not in cards(search) and count_shown(search) == 4
    assert new.title in cards(library)


@pytest.mark.django_db
def test_an_item_taken_offline_is_never_listed_even_before_the_cache_is_renewed(client, tree, shelf, member):
    """The ids of a listing's page may be kept; the items themselves are read live every time."""
    client.force_login(member)
    for url in urls(tree):
        client.get(url)
    type(shelf["members"]).objects.filter(pk=shelf["members"].pk).update(
        live=False
    )  # no signal, no new generation

    for url in urls(tree):
        assert "Plan interno de calidad" not in cards(client.get(url)), url


@pytest.mark.django_db
def test_each_viewer_sees_the_locks_of_their_own_access(client, tree, shelf, member):
    external, approved, buyer = factories.UserFactory(), approved_external(), approved_external()
    services.entitlement_grant(user=buyer, item=shelf["priced"], by=None)
    expected = {
        member: set(),
        external: {"Plan interno de calidad", "Manual de calidad de pago", "Curso interno de calidad"},
        approved: {"Plan interno de calidad", "Manual de calidad de pago", "Curso interno de calidad"},
        buyer: {"Plan interno de calidad", "Curso interno de calidad"},
    }
    for _round in range(2):  # the second round is served from cards the others' visits left in the cache
        for user, locks in expected.items():
            client.force_login(user)
            library, search = client.get(tree.materials.url), client.get(SEARCH, {"q": "calidad"})
            assert locked(library) == locks - {"Curso interno de calidad"}, user
            assert locked(search) == locks, user
            assert len(cards(search)) == 4

    # the approved external is told to buy the priced item; the other external to ask for authorisation
    client.force_login(approved)
    approved_card = cards(client.get(tree.materials.url))["Manual de calidad de pago"]
    client.force_login(external)
    external_card = cards(client.get(tree.materials.url))["Manual de calidad de pago"]
    assert approved_card != external_card


@pytest.mark.django_db
def test_shared_cards_carry_nothing_of_the_visitor_who_filled_the_cache(client, tree, shelf):
    first = factories.MembershipFactory(user__full_name="Ana Quispe Mamani").user
    second = factories.MembershipFactory().user
    client.force_login(first)
    for url in urls(tree):
        assert "Ana Quispe Mamani" in client.get(url).content.decode()  # in the header: the page is theirs

    client.force_login(second)
    for url in urls(tree):
        html = client.get(url).content.decode()
        assert "Ana Quispe Mamani" not in html and first.email not in html, url


@pytest.mark.django_db
def test_a_changed_licence_changes_the_badges_at_once(client, tree, member):
    licence = factories.LicenceFactory(widest_level=AccessLevel.PUBLIC)
    material(tree, "Guía bajo convenio", licence=licence)
    client.force_login(member)
    assert "access-public" in cards(client.get(tree.materials.url))["Guía bajo convenio"]

    licence.widest_level = AccessLevel.MEMBERS
    licence.save()

    assert "access-members" in cards(client.get(tree.materials.url))["Guía bajo convenio"]


@pytest.mark.django_db
def test_an_agreement_that_ends_at_midnight_changes_the_badges_the_next_day(client, tree, member):
    today = timezone.localdate()
    licence = factories.LicenceFactory(widest_level=AccessLevel.PUBLIC, agreement_ends=today)
    material(tree, "Guía de un convenio que termina", licence=licence)
    client.force_login(member)
    assert "access-public" in cards(client.get(tree.materials.url))["Guía de un convenio que termina"]

    with mock.patch("django.utils.timezone.localdate", return_value=today + datetime.timedelta(days=1)):
        card = cards(client.get(tree.materials.url))["Guía de un convenio que termina"]

    assert "access-members" in card


@pytest.mark.django_db
def test_listings_are_served_uncached_when_the_cache_is_down(client, tree, shelf, member):
    client.force_login(member)
    unreachable = mock.Mock(
        **{f"{method}.side_effect": ConnectionError for method in ("get", "set", "get_many", "set_many")}
    )
    with mock.patch.object(listings, "cache", unreachable):
        library = client.get(tree.materials.url)

    assert unreachable.get_many.called
    assert set(cards(library)) == {
        "Guía abierta de calidad",
        "Plan interno de calidad",
        "Manual de calidad de pago",
    }
    assert count_shown(library) == 3
