"""Editors upload material files in the Wagtail admin; a draft keeps its file until it is published."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail.users.models import UserProfile

from courses.models import MaterialPage
from portal.roles import COORDINATORS

from .. import factories


@pytest.fixture
def coordinator_client(client, db):
    user = factories.UserFactory()
    user.groups.add(Group.objects.get(name=COORDINATORS))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # the admin speaks English to this editor, so messages read as below
    profile.save()
    client.force_login(user)
    return client


def material_form(**overrides):
    data = {
        "title": "Manual de catación",
        "slug": "manual-de-catacion",
        "description": rich_text("<p>Cómo catar café.</p>"),
        "language": "es",
        "tags": "calidad",
        "access_level": "public",
        "currency": "usd",
        "files": inline_formset(
            [{"title": "Manual", "file": SimpleUploadedFile("manual.pdf", factories.pdf_bytes())}]
        ),
        "licence": "",
        "contributors": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


@pytest.mark.django_db
def test_an_editor_creates_a_material_with_its_file(coordinator_client, tree):
    add_url = reverse("wagtailadmin_pages:add", args=("courses", "materialpage", tree.materials.pk))

    response = coordinator_client.post(add_url, material_form())

    assert response.status_code == 302
    material_file = MaterialPage.objects.get(slug="manual-de-catacion").files.get()
    assert (material_file.title, material_file.kind) == ("Manual", "PDF")
    assert material_file.size == len(factories.pdf_bytes())


@pytest.mark.django_db
def test_a_draft_keeps_its_uploaded_file_until_it_is_published(coordinator_client, public_material):
    existing = public_material.files.get()
    edit_url = reverse("wagtailadmin_pages:edit", args=(public_material.pk,))
    files = inline_formset(
        [
            {"id": existing.pk, "title": existing.title, "file": ""},
            {"title": "Anexo", "file": SimpleUploadedFile("anexo.pdf", factories.pdf_bytes("Anexo"))},
        ],
        initial=1,
    )

    response = coordinator_client.post(edit_url, material_form(slug=public_material.slug, files=files))

    assert response.status_code == 302
    public_material.refresh_from_db()
    assert public_material.files.count() == 1, "the live page is unchanged until the draft is published"
    draft_annex = public_material.get_latest_revision_as_object().files.all()[1]
    assert draft_annex.file.storage.exists(draft_annex.file.name)

    public_material.get_latest_revision().publish()

    annex = MaterialPage.objects.get(pk=public_material.pk).files.get(title="Anexo")
    assert annex.file.read().startswith(b"%PDF") and annex.size > 0


@pytest.mark.django_db
def test_a_price_below_the_authorised_level_is_explained_to_the_editor(coordinator_client, tree):
    add_url = reverse("wagtailadmin_pages:add", args=("courses", "materialpage", tree.materials.pk))

    response = coordinator_client.post(add_url, material_form(price="15.00"))

    assert response.status_code == 200
    assert "can only be set on items at the “Authorised users” access level" in response.content.decode()
    assert not MaterialPage.objects.exists()


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused_with_its_size(coordinator_client, tree, settings):
    settings.MATERIAL_MAX_UPLOAD_SIZE = 100
    add_url = reverse("wagtailadmin_pages:add", args=("courses", "materialpage", tree.materials.pk))

    response = coordinator_client.post(add_url, material_form())

    assert response.status_code == 200
    assert "the largest file accepted is 100" in response.content.decode().replace("\xa0", " ")
    assert not MaterialPage.objects.exists()


@pytest.mark.django_db
def test_the_edit_screen_names_the_current_file_without_revealing_an_address(
    coordinator_client, public_material
):
    material_file = public_material.files.get()

    response = coordinator_client.get(reverse("wagtailadmin_pages:edit", args=(public_material.pk,)))

    html = response.content.decode()
    assert response.status_code == 200
    assert "guia-comercio-justo.pdf" in html
    assert f'href="/media/{material_file.file.name}"' not in html and "/var/private" not in html
