"""Invitations by e-mail: the manager invites one person (in the language chosen for them); the link signs
them up (the address filled in and verified by the invitation) or links the account they sign in with; the
membership is confirmed at once. Invitations expire, can be sent again or cancelled, and an address is
never invited twice while its invitation is open."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from portal.models import Invitation, Membership, User
from tests import factories

from .members_kit import managed_cooperative, url

pytestmark = pytest.mark.django_db
PASSWORD = "Cafe-de-altura-2026"


@pytest.fixture
def cooperative():
    return managed_cooperative()


@pytest.fixture
def invite(client, cooperative, django_capture_on_commit_callbacks):
    """The manager, signed in, invites someone through the form; returns the response."""
    organisation, manager = cooperative
    client.force_login(manager.user)

    def invite(**fields):
        data = {"full_name": "Ana Condori", "email": "Ana@Coop.example", "role": "staff", "language": "es"}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url("organisation_invite", organisation.pk), data | fields)

    return invite


def link_in(message) -> str:
    return re.search(r"http://testserver(/\S+/invitation/\S+/)", message.body).group(1)


@pytest.mark.parametrize(
    "language, words",
    [
        ("es", ["Hola, Ana Condori:", "Marta Quispe lo invita a unirse a Cooperativa Café Sierra Nevada"]),
        (
            "pt",
            ["Olá, Ana Condori,", "Marta Quispe convida você a participar de Cooperativa Café Sierra Nevada"],
        ),
    ],
)
def test_the_invited_person_gets_a_link_in_the_language_chosen_for_them(invite, cooperative, language, words):
    response = invite(language=language)
    assert response.status_code == 302 and response.url == url("organisation_invitations", cooperative[0].pk)
    invitation = Invitation.objects.get()
    assert invitation.email == "ana@coop.example" and invitation.role == "staff" and invitation.sent_at
    assert invitation.expires_at - timezone.now() > datetime.timedelta(days=13, hours=23)
    (message,) = mail.outbox
    assert message.to == ["ana@coop.example"]
    assert all(word in message.body for word in words)
    assert link_in(message) == f"/{language}/invitation/{invitation.key}/"


def test_the_pending_invitations_are_listed_and_an_address_is_never_invited_twice(
    client, invite, cooperative
):
    organisation, _manager = cooperative
    invite()
    again = invite(email="ana@coop.example ", full_name="Ana C.")
    assert again.status_code == 200 and "todavía no respondió" in again.content.decode()
    assert "Ana C." in again.content.decode()  # what was typed stays in the form
    factories.MembershipFactory(organisation=organisation, user__email="luis@coop.example")
    member = invite(email="LUIS@coop.example")
    assert "luis@coop.example ya es miembro" in member.content.decode()
    assert Invitation.objects.count() == 1 and len(mail.outbox) == 1
    pending = client.get(url("organisation_invitations", organisation.pk)).content.decode()
    assert "Ana Condori" in pending and "ana@coop.example" in pending and "1 invitación pendiente" in pending
    # The e-mail's language starts as the one the manager reads the portal in.
    form = client.get(url("organisation_invite", organisation.pk, language="pt")).content.decode()
    assert '<option value="pt" selected>' in form


def test_an_invitation_is_sent_again_with_fourteen_more_days_or_cancelled(
    client, invite, cooperative, django_capture_on_commit_callbacks
):
    organisation, _manager = cooperative
    invite()
    invitation = Invitation.objects.get()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    pending = client.get(url("organisation_invitations", organisation.pk)).content.decode()
    assert "Vencida" in pending
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("organisation_invitation_resend", organisation.pk, invitation.pk))
    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + datetime.timedelta(days=13)
    assert [message.to for message in mail.outbox] == [["ana@coop.example"]]
    assert link_in(mail.outbox[0]).endswith(f"/invitation/{invitation.key}/")  # the same link works again
    assert "Vencida" not in client.get(url("organisation_invitations", organisation.pk)).content.decode()

    client.post(url("organisation_invitation_cancel", organisation.pk, invitation.pk))
    invitation.refresh_from_db()
    assert invitation.cancelled_at is not None
    page = client.get(f"/es/invitation/{invitation.key}/")
    assert page.status_code == 404 and "no es válida" in page.content.decode()
    assert invite().status_code == 302  # once cancelled, the address may be invited again
    assert Invitation.objects.open().count() == 1


def test_an_expired_invitation_is_renewed_by_inviting_the_address_again(invite):
    invite()
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(hours=1))
    response = invite(full_name="Ana María Condori", language="pt")
    assert response.status_code == 302
    (invitation,) = Invitation.objects.all()
    assert not invitation.has_expired and invitation.full_name == "Ana María Condori"
    assert "Olá, Ana María Condori," in mail.outbox[-1].body


def test_accepting_signs_the_person_up_with_the_address_already_verified(
    client, invite, cooperative, members_material
):
    organisation, _manager = cooperative
    invite(language="pt")
    link = link_in(mail.outbox[0])
    mail.outbox.clear()
    client.logout()
    page = client.get(link).content.decode()
    assert "Marta Quispe convida você" in page and "Criar sua conta" in page
    signup = client.get("/pt/accounts/signup/").content.decode()
    assert 'value="ana@coop.example"' in signup and 'value="Ana Condori"' in signup
    response = client.post(
        f"/pt/accounts/signup/?next={link}",
        {"email": "ana@coop.example", "password1": PASSWORD, "password2": PASSWORD}
        | {"full_name": "Ana Condori", "language": "pt"},
    )
    assert response.status_code == 302
    ana = User.objects.get(email="ana@coop.example")
    assert client.get("/pt/account/").wsgi_request.user == ana  # signed in, no confirmation e-mail needed
    assert mail.outbox == []
    assert EmailAddress.objects.get(user=ana).verified
    membership = Membership.objects.active().get(user=ana, organisation=organisation)
    assert membership.role == "staff"
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == ana and invitation.accepted_at
    assert "Você é membro de Cooperativa Café Sierra Nevada" in client.get(link).content.decode()


def test_someone_with_an_account_is_linked_when_they_sign_in(client, invite, cooperative):
    organisation, _manager = cooperative
    luis = factories.UserFactory(email="luis@coop.example")
    factories.MembershipFactory(
        user=luis, organisation=organisation, verified=False
    )  # waiting for a coordinator
    invite(email="luis@coop.example")
    client.logout()
    link = link_in(mail.outbox[0])
    assert "Usted ya tiene una cuenta" in client.get(link).content.decode()
    response = client.post(
        f"/es/accounts/login/?next={link}", {"login": "luis@coop.example", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert Membership.objects.active().filter(user=luis, organisation=organisation, role="staff").exists()
    assert Invitation.objects.get().accepted_by == luis


def test_someone_signed_in_accepts_with_a_button_but_only_with_the_invited_address(
    client, invite, cooperative
):
    organisation, _manager = cooperative
    invite(email="luis@coop.example")
    link = link_in(mail.outbox[0])
    stranger = factories.UserFactory(email="stranger@else.example")
    client.force_login(stranger)
    page = client.get(link).content.decode()
    assert "Esta invitación es para luis@coop.example" in page
    client.post(link)
    assert not Membership.objects.filter(user=stranger).exists()

    luis = factories.UserFactory(email="luis@coop.example")
    client.force_login(luis)
    assert "Unirme a Cooperativa Café Sierra Nevada" in client.get(link).content.decode()
    assert client.get(link).status_code == 200 and not Membership.objects.filter(user=luis).exists()  # a GET
    response = client.post(link)
    assert response.status_code == 302 and response.url == "/es/account/"
    assert Membership.objects.active().filter(user=luis, organisation=organisation).exists()


def test_an_expired_link_says_so_and_joins_nobody(client, invite):
    invite(email="luis@coop.example")
    link = link_in(mail.outbox[0])
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    luis = factories.UserFactory(email="luis@coop.example")
    client.force_login(luis)
    assert "venció" in client.get(link).content.decode()
    client.post(link)
    assert not Membership.objects.filter(user=luis).exists()
