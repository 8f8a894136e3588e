"""Sessions are read ahead with the route (portal/speed/sessions.py, portal/speed/known_routes.py): one round
trip to the cache for a signed-in page view, and the session behaves exactly as before."""

from unittest import mock

import pytest
from django.core.cache import cache


def cache_reads(client, url):
    """The cache's read calls (each one round trip to Redis in production) of a page view."""
    calls, inside = [], []

    def counting(name):
        original = getattr(cache, name)

        def counted(*args, **kwargs):
            if not inside:  # not the gets that the memory cache's get_many makes itself
                calls.append(name)
            inside.append(name)
            try:
                return original(*args, **kwargs)
            finally:
                inside.pop()

        return mock.patch.object(cache, name, counted)

    with counting("get"), counting("get_many"):
        response = client.get(url)
    assert response.status_code == 200
    return calls


@pytest.mark.django_db
def test_a_signed_in_page_view_reads_the_cache_once(client, public_material, member):
    client.force_login(member)
    client.get(public_material.url)
    client.get(public_material.url)  # the route is known, the page kept

    assert cache_reads(client, public_material.url) == ["get_many"]


@pytest.mark.django_db
def test_the_reader_stays_signed_in_and_what_the_session_holds_is_kept(client, public_material, member):
    client.force_login(member)
    session = client.session
    session["chosen"] = "guía"
    session.save()
    for _ in range(3):
        response = client.get(public_material.url)
        assert response.wsgi_request.user == member
        assert response.wsgi_request.session["chosen"] == "guía"


@pytest.mark.django_db
def test_a_session_missing_from_the_cache_is_read_from_the_database(client, public_material, member):
    client.force_login(member)
    client.get(public_material.url)
    cache.delete(client.session.cache_key)

    response = client.get(public_material.url)

    assert response.wsgi_request.user == member


@pytest.mark.django_db
def test_logging_out_ends_the_session_on_the_next_page(client, public_material, member):
    client.force_login(member)
    client.get(public_material.url)
    client.get(public_material.url)
    client.post("/es/accounts/logout/")

    assert not client.get(public_material.url).wsgi_request.user.is_authenticated
