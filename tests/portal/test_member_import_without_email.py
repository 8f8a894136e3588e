"""Rows of a spreadsheet without an e-mail address but with a user name or a phone number: each makes the
account of a member without e-mail (the rules of making one by hand), the preview says so, importing the same
file again changes nothing, and the import's page prints their sign-in cards, with codes that work."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from portal import login_names, sign_in_cards
from portal.models import MemberImport, Membership, SignInCard, User
from tests import factories

from .members_kit import HEADINGS_ES, url, xlsx_file

pytestmark = pytest.mark.django_db

HEADINGS = [*HEADINGS_ES, "Usuario o celular (sin correo)"]
ROWS = [
    ["Ana Persona", "ana@coop.example", "", "", ""],
    ["Rosa Amalia Díaz", "", "", "", "8888 7777"],  # a local number: the cooperative's country code is added
    ["José Pérez", "", "Consejo directivo", "pt", "José.Pérez"],
]
BAD_ROWS = [
    ["Número Corto", "", "", "", "12345"],
    ["Nombre Ajeno", "", "", "", "ocupado"],
    ["Repetida", "", "", "", "+505 8888 7777"],
    ["Las Dos Cosas", "dos@coop.example", "", "", "dos.cosas"],
    ["Sin Nada", "", "", "", ""],
]


@pytest.fixture
def cooperative():
    cooperative = factories.OrganisationFactory(name="Cooperativa Café Sierra Nevada", country="NI")
    manager = factories.MembershipFactory(organisation=cooperative, manages=True, user__full_name="Marta Q")
    factories.UserFactory(
        email=None, login_name="ocupado", vouched=True, verified=False
    )  # someone else's login name
    return cooperative, manager.user


def preview(client, organisation, content):
    response = client.post(
        url("organisation_member_import", organisation.pk),
        {"file": _upload(content), "language": "es"},
    )
    assert response.status_code == 302, response.content.decode()
    return client.get(response.url).content.decode(), MemberImport.objects.latest("pk")


def _upload(content):
    return SimpleUploadedFile("miembros.xlsx", content)


def confirm(client, organisation, member_import, capture):
    with capture(execute=True):
        response = client.post(url("organisation_member_import_confirm", organisation.pk, member_import.pk))
    return client.get(response.url).content.decode()


def test_the_preview_says_who_will_be_created_without_e_mail_and_why_a_row_cannot(client, cooperative):
    organisation, manager = cooperative
    client.force_login(manager)
    page, _ = preview(client, organisation, xlsx_file(ROWS + BAD_ROWS, HEADINGS))
    assert "1 persona para invitar" in page
    assert "2 miembros se crearán sin correo electrónico — imprima sus tarjetas de acceso" in page
    assert "Rosa Amalia Díaz · +505 8888 7777 · Miembro" in page and "José Pérez · jose.perez" in page
    for row, error in [
        (5, "Este no es un número de celular válido"),
        (6, "ocupado ya está en uso: elija otro."),
        (7, "El mismo usuario o celular que la fila 3."),
        (8, "Escriba un correo electrónico o un nombre de usuario, no ambos"),
        (9, "Sin correo electrónico: escriba uno, o un nombre de usuario o número de celular"),
    ]:
        assert f"Fila {row}</strong>" in page and error in page, row
    assert "Confirmar: importar 3 filas" in page
    assert not User.objects.filter(login_name="jose.perez").exists()  # the preview saves nothing


def test_the_import_creates_the_members_then_prints_their_cards_and_again_changes_nothing(
    client, cooperative, django_capture_on_commit_callbacks
):
    organisation, manager = cooperative
    client.force_login(manager)
    content = xlsx_file(ROWS + BAD_ROWS, HEADINGS)
    _page, member_import = preview(client, organisation, content)
    done = confirm(client, organisation, member_import, django_capture_on_commit_callbacks)
    assert "1 invitación enviada" in done and "2 miembros creados sin correo electrónico" in done
    assert "5 filas con errores dejadas fuera" in done
    assert len(mail.outbox) == 1  # the invitation; members without e-mail are never written to
    rosa = User.objects.get(login_name="+50588887777")
    jose = User.objects.get(login_name="jose.perez")
    assert rosa.email is None and rosa.vouched and not rosa.has_usable_password()
    membership = jose.memberships.get()
    assert membership.organisation == organisation and membership.role == Membership.Role.BOARD
    assert Membership.objects.active().filter(pk=membership.pk).exists() and jose.language == "pt"
    assert not SignInCard.objects.exists()  # the codes are made when the cards are printed

    cards_url = url("organisation_member_import_cards", organisation.pk, member_import.pk)
    assert cards_url in done and "Imprimir sus tarjetas de acceso" in done
    printed = client.post(cards_url, follow=True).content.decode()
    cards = dict(
        re.findall(r'sign-in-card-login">([^<]+)</dd>.*?sign-in-card-code">([A-Z0-9-]+)<', printed, re.S)
    )
    assert set(cards) == {"+505 8888 7777", "jose.perez"} and SignInCard.objects.open().count() == 2
    assert "Rosa Amalia Díaz" in printed and "José Pérez" in printed
    request = client.get("/").wsgi_request
    for login, code in cards.items():  # each code opens its holder's card
        card = sign_in_cards.card_for(request, login_name=login, code=code)
        assert card.user.login_name == login_names.as_typed_at_sign_in(login)

    again, second = preview(client, organisation, content)
    assert "2 ya son miembros: sin cambios" in again and "se crearán sin correo" not in again
    assert "1 ya invitada: sin cambios" in again
    confirm(client, organisation, second, django_capture_on_commit_callbacks)
    assert User.objects.filter(email=None, vouched=True).count() == 3  # the two, and "ocupado"
    assert SignInCard.objects.open().count() == 2 and len(mail.outbox) == 1


def test_printing_again_replaces_the_cards_but_not_of_members_who_signed_in(
    client, cooperative, django_capture_on_commit_callbacks
):
    organisation, manager = cooperative
    client.force_login(manager)
    _page, member_import = preview(client, organisation, xlsx_file(ROWS[1:], HEADINGS))
    confirm(client, organisation, member_import, django_capture_on_commit_callbacks)
    cards_url = url("organisation_member_import_cards", organisation.pk, member_import.pk)
    client.post(cards_url)
    first = {card.user.login_name: card for card in SignInCard.objects.select_related("user")}
    first["jose.perez"].used_at = first["jose.perez"].issued_at  # José chose his password with it
    first["jose.perez"].save()

    client.post(cards_url)
    rosa_cards = SignInCard.objects.filter(user__login_name="+50588887777")
    assert rosa_cards.count() == 2 and rosa_cards.open().count() == 1
    assert SignInCard.objects.filter(user__login_name="jose.perez").count() == 1


def test_only_the_organisations_managers_print_an_imports_cards(
    client, cooperative, django_capture_on_commit_callbacks
):
    organisation, manager = cooperative
    client.force_login(manager)
    _page, member_import = preview(client, organisation, xlsx_file(ROWS[1:2], HEADINGS))
    confirm(client, organisation, member_import, django_capture_on_commit_callbacks)
    other = factories.MembershipFactory(manages=True).user  # a manager of another organisation
    client.force_login(other)
    response = client.post(url("organisation_member_import_cards", organisation.pk, member_import.pk))
    assert response.status_code in (403, 404) and not SignInCard.objects.exists()
