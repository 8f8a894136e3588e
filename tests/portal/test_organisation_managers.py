"""Organisation managers: named by a coordinator (or at a member's request), they run their own
organisation's training from the public site, and lose it at once when they stop being one."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from wagtail.models import ModelLogEntry

from portal.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperative():
    return factories.OrganisationFactory(name="Cooperativa Café Sierra Nevada")


@pytest.fixture
def manager_membership(cooperative):
    return factories.MembershipFactory(organisation=cooperative, manages=True)


def home_of(organisation):
    with override("es"):
        return reverse("portal:organisation_home", args=[organisation.pk])


def test_a_manager_opens_their_organisation_from_the_header(client, manager_membership, cooperative):
    client.force_login(manager_membership.user)
    page = client.get("/es/account/").content.decode()
    assert 'href="/es/organisation/"' in page and "Mi organización" in page
    response = client.get("/es/organisation/")
    assert response.status_code == 302 and response.url == home_of(cooperative)
    home = client.get(home_of(cooperative))
    assert home.status_code == 200
    assert "Cooperativa Café Sierra Nevada" in home.content.decode()
    assert "no-store" in home["Cache-Control"]


def test_a_member_who_does_not_manage_sees_neither_the_link_nor_the_pages(client, cooperative):
    member = factories.MembershipFactory(organisation=cooperative).user
    client.force_login(member)
    assert "Mi organización" not in client.get("/es/account/").content.decode()
    assert client.get("/es/organisation/").status_code == 404
    assert client.get(home_of(cooperative)).status_code == 404


def test_a_manager_cannot_open_another_organisation(client, manager_membership):
    other = factories.OrganisationFactory(name="Asociación de Mieleros del Sur")
    client.force_login(manager_membership.user)
    assert client.get(home_of(other)).status_code == 404


@pytest.mark.parametrize(
    "stop",
    [
        lambda m: Membership.objects.filter(pk=m.pk).update(manages=False),
        lambda m: Membership.objects.filter(pk=m.pk).update(ended_at=timezone.localdate()),
        lambda m: type(m.organisation).objects.filter(pk=m.organisation_id).update(status="lapsed"),
    ],
    ids=["no-longer-named", "membership-ended", "organisation-lapsed"],
)
def test_a_former_manager_loses_the_organisation_at_once(client, manager_membership, cooperative, stop):
    client.force_login(manager_membership.user)
    assert client.get(home_of(cooperative)).status_code == 200
    stop(manager_membership)
    assert client.get(home_of(cooperative)).status_code == 404
    assert "Mi organización" not in client.get("/es/account/").content.decode()


def test_a_coordinator_opens_any_organisation(client, coordinator, cooperative):
    client.force_login(coordinator)
    assert client.get(home_of(cooperative)).status_code == 200
    listing = client.get("/es/organisation/").content.decode()
    assert "Cooperativa Café Sierra Nevada" in listing


def test_a_member_asks_and_a_coordinator_names_them_in_the_admin(client, coordinator, cooperative):
    membership = factories.MembershipFactory(organisation=cooperative)
    not_asking = factories.MembershipFactory(organisation=cooperative)
    client.force_login(membership.user)
    response = client.post(reverse("portal:manager_request", args=[membership.pk]))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.manager_requested_at is not None and not membership.manages

    client.force_login(coordinator)
    asking = client.get(reverse("memberships:index"), {"asks_to_manage": "true"}).content.decode()
    assert membership.user.email in asking and not_asking.user.email not in asking
    name_url = reverse("memberships:manager_name", args=[membership.pk])
    assert name_url in asking  # the button is on the row of a member who asked
    assert client.post(name_url).status_code == 302
    membership.refresh_from_db()
    assert membership.manages and membership.manager_requested_at is None
    entry = ModelLogEntry.objects.get(action="portal.membership.manager_name")
    assert entry.user == coordinator

    client.force_login(membership.user)
    assert client.get(home_of(cooperative)).status_code == 200


def test_a_coordinator_ends_a_manager(client, coordinator, manager_membership, cooperative):
    client.force_login(coordinator)
    assert client.post(reverse("memberships:manager_end", args=[manager_membership.pk])).status_code == 302
    client.force_login(manager_membership.user)
    assert client.get(home_of(cooperative)).status_code == 404


def test_only_a_confirmed_member_can_be_named(client, coordinator, cooperative):
    waiting = factories.MembershipFactory(organisation=cooperative, verified=False)
    client.force_login(coordinator)
    response = client.post(reverse("memberships:manager_name", args=[waiting.pk]))
    assert response.status_code == 200
    assert "Solo un miembro confirmado" in response.content.decode()
    waiting.refresh_from_db()
    assert not waiting.manages


def test_someone_else_cannot_ask_for_a_members_membership(client, cooperative):
    membership = factories.MembershipFactory(organisation=cooperative)
    intruder = factories.UserFactory()
    client.force_login(intruder)
    assert client.post(reverse("portal:manager_request", args=[membership.pk])).status_code == 404
    membership.refresh_from_db()
    assert membership.manager_requested_at is None
