"""A manager creates the account of a member without e-mail (a user name or a phone number), prints their
sign-in card and, when it is lost, a new one. Only the organisation's managers and the coordinators may."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from wagtail.models import ModelLogEntry

from portal import sign_in_cards
from portal.models import Membership, SignInCard, User
from tests import factories

pytestmark = pytest.mark.django_db

NEW_MEMBER = {"full_name": "Rosa Amalia Díaz", "login_name": "8888 7777", "language": "es", "role": "member"}


@pytest.fixture
def cooperative():
    return factories.OrganisationFactory(name="Cooperativa Café Sierra Nevada", country="NI")


@pytest.fixture
def manager(cooperative):
    return factories.MembershipFactory(organisation=cooperative, manages=True).user


def url(name, organisation, *args):
    with override("es"):
        return reverse(f"portal:{name}", args=[organisation.pk, *args])


def printed_code(response) -> str:
    return re.search(r'class="sign-in-card-code">([A-Z0-9-]+)<', response.content.decode())[1]


def create(client, organisation, **changes):
    return client.post(url("organisation_new_member", organisation), {**NEW_MEMBER, **changes})


def test_a_manager_creates_a_member_without_e_mail_and_prints_the_card(client, manager, cooperative):
    client.force_login(manager)
    home = client.get(url("organisation_home", cooperative)).content.decode()
    assert url("organisation_new_member", cooperative) in home

    response = create(client, cooperative)
    member = User.objects.get(login_name="+50588887777")  # the cooperative's country code added
    membership = member.memberships.get()
    assert response.status_code == 302
    assert response.url == url("organisation_member_card", cooperative, membership.pk)
    assert member.email is None and member.vouched and not member.has_usable_password()
    assert member.full_name == "Rosa Amalia Díaz" and member.language == "es"
    assert membership.organisation == cooperative and membership.role == Membership.Role.MEMBER
    assert Membership.objects.active().filter(pk=membership.pk).exists()  # a confirmed member at once

    card_page = client.get(response.url)
    page = card_page.content.decode()
    code = printed_code(card_page)
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}", code)
    assert "+505 8888 7777" in page and "Rosa Amalia Díaz" in page
    assert "no-store" in card_page["Cache-Control"]
    card = SignInCard.objects.get(user=member)
    assert code.replace("-", "") not in card.code_hash  # only its hash is kept
    assert card.code_hash == sign_in_cards.code_hash(member.pk, code.replace("-", ""))
    # The QR code opens the sign-in page with the login name filled in.
    with override("es"):
        sign_in = f"http://testserver{reverse('portal:card_sign_in')}?login=%2B50588887777"
    assert sign_in_cards.qr_svg(sign_in) in page
    assert ModelLogEntry.objects.filter(
        action="portal.membership.create_without_email", user=manager, object_id=str(membership.pk)
    ).exists()
    assert mail.outbox == []


def test_the_card_speaks_the_members_language(client, manager, cooperative):
    client.force_login(manager)
    response = create(client, cooperative, login_name="joao.silva", language="pt", full_name="João Silva")
    page = client.get(response.url).content.decode()
    card = page[page.index('class="sign-in-card"') :]
    assert 'lang="pt"' in card and "Seu código de uso único" in card
    assert "Su código de un solo uso" not in card
    assert "Tarjeta de acceso" in page  # the page around it stays in the manager's language


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"login_name": "8888 777"}, "no es un número de celular válido"),
        ({"login_name": "juan@coop.example"}, "Escriba un nombre de usuario"),
        ({"full_name": ""}, "Este campo es obligatorio"),
    ],
)
def test_bad_input_says_why_and_keeps_what_was_typed(client, manager, cooperative, changes, says):
    client.force_login(manager)
    response = create(client, cooperative, **{**changes, "full_name": changes.get("full_name", "Rosa Díaz")})
    page = response.content.decode()
    assert response.status_code == 200 and says in page
    typed = {**NEW_MEMBER, "full_name": "Rosa Díaz", **changes}
    for value in (typed["full_name"], typed["login_name"]):
        assert f'value="{value}"' in page or not value
    assert not User.objects.filter(vouched=True).exists()


def test_a_login_name_already_taken_is_refused(client, manager, cooperative):
    client.force_login(manager)
    create(client, cooperative, login_name="rosa.diaz")
    response = create(client, cooperative, login_name="Rosa.Díaz", full_name="Otra Rosa")
    assert "rosa.diaz ya está en uso" in response.content.decode()
    assert User.objects.filter(login_name="rosa.diaz").count() == 1


def test_the_code_is_shown_in_the_managers_session_only(client, manager, cooperative):
    client.force_login(manager)
    card_url = create(client, cooperative).url
    assert printed_code(client.get(card_url))
    other_session = factories.MembershipFactory(organisation=cooperative, manages=True).user
    client.force_login(other_session)
    page = client.get(card_url).content.decode()
    assert "sign-in-card-code" not in page and "Hacer una tarjeta nueva" in page


def test_a_new_card_replaces_the_old_code_at_once(client, manager, cooperative):
    client.force_login(manager)
    card_url = create(client, cooperative).url
    first = SignInCard.objects.get()
    response = client.post(card_url)
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.replaced_at is not None
    second = SignInCard.objects.open().get()
    new_code = printed_code(client.get(card_url)).replace("-", "")
    assert second.code_hash == sign_in_cards.code_hash(second.user_id, new_code)
    assert ModelLogEntry.objects.filter(action="portal.membership.sign_in_card").count() == 1


def test_several_new_cards_print_together_four_to_a_sheet(client, manager, cooperative):
    client.force_login(manager)
    for number in range(5):
        create(client, cooperative, login_name=f"socio.{number}", full_name=f"Socio {number}")
    sheet = client.get(url("organisation_new_cards", cooperative)).content.decode()
    assert sheet.count('class="sign-in-card"') == 5
    assert all(f"Socio {number}" in sheet for number in range(5))


def test_cards_are_only_for_accounts_without_e_mail_of_the_organisation(client, manager, cooperative):
    """A manager cannot take over a member's e-mail account, nor anyone's of another organisation, with a
    card."""
    with_email = factories.MembershipFactory(organisation=cooperative)
    elsewhere = factories.MembershipFactory(
        user=factories.UserFactory(email=None, login_name="otro.socio", vouched=True, verified=False)
    )
    client.force_login(manager)
    for membership in (with_email, elsewhere):
        card_url = url("organisation_member_card", cooperative, membership.pk)
        assert client.get(card_url).status_code == 404
        assert client.post(card_url).status_code == 404
    assert not SignInCard.objects.exists()


def stop_managing(membership):
    Membership.objects.filter(pk=membership.pk).update(ended_at=timezone.localdate())


@pytest.mark.parametrize("who", ["other-manager", "former-manager", "plain-member", "visitor"])
def test_only_the_organisations_managers_and_coordinators_create_accounts_and_cards(
    client, cooperative, manager, coordinator, who
):
    client.force_login(manager)
    card_url = create(client, cooperative, login_name="rosa.diaz").url
    client.logout()
    if who == "other-manager":
        client.force_login(factories.MembershipFactory(manages=True).user)
    elif who == "former-manager":
        stop_managing(manager.memberships.get())
        client.force_login(manager)
    elif who == "plain-member":
        client.force_login(factories.MembershipFactory(organisation=cooperative).user)
    refused = 302 if who == "visitor" else 404  # a visitor is asked to sign in; the others learn nothing
    for address in (url("organisation_new_member", cooperative), url("organisation_new_cards", cooperative)):
        assert client.get(address).status_code == refused
    assert client.get(card_url).status_code == refused
    assert create(client, cooperative, login_name="intruso").status_code == refused
    assert client.post(card_url).status_code == refused
    assert not User.objects.filter(login_name="intruso").exists()
    assert SignInCard.objects.count() == 1  # the manager's first card, and no other

    client.force_login(coordinator)  # a coordinator may, for every organisation
    assert client.get(url("organisation_new_member", cooperative)).status_code == 200
    assert create(client, cooperative, login_name="por.coordinacion").status_code == 302
    assert client.post(card_url).status_code == 302
    assert SignInCard.objects.open().count() == 2
