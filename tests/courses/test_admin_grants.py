"""Grants in the admin: a coordinator grants one item to one user through the real admin form, the user
downloads its file, and revoking the grant takes it away again."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from wagtail.models import PageLogEntry

from courses.models import DownloadEvent, Entitlement
from portal.roles import COORDINATORS, EDITORS

from .. import factories


@pytest.fixture
def coordinator(db):
    user = factories.UserFactory(email="coordinacion@clase.example")
    user.groups.add(Group.objects.get(name=COORDINATORS))
    return user


@pytest.fixture
def external(db):
    return factories.UserFactory(email="lucia@ong.example")


def download(client, user, material):
    client.force_login(user)
    return client.get(material.files.get().get_download_url())


@pytest.mark.django_db
def test_a_grant_lets_the_user_download_a_members_only_file_until_it_is_revoked(
    client, coordinator, external, members_material
):
    assert download(client, external, members_material).status_code == 302  # locked: sent to the page

    client.force_login(coordinator)
    assert client.get(reverse("entitlements:add")).status_code == 200
    response = client.post(
        reverse("entitlements:add"),
        {"user": "lucia@ong.example", "item": members_material.pk, "note": "Convenio con la ONG"},
    )

    assert response.status_code == 302 and response["Location"] == reverse("entitlements:index")
    entitlement = Entitlement.objects.get(user=external)
    assert (entitlement.page_id, entitlement.source, entitlement.granted_by) == (
        members_material.pk,
        Entitlement.Source.GRANT,
        coordinator,
    )
    assert (
        PageLogEntry.objects.get(action="courses.entitlement.grant", page=members_material).user
        == coordinator
    )
    listing = client.get(reverse("entitlements:index")).content.decode()
    assert "lucia@ong.example" in listing and "Plan de negocios interno" in listing

    granted = download(client, external, members_material)
    assert granted.status_code == 200 and b"".join(granted.streaming_content).startswith(b"%PDF")
    assert DownloadEvent.objects.filter(user=external).count() == 1

    client.force_login(coordinator)
    revoke_url = reverse("entitlements:revoke", args=[entitlement.pk])
    assert revoke_url in client.get(reverse("entitlements:inspect", args=[entitlement.pk])).content.decode()
    assert client.post(revoke_url, {"reason": "Fin del convenio"}).status_code == 302

    entitlement.refresh_from_db()
    assert entitlement.revoked_at is not None
    assert PageLogEntry.objects.get(action="courses.entitlement.revoke").user == coordinator
    assert download(client, external, members_material).status_code == 302
    assert DownloadEvent.objects.filter(user=external).count() == 1


@pytest.mark.django_db
def test_the_grant_form_explains_what_is_wrong(client, coordinator, external, tree, members_material):
    client.force_login(coordinator)
    add = reverse("entitlements:add")

    unknown = client.post(add, {"user": "nadie@ong.example", "item": members_material.pk})
    not_an_item = client.post(add, {"user": external.email, "item": tree.materials.pk})

    with translation.override(settings.LANGUAGE_CODE):  # the admin speaks the site's default language
        refusal = translation.gettext("No account uses this e-mail address or login name.")
        assert escape(refusal) in unknown.content.decode()
    assert "item" in not_an_item.context["form"].errors  # only courses and materials can be granted
    assert not Entitlement.objects.exists()


@pytest.mark.django_db
def test_granting_twice_keeps_one_entitlement(client, coordinator, external, members_material):
    client.force_login(coordinator)
    for _attempt in range(2):
        client.post(reverse("entitlements:add"), {"user": external.email, "item": members_material.pk})
    assert Entitlement.objects.in_force().filter(user=external).count() == 1


@pytest.mark.django_db
def test_entitlements_are_not_edited_deleted_nor_seen_by_editors(
    client, coordinator, external, members_material
):
    entitlement = Entitlement.objects.create(
        user=external, page=members_material, source=Entitlement.Source.PURCHASE, reference="ord_1"
    )
    client.force_login(coordinator)
    home = reverse("wagtailadmin_home")
    edit = client.get(reverse("entitlements:edit", args=[entitlement.pk]))
    assert edit["Location"] == reverse("entitlements:inspect", args=[entitlement.pk])
    assert client.post(reverse("entitlements:delete", args=[entitlement.pk]))["Location"] == home
    # A purchase ends with its refund, not here.
    assert client.get(reverse("entitlements:revoke", args=[entitlement.pk])).status_code == 302
    assert client.get(reverse("entitlements:index"), {"source": "purchase"}).status_code == 200

    editor = factories.UserFactory(email="editora@clase.example")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    for address in (reverse("entitlements:index"), reverse("entitlements:add")):
        assert client.get(address)["Location"] == home
    assert (
        client.post(reverse("entitlements:add"), {"user": editor.email, "item": members_material.pk})[
            "Location"
        ]
        == home
    )
    assert Entitlement.objects.count() == 1
