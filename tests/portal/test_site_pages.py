"""Where to ask: the privacy policy, terms of use, help and contact pages are the site's own Wagtail pages,
linked from the footer of every page; the contact form reaches the coordinators (stored for the admin,
e-mailed to each in their language), throttled and CSRF-protected; a sign-up records the version of the
terms accepted."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from portal.models import ContactMessage, InfoPage, TermsAcceptance, User
from portal.roles import COORDINATORS

from .. import factories


@pytest.fixture
def site_pages(tree):
    home = tree.home
    return {
        "privacy": factories.InfoPageFactory(
            parent=home, title="Política de privacidad", slug="privacidad", kind=InfoPage.Kind.PRIVACY
        ),
        "terms": factories.InfoPageFactory(parent=home, slug="condiciones", version="2026-2"),
        "help": factories.InfoPageFactory(
            parent=home,
            title="Ayuda",
            slug="ayuda",
            kind=InfoPage.Kind.HELP,
            version="",
            updated_on=None,
            body=[("question", {"question": "¿Cómo obtengo un certificado?", "answer": "<p>Termine.</p>"})],
        ),
        "contact": factories.ContactPageFactory(parent=home, slug="contacto"),
    }


def footer_links(html: str) -> dict[str, str]:
    footer = html[html.index('<footer class="site-footer">') :]
    return dict(re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer))


@pytest.mark.django_db
def test_every_page_links_to_privacy_terms_help_and_contact_in_its_footer(
    client, site_pages, tree, public_material, user
):
    expected = {
        "/es/ayuda/": "Ayuda",
        "/es/contacto/": "Contacto",
        "/es/privacidad/": "Política de privacidad",
        "/es/condiciones/": "Condiciones de uso",
    }
    pages = ("/es/", tree.materials.url, public_material.url, "/es/no-such-page/", site_pages["help"].url)
    for path in pages:
        assert footer_links(client.get(path).content.decode()) == expected, path
    client.force_login(user)
    assert footer_links(client.get(reverse("portal:account")).content.decode()) == expected
    # A language without its own pages yet is sent to the Spanish ones, under its own words.
    english = footer_links(client.get("/en/account/").content.decode())
    assert english == {
        "/es/ayuda/": "Help",
        "/es/contacto/": "Contact",
        "/es/privacidad/": "Privacy policy",
        "/es/condiciones/": "Terms of use",
    }


@pytest.mark.django_db
def test_the_help_page_shows_its_questions_and_the_terms_their_version(client, site_pages):
    help_page = client.get(site_pages["help"].url).content.decode()
    assert "<details><summary>¿Cómo obtengo un certificado?</summary>" in help_page
    terms = client.get(site_pages["terms"].url).content.decode()
    assert "Versión 2026-2, vigente desde el 15 de enero de 2026" in terms


@pytest.mark.django_db
def test_terms_need_a_version_and_a_language_has_one_page_of_each_kind(site_pages, tree):
    terms = site_pages["terms"]
    terms.version = ""
    with pytest.raises(ValidationError) as refused:
        terms.full_clean()
    assert "version" in refused.value.message_dict
    second = InfoPage(title="Otra política", slug="otra", kind=InfoPage.Kind.PRIVACY, version="1")
    second.updated_on = terms.updated_on
    with pytest.raises(ValidationError) as refused:
        tree.home.add_child(instance=second)
    assert "kind" in refused.value.message_dict


@pytest.fixture
def coordinators(db):
    group = Group.objects.get(name=COORDINATORS)
    rosa = factories.UserFactory(email="rosa@clase.example", full_name="Rosa Elena", language="es")
    joao = factories.UserFactory(email="joao@clase.example", full_name="João Pereira", language="pt")
    for coordinator in (rosa, joao):
        coordinator.groups.add(group)
    return rosa, joao


MESSAGE = {
    "name": "Maria da Silva",
    "email": "maria@coop.example",
    "topic": "privacy",
    "message": "Gostaria de receber uma cópia dos meus dados & saber como apagá-los.",
}


@pytest.mark.django_db
def test_a_visitor_writes_to_the_coordinators_who_each_receive_it_in_their_language(
    client, site_pages, coordinators, django_capture_on_commit_callbacks
):
    contact = site_pages["contact"]
    page = client.get(contact.url).content.decode()
    action = reverse("portal:contact_send", args=[contact.pk])
    assert f'action="{action}"' in page and 'name="csrfmiddlewaretoken"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action, MESSAGE, follow=True)

    assert response.redirect_chain == [(f"{contact.url}?sent=1", 302)]
    html = response.content.decode()
    assert "su mensaje fue enviado a la coordinación de la Red" in html and "maria@coop.example" in html
    assert "Le respondemos en cinco días hábiles." in html  # the page's own words after sending
    assert 'name="message"' not in html
    message = ContactMessage.objects.get()
    assert (message.name, message.email, message.topic, message.language) == (
        "Maria da Silva",
        "maria@coop.example",
        "privacy",
        "es",
    )
    assert message.message == MESSAGE["message"] and message.user is None
    received = {email.to[0]: email for email in mail.outbox}
    assert set(received) == {"rosa@clase.example", "joao@clase.example"}
    assert received["rosa@clase.example"].subject == (
        "Mensaje de Maria da Silva: Mis datos personales (una copia, una corrección, eliminar mi cuenta)"
    )
    assert received["joao@clase.example"].subject.startswith("Mensagem de Maria da Silva")
    for email in received.values():
        assert email.reply_to == ["maria@coop.example"]
        assert MESSAGE["message"] in email.body  # as written, not escaped


@pytest.mark.django_db
def test_the_contact_form_needs_its_csrf_token(site_pages, coordinators):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("portal:contact_send", args=[site_pages["contact"].pk]), MESSAGE)
    assert response.status_code == 403
    assert not ContactMessage.objects.exists() and mail.outbox == []


@pytest.mark.django_db
def test_an_incomplete_message_is_refused_with_what_was_typed_kept(client, site_pages):
    response = client.post(
        reverse("portal:contact_send", args=[site_pages["contact"].pk]),
        {**MESSAGE, "email": "maria-at-coop", "topic": ""},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Introduzca una dirección de correo electrónico válida." in html
    assert "Este campo es obligatorio" in html
    assert "saber como apagá-los" in html and 'value="Maria da Silva"' in html
    assert not ContactMessage.objects.exists()


@pytest.mark.django_db
def test_many_messages_in_an_hour_are_refused_with_the_message_kept(client, site_pages, coordinators):
    action = reverse("portal:contact_send", args=[site_pages["contact"].pk])
    sent = [client.post(action, MESSAGE, REMOTE_ADDR="203.0.113.5") for _ in range(5)]
    assert [response.status_code for response in sent] == [302] * 5

    refused = client.post(action, MESSAGE, REMOTE_ADDR="203.0.113.6")  # the same address typed, elsewhere

    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Demasiados mensajes" in html and "saber como apagá-los" in html
    assert ContactMessage.objects.count() == 5
    # Another person on the same connection may still write, up to ten an hour from it.
    others = [
        client.post(action, {**MESSAGE, "email": f"socia{n}@coop.example"}, REMOTE_ADDR="203.0.113.5")
        for n in range(6)
    ]
    assert [response.status_code for response in others] == [302] * 5 + [429]


@pytest.mark.django_db
def test_coordinators_read_the_messages_in_the_admin_and_editors_do_not(
    client, site_pages, coordinators, editor
):
    client.post(reverse("portal:contact_send", args=[site_pages["contact"].pk]), MESSAGE)
    message = ContactMessage.objects.get()
    client.force_login(coordinators[0])
    listing = client.get(reverse("contact_messages:index")).content.decode()
    assert "Maria da Silva" in listing and "maria@coop.example" in listing
    inspect = client.get(reverse("contact_messages:inspect", args=[message.pk])).content.decode()
    assert "saber como apagá-los" in inspect
    assert client.get(reverse("contact_messages:add")).status_code in (302, 403, 404)
    client.force_login(editor)
    assert client.get(reverse("contact_messages:index")).status_code in (302, 403)


def sign_up(client, email: str, **extra):
    return client.post(
        "/es/accounts/signup/",
        {
            "email": email,
            "password1": "Cafe-de-altura-2026",
            "password2": "Cafe-de-altura-2026",
            "full_name": "Ana Quispe",
            "language": "es",
            **extra,
        },
    )


@pytest.mark.django_db
def test_a_sign_up_records_the_version_of_the_terms_accepted(client, site_pages):
    form = client.get("/es/accounts/signup/").content.decode()
    assert '<a href="/es/condiciones/">condiciones de uso</a> (versión 2026-2)' in form

    refused = sign_up(client, "ana@coop.example")
    assert refused.status_code == 200
    assert "Para crear una cuenta, acepte las condiciones de uso." in refused.content.decode()
    assert not User.objects.filter(email="ana@coop.example").exists()

    assert sign_up(client, "ana@coop.example", accept_terms="on").status_code == 302
    acceptance = TermsAcceptance.objects.get(user__email="ana@coop.example")
    assert (acceptance.version, acceptance.language) == ("2026-2", "es")


@pytest.mark.django_db
def test_without_terms_pages_a_sign_up_asks_for_no_acceptance(client, tree):
    assert 'name="accept_terms"' not in client.get("/es/accounts/signup/").content.decode()
    assert sign_up(client, "ana@coop.example").status_code == 302
    assert not TermsAcceptance.objects.exists()


@pytest.mark.django_db
def test_the_pages_that_say_contact_us_link_to_the_contact_page(client, site_pages):
    response = sign_up(client, "ana@coop.example", accept_terms="on")
    confirmation = client.get(response["Location"]).content.decode()
    assert 'póngase en <a href="/es/contacto/">contacto con nosotros</a>' in confirmation
    for path in ("/es/accounts/password/reset/", "/es/accounts/password/reset/done/"):
        assert 'href="/es/contacto/"' in client.get(path).content.decode().split("<footer")[0], path


@pytest.mark.django_db
def test_the_demo_has_the_four_pages_in_each_language_as_translations_of_the_spanish_ones(client):
    from io import StringIO

    from django.core.management import call_command
    from wagtail_localize.models import Translation

    from portal.models import ContactPage

    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())  # re-run: nothing doubled

    for kind in ("privacy", "terms", "help"):
        pages = InfoPage.objects.live().filter(kind=kind)
        assert sorted(page.locale.language_code for page in pages) == ["en", "es", "pt"], kind
        assert len({page.translation_key for page in pages}) == 1
    contacts = ContactPage.objects.live()
    assert sorted(page.locale.language_code for page in contacts) == ["en", "es", "pt"]
    spanish_terms = InfoPage.objects.get(kind="terms", locale__language_code="es")
    synced = Translation.objects.filter(source__object_id=spanish_terms.translation_key)
    assert sorted(synced.values_list("target_locale__language_code", flat=True)) == ["en", "pt"]
    assert {page.version for page in InfoPage.objects.filter(kind="terms")} == {"2026-1"}
    portuguese = footer_links(client.get("/pt/").content.decode())
    assert portuguese == {
        "/pt/ajuda/": "Ajuda",
        "/pt/contato/": "Contato",
        "/pt/privacidade/": "Política de privacidade",
        "/pt/termos-de-uso/": "Termos de uso",
    }
