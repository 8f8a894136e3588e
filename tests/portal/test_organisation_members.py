"""The members' list of "My organisation" (name, role, since, last sign-in; search; pages of 50), what it
costs in queries as an organisation grows, and ending a membership."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses.access import policy as access
from portal.models import Membership, Organisation, User
from tests import factories

from .members_kit import managed_cooperative, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperative():
    return managed_cooperative()


def add_members(organisation, count: int, *, start: int = 0) -> None:
    """`count` confirmed members at once (bulk: the 2,000-member organisation takes a second)."""
    users = User.objects.bulk_create(
        User(email=f"socio{number:05d}@coop.example", full_name=f"Socio {number:05d}")
        for number in range(start, start + count)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=organisation, verified=True) for user in users
    )


def test_the_manager_sees_each_member_with_role_since_and_last_sign_in(client, cooperative):
    organisation, manager = cooperative
    ana = factories.MembershipFactory(
        organisation=organisation,
        role=Membership.Role.BOARD,
        user__full_name="Ana Condori",
        user__email="ana@coop.example",
        user__last_login=timezone.make_aware(datetime.datetime(2026, 11, 3, 9, 0)),
        created_at=timezone.make_aware(datetime.datetime(2025, 4, 1, 9, 0)),
    )
    factories.MembershipFactory(organisation=organisation, user__full_name="Luis Nunca")
    factories.MembershipFactory(organisation=organisation, user__full_name="Waiting Person", verified=False)
    factories.MembershipFactory(
        organisation=organisation, user__full_name="Former Member", ended_at=timezone.localdate()
    )
    factories.MembershipFactory(user__full_name="Someone Elsewhere")
    client.force_login(manager.user)
    page = client.get(url("organisation_members", organisation.pk)).content.decode()
    assert "Ana Condori" in page and "ana@coop.example" in page and "Consejo directivo" in page
    assert "01/04/2025" in page and "03/11/2026" in page  # member since, last sign-in
    assert "Luis Nunca" in page and "Nunca" in page  # never signed in
    assert "Marta Quispe" in page and "Responsable" in page
    assert "Waiting Person" not in page and "Former Member" not in page and "Someone Elsewhere" not in page
    assert "3 miembros" in page
    assert "último inicio de sesión es la última vez" in page.lower()
    assert url("organisation_member_end", organisation.pk, ana.pk) in page
    assert url("organisation_member_end", organisation.pk, manager.pk) not in page  # not their own


def test_members_are_found_by_name_or_address_and_listed_fifty_a_page(client, cooperative):
    organisation, manager = cooperative
    add_members(organisation, 60)
    factories.MembershipFactory(
        organisation=organisation, user__full_name="Rosa Mamani", user__email="rm@x.example"
    )
    factories.MembershipFactory(
        organisation=organisation, user__full_name="Pedro", user__email="rosa.p@x.example"
    )
    client.force_login(manager.user)
    members = url("organisation_members", organisation.pk)
    found = client.get(members, {"q": "rosa"}).content.decode()
    assert "Rosa Mamani" in found and "rosa.p@x.example" in found and "Socio" not in found
    assert "2 miembros encontrados para «rosa»" in found
    first = client.get(members).content.decode()
    assert first.count('class="member-name"') == 50 and "Página 1 de 2" in first
    second = client.get(members, {"page": 2}).content.decode()
    assert second.count('class="member-name"') == 13  # 60 + 2 + the manager
    assert "Socio 00059" in second and "Socio 00000" in first


@pytest.mark.parametrize("page", ["organisation_members", "organisation_invitations"])
def test_a_page_costs_the_same_queries_at_20_and_2000_members(client, cooperative, page):
    organisation, manager = cooperative
    client.force_login(manager.user)
    address = url(page, organisation.pk)

    def queries_with(total: int) -> int:
        have = Membership.objects.filter(organisation=organisation).count()
        add_members(organisation, total - have, start=have)
        factories.InvitationFactory.create_batch(total // 20, organisation=organisation)
        client.get(address)  # the session and the compiled facts are warm, as for any later page
        with CaptureQueriesContext(connection) as queries:
            response = client.get(
                address, {"q": "socio", "page": 2} if page == "organisation_members" else {}
            )
        assert response.status_code == 200
        return len(queries)

    small = queries_with(20)
    assert queries_with(2_000) == small
    assert small <= 12


def test_ending_a_membership_asks_first_then_closes_member_items_at_once(
    client, cooperative, members_material
):
    organisation, manager = cooperative
    membership = factories.MembershipFactory(organisation=organisation, user__full_name="Ana Condori")
    assert access.check(User.objects.get(pk=membership.user_id), members_material).allowed
    client.force_login(manager.user)
    end = url("organisation_member_end", organisation.pk, membership.pk)
    question = client.get(end).content.decode()
    assert "Desde hoy, Ana Condori deja de ser miembro" in question
    assert Membership.objects.active().filter(pk=membership.pk).exists()  # asking changed nothing

    response = client.post(end)
    assert response.status_code == 302 and response.url == url("organisation_members", organisation.pk)
    membership.refresh_from_db()
    assert membership.ended_at == timezone.localdate()
    assert not Membership.objects.active().filter(pk=membership.pk).exists()
    assert not access.check(User.objects.get(pk=membership.user_id), members_material).allowed
    listing = client.get(url("organisation_members", organisation.pk)).content.decode()
    assert "Ana Condori ya no es miembro de Cooperativa Café Sierra Nevada." in listing
    assert "<strong>Ana Condori</strong>" not in listing and "<strong>Marta Quispe</strong>" in listing
    assert ModelLogEntry.objects.filter(action="portal.membership.end", user=manager.user).exists()
    assert client.post(end).status_code == 404  # already ended


def test_a_manager_cannot_end_their_own_membership_nor_another_managers(client, cooperative):
    organisation, manager = cooperative
    other_manager = factories.MembershipFactory(organisation=organisation, manages=True)
    client.force_login(manager.user)
    for membership, words in ((manager, "no puede darse de baja"), (other_manager, "solo la coordinación")):
        end = url("organisation_member_end", organisation.pk, membership.pk)
        assert words in client.get(end).content.decode()
        assert client.post(end).status_code == 400
        assert Membership.objects.active().filter(pk=membership.pk, manages=True).exists()


def test_a_coordinator_ends_a_managers_membership_and_the_managing_with_it(client, cooperative, coordinator):
    organisation, manager = cooperative
    client.force_login(coordinator)
    end = url("organisation_member_end", organisation.pk, manager.pk)
    assert "también deja de serlo" in client.get(end).content.decode()
    assert client.post(end).status_code == 302
    manager.refresh_from_db()
    assert not manager.manages and manager.ended_at == timezone.localdate()
    client.force_login(manager.user)
    assert client.get(url("organisation_members", organisation.pk)).status_code == 404


def test_a_lapsed_organisations_members_are_not_listed_to_a_coordinator(client, coordinator):
    organisation = factories.OrganisationFactory(status=Organisation.Status.LAPSED)
    factories.MembershipFactory(organisation=organisation, user__full_name="Ana Condori")
    client.force_login(coordinator)
    page = client.get(url("organisation_members", organisation.pk)).content.decode()
    assert "Ana Condori" not in page and "todavía no tiene miembros confirmados" in page
