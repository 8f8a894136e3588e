"""The admin speaks each person's own language (the one on their account), not their browser's, and in the
portal's variants: Brazilian Portuguese with Wagtail's own strings translated."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.users.models import UserProfile

from portal.roles import COORDINATORS

from .. import factories


def coordinator(language: str):
    user = factories.UserFactory(language=language, email=f"coord-{language}@clase.example")
    user.groups.add(Group.objects.get(name=COORDINATORS))
    return user


def admin_home(user, browser_language: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=browser_language)
    client.force_login(user)
    return client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.django_db
def test_a_spanish_coordinator_with_an_english_browser_gets_the_admin_in_spanish():
    page = admin_home(coordinator("es"), "en-US,en;q=0.9")
    assert 'lang="es"' in page and "Pedidos" in page and ">Orders<" not in page


@pytest.mark.django_db
def test_a_portuguese_coordinator_gets_wagtails_own_screens_in_brazilian_portuguese():
    page = admin_home(coordinator("pt"), "es-419,es;q=0.9")
    assert 'lang="pt"' in page
    assert "Pesquisar todas as páginas" in page and "Search all pages" not in page


@pytest.mark.django_db
def test_changing_the_language_in_the_admins_account_screen_changes_the_accounts_language():
    user = coordinator("es")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "pt"
    profile.save()
    user.refresh_from_db()
    assert user.language == "pt"  # the e-mails follow

    user.language = "en"
    user.save(update_fields=["language"])
    assert UserProfile.get_for_user(user).preferred_language == "en"
