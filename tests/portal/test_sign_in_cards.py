"""A member without e-mail signs in with their card: login name and code once, then a password of their own
before anything else; the code never works again. Everyone else still signs in with their e-mail."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from portal import member_accounts, sign_in_cards
from portal.models import Membership, SignInCard, User
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "cafe-de-altura-2026"


@pytest.fixture
def card(db):
    """Rosa's account, made by her cooperative's manager, and the code of her card."""
    organisation = factories.OrganisationFactory(name="Cooperativa La Esperanza", country="NI")
    manager = factories.MembershipFactory(organisation=organisation, manages=True).user
    membership, card, code = member_accounts.member_account_create(
        organisation=organisation,
        full_name="Rosa Díaz",
        login_name="+50588887777",
        language="es",
        role=Membership.Role.MEMBER,
        by=manager,
    )
    return card, code


def address(name: str, language: str = "es") -> str:
    with override(language):
        return reverse(f"portal:{name}")


def open_card(client, login: str, code: str, language: str = "es"):
    return client.post(address("card_sign_in", language), {"login": login, "code": code})


def choose_password(client, password: str = PASSWORD, again: str | None = None, language: str = "es"):
    return client.post(
        address("card_password", language), {"password1": password, "password2": again or password}
    )


def test_the_card_signs_in_once_and_the_member_chooses_a_password(client, card):
    card, code = card
    # The login name as the member may type it, the code in small letters without its hyphen.
    response = open_card(client, "+505 8888-7777", code.lower())
    assert response.status_code == 302 and response.url == address("card_password")
    assert client.get(reverse("courses:my_learning")).status_code == 302  # not signed in before a password

    page = client.get(response.url).content.decode()
    assert "Rosa Díaz" in page and "+505 8888 7777" in page
    refused = choose_password(client, "50588887777")  # like the login name, and only digits
    assert refused.status_code == 200
    assert "demasiado similar a la de nombre de acceso" in refused.content.decode()
    assert "completamente numérica" in refused.content.decode()
    assert not User.objects.get(pk=card.user_id).has_usable_password()

    done = choose_password(client)
    assert done.status_code == 302 and done.url == reverse("courses:my_learning")
    assert client.get(done.url).wsgi_request.user.pk == card.user_id
    card.refresh_from_db()
    assert card.used_at is not None

    client.logout()
    again = open_card(client, "+50588887777", code)
    assert again.status_code == 200
    assert "El código de esta tarjeta ya se usó" in again.content.decode()
    assert client.post(address("card_password"), {"password1": "x", "password2": "x"}).status_code == 302

    # From now on: allauth's sign-in with the login name (typed any way) and the password.
    signed_in = client.post("/es/accounts/login/", {"login": "505 8888 7777", "password": PASSWORD})
    assert signed_in.status_code == 302
    assert client.get("/es/account/").wsgi_request.user.pk == card.user_id
    assert mail.outbox == []


def test_an_expired_code_says_so_in_the_members_language(client, card):
    card, code = card
    SignInCard.objects.filter(pk=card.pk).update(expires_at=timezone.now() - datetime.timedelta(hours=1))
    spanish = open_card(client, "+50588887777", code).content.decode()
    assert "El código de esta tarjeta venció el" in spanish
    assert "Pida una tarjeta nueva al responsable de su organización" in spanish
    portuguese = open_card(client, "+50588887777", code, "pt").content.decode()
    assert "O código deste cartão venceu em" in portuguese


def test_a_replaced_card_no_longer_opens(client, card):
    card, code = card
    membership = card.user.memberships.get()
    manager = Membership.objects.get(organisation=membership.organisation, manages=True).user
    new_card, new_code = member_accounts.sign_in_card_issue(membership=membership, by=manager)
    assert "fue reemplazada por una más reciente" in open_card(client, "+50588887777", code).content.decode()
    assert open_card(client, "+50588887777", new_code).status_code == 302


def test_a_wrong_code_or_an_unknown_name_says_the_same_and_keeps_what_was_typed(client, card):
    card, code = card
    wrong_code = open_card(client, "+50588887777", "AAAA-AAAA").content.decode()
    unknown = open_card(client, "+50599990000", code).content.decode()
    for page in (wrong_code, unknown):
        assert "El nombre de usuario o el código no son correctos" in page
    assert 'value="AAAA-AAAA"' in wrong_code and 'value="+50599990000"' in unknown


def test_guessing_codes_is_stopped_after_a_few_tries(client, card):
    card, code = card
    for _attempt in range(5):
        open_card(client, "+50588887777", "AAAA-AAAA")
    stopped = open_card(client, "+50588887777", code)
    assert stopped.status_code == 200 and "Demasiados intentos" in stopped.content.decode()


def test_the_password_step_needs_a_card_opened_a_moment_ago(client, card):
    card, code = card
    assert client.get(address("card_password")).url == address("card_sign_in")
    open_card(client, "+50588887777", code)
    session = client.session
    opened = session["opened_sign_in_card"]
    session["opened_sign_in_card"] = {
        **opened,
        "until": (timezone.now() - datetime.timedelta(seconds=1)).isoformat(),
    }
    session.save()
    assert choose_password(client).url == address("card_sign_in")
    card.refresh_from_db()
    assert card.used_at is None  # a member who took too long keeps a working card


def test_the_qr_code_fills_in_the_login_name(client, card):
    page = client.get(address("card_sign_in"), {"login": "+50588887777"}).content.decode()
    assert 'value="+50588887777"' in page


def test_e_mail_sign_in_and_sign_up_are_unchanged_for_everyone_else(client):
    user = factories.UserFactory(email="ana@coop.example")
    assert (
        client.post("/es/accounts/login/", {"login": "Ana@Coop.example", "password": factories.PASSWORD}).url
        == "/es/"
    )
    client.logout()
    new = {"password1": PASSWORD, "password2": PASSWORD, "full_name": "Luis Rojas", "language": "es"}
    client.post("/es/accounts/signup/", {"email": "luis@coop.example", **new})
    luis = User.objects.get(email="luis@coop.example")
    assert luis.login_name is None and not luis.vouched  # sign-up is by e-mail, and makes no login name
    assert [message.to for message in mail.outbox] == [["luis@coop.example"]]  # the confirmation
    assert user.login_name is None


def test_the_login_page_leads_to_the_card(client):
    page = client.get("/es/accounts/login/").content.decode()
    assert address("card_sign_in") in page and "Correo electrónico, nombre de usuario o celular" in page


def test_a_card_for_someone_who_has_an_address_cannot_be_made(card):
    card, code = card
    member = factories.MembershipFactory(organisation=card.user.memberships.get().organisation)
    manager = Membership.objects.get(manages=True).user
    with pytest.raises(ValidationError, match="cuya cuenta no tiene correo electrónico"), override("es"):
        member_accounts.sign_in_card_issue(membership=member, by=manager)
    assert not SignInCard.objects.filter(user=member.user).exists()
    assert sign_in_cards.card_holders(member.organisation).get().user == card.user
