"""A signed-in request reads its user and the access policy's facts in one query
(courses/access/auth_backends.py), and signing in, out and being switched off behave as Django's own backends
do."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def reads_of_users(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in context.captured_queries if 'FROM "portal_user"' in query["sql"]]


@pytest.mark.django_db
def test_the_user_and_what_the_policy_knows_of_them_are_one_query(client, members_material, member):
    client.force_login(member)
    client.get(members_material.url)
    client.get(members_material.url)

    reads = reads_of_users(client, members_material.url)

    assert len(reads) == 1
    response = client.get(members_material.url)
    assert response.context["decision"].allowed  # the member's facts came with that one read


@pytest.mark.django_db
def test_a_switched_off_account_is_signed_out_at_its_next_request(client, public_material, member):
    client.force_login(member)
    assert client.get(public_material.url).wsgi_request.user.is_authenticated
    member.is_active = False
    member.save(update_fields=["is_active"])

    assert not client.get(public_material.url).wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_a_new_password_signs_out_the_other_sessions(client, public_material, member):
    client.force_login(member)
    assert client.get(public_material.url).wsgi_request.user.is_authenticated
    member.set_password("another-long-passphrase-2026")
    member.save()

    assert not client.get(public_material.url).wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_a_deleted_account_is_a_visitor_at_its_next_request(client, public_material, member):
    client.force_login(member)
    assert client.get(public_material.url).wsgi_request.user.is_authenticated
    member.delete()

    assert not client.get(public_material.url).wsgi_request.user.is_authenticated
