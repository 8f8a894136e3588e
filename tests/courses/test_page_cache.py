"""Public pages are served from a shared cache to visitors without a session, never to anyone else, and
never stale after a publication or a licence change."""

import pytest
import redis
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.licensing import changes as licensing_changes
from courses.models import AccessLevel
from portal.speed import page_cache

from .. import factories
from ..conftest import take_redis_down


def cached(response) -> bool:
    return response.get(page_cache.HIT_HEADER) == "hit"


@pytest.mark.django_db
def test_a_visitor_gets_the_stored_page_without_touching_the_database(client, public_material):
    first = client.get(public_material.url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(public_material.url)

    assert not cached(first) and cached(second)
    assert second.content == first.content and second.status_code == 200
    assert len(queries) == 0
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert page_cache.MARKER not in first and page_cache.MARKER not in second


@pytest.mark.django_db
def test_listings_are_stored_too(client, tree, public_material):
    for url in (tree.home.url, tree.materials.url, "/es/search/?q=comercio"):
        client.get(url)
        assert cached(client.get(url)), url


@pytest.mark.django_db
def test_signed_in_users_never_get_or_leave_a_stored_page(client, public_material, member):
    client.get(public_material.url)  # stored for visitors
    client.force_login(member)

    response = client.get(public_material.url)

    assert not cached(response) and "/account/" in response.content.decode()
    client.logout()
    assert "/account/" not in client.get(public_material.url).content.decode().split("<main", 1)[0]


@pytest.mark.django_db
def test_a_gated_page_is_never_stored(client, members_material):
    client.get(members_material.url)
    assert not cached(client.get(members_material.url))


@pytest.mark.django_db
def test_a_visitor_with_a_pending_message_gets_the_page_rendered(client, members_material, public_material):
    client.get(public_material.url)
    client.get(members_material.files.get().get_download_url())  # refused: leaves a message for the next page

    response = client.get(public_material.url)

    assert not cached(response)


@pytest.mark.django_db
def test_publishing_a_change_is_seen_at_once(client, public_material):
    client.get(public_material.url)
    public_material.title = "Guía de comercio justo, segunda edición"
    public_material.save_revision().publish()

    response = client.get(public_material.url)

    assert not cached(response) and "segunda edición" in response.content.decode()


@pytest.mark.django_db
def test_a_licence_revised_to_members_only_closes_the_stored_page_at_once(client, tree):
    licence = factories.LicenceFactory()
    material = factories.MaterialPageFactory(parent=tree.materials, licence=licence, title="Guía abierta")
    factories.add_file(material)
    client.get(material.url)
    assert cached(client.get(material.url))

    licensing_changes.licence_new_version(
        licence=licence, changes={"widest_level": AccessLevel.MEMBERS}, by=None
    )

    response = client.get(material.url)
    assert not cached(response) and response.context["decision"].allowed is False


@pytest.mark.django_db
def test_the_site_still_serves_when_the_cache_is_down(client, public_material, settings):
    take_redis_down(settings)
    responses = [client.get(public_material.url) for _ in range(2)]
    assert [response.status_code for response in responses] == [200, 200]
    assert not any(cached(response) for response in responses)


@pytest.mark.django_db
@pytest.mark.xdist_group("redis-database-13")  # one test process at a time there (tests/portal/test_cache.py)
def test_pages_are_shared_through_redis_as_in_production(client, public_material, settings):
    """Against the Redis server on this machine (a separate database number), as app servers share it."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "portal.speed.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/13",
        },
    }
    server = redis.Redis(host="127.0.0.1", port=6379, db=13)
    server.flushdb()
    try:
        client.get(public_material.url)
        response = client.get(public_material.url)
        stored = server.keys("*page-cache*")
    finally:
        server.flushdb()
    assert cached(response) and stored


@pytest.mark.django_db
def test_a_topic_appears_in_the_filters_once_its_item_is_published(client, tree, public_material, member):
    client.force_login(member)
    assert '<option value="cosecha"' not in client.get(tree.materials.url).content.decode()
    material = factories.MaterialPageFactory(parent=tree.materials, title="Guía de cosecha", live=False)
    factories.add_file(material)
    material.tags.add("cosecha")
    material.save_revision().publish()

    assert '<option value="cosecha"' in client.get(tree.materials.url).content.decode()  # the topic menu
