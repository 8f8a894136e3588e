"""A file the editor uploaded is not lost when the material form is refused for another field: it is kept
for that editor (in the private storage, for a day), named on the form with its size, and saved with the
page when the form is sent again without it."""

import datetime
import re
import uuid

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.storage import storages
from django.core.management import call_command
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from courses.models import KeptUpload, MaterialPage
from portal.roles import EDITORS

from .. import factories
from .test_s3_downloads import production_private_storage

GUIDE = factories.pdf_bytes("Guía de uso de la prima, versión completa")


def editor(client):
    user = factories.UserFactory()
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return user


def material_form(*, price: str, file=None, kept: str = "") -> dict:
    row = {"title": "Guía completa", "file": file if file is not None else ""}
    data = nested_form_data(
        {
            "title": "Guía de la prima",
            "slug": "guia-de-la-prima",
            "description": rich_text("<p>Cómo decidir el uso de la prima.</p>"),
            "language": "es",
            "tags": "",
            "licence": factories.shipped("CC-BY-NC-4.0").pk,
            "access_level": "authorised",
            "price": price,
            "currency": "usd",
            "files": inline_formset([row]),
            "contributors": inline_formset([]),
            "action-submit": "submit",  # for review: the licence rules apply
        }
    )
    if kept:
        data["files-0-file-kept"] = kept
    return data


def upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("guia-prima.pdf", GUIDE, content_type="application/pdf")


def kept_token(html: str) -> str:
    [token] = re.findall(r'name="files-0-file-kept" value="([^"]+)"', html)
    return token


def add_url(tree):
    return reverse("wagtailadmin_pages:add", args=("courses", "materialpage", tree.materials.pk))


@pytest.mark.django_db
def test_a_file_sent_with_a_refused_price_is_kept_and_saved_once_the_price_is_fixed(client, tree):
    editor(client)

    refused = client.post(add_url(tree), material_form(price="15.00", file=upload()))

    assert refused.status_code == 200 and not MaterialPage.objects.exists()
    html = refused.content.decode()
    assert "no permite vender" in html  # the licence's reason, on the price
    with translation.override("es"):
        size = filesizeformat(len(GUIDE))
    assert "Archivo conservado: <strong>guia-prima.pdf</strong>" in html and size in html
    assert "Este campo es obligatorio" not in html and "Este campo es necesario" not in html
    token = kept_token(html)

    saved = client.post(add_url(tree), material_form(price="", kept=token))

    assert saved.status_code == 302, saved.context["form"].errors
    material_file = MaterialPage.objects.get().get_latest_revision_as_object().files.get()
    assert material_file.filename == "guia-prima.pdf" and material_file.size == len(GUIDE)
    with material_file.file.open("rb") as stored:
        assert stored.read() == GUIDE

    # Once a saved form used it, the file is the material's: the daily clean-up removes only the record.
    KeptUpload.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    call_command("clear_kept_uploads")
    assert not KeptUpload.objects.exists() and material_file.file.storage.exists(material_file.file.name)


@pytest.mark.django_db
def test_the_form_may_be_sent_again_with_the_same_kept_file(client, tree):
    """The admin saves a draft on its own (autosave) with the form as it stands, then the editor saves it:
    both posts carry the kept file's token."""
    editor(client)
    token = kept_token(
        client.post(add_url(tree), material_form(price="15.00", file=upload())).content.decode()
    )
    draft = material_form(price="", kept=token)
    del draft["action-submit"]

    assert client.post(add_url(tree), draft).status_code == 302
    material = MaterialPage.objects.get()
    [row] = material.get_latest_revision_as_object().files.all()
    again = material_form(price="", kept=token)
    again.update(
        nested_form_data(
            {"files": inline_formset([{"id": row.pk, "title": row.title, "file": ""}], initial=1)}
        )
    )
    edit_url = reverse("wagtailadmin_pages:edit", args=(material.pk,))
    assert client.post(edit_url, again).status_code == 302

    [material_file] = MaterialPage.objects.get().get_latest_revision_as_object().files.all()
    assert material_file.size == len(GUIDE) and material_file.filename == "guia-prima.pdf"


@pytest.mark.django_db
def test_a_kept_file_is_private_and_cannot_be_claimed_by_another_editor(client, tree):
    owner = editor(client)
    token = kept_token(
        client.post(add_url(tree), material_form(price="15.00", file=upload())).content.decode()
    )
    kept = KeptUpload.objects.get(owner=owner)
    assert storages["private"].exists(kept.stored_name)
    assert str(settings.MEDIA_ROOT) not in str(storages["private"].path(kept.stored_name))
    assert (
        kept.stored_name
        not in client.get(reverse("wagtailadmin_pages:edit", args=(tree.materials.pk,))).content.decode()
    )

    editor(client)  # someone else, who has seen (or guessed) the token
    response = client.post(add_url(tree), material_form(price="", kept=token))

    assert response.status_code == 200 and not MaterialPage.objects.exists()
    assert "guia-prima.pdf" not in response.content.decode()
    assert KeptUpload.objects.filter(pk=kept.pk, owner=owner).exists()


@pytest.mark.django_db
def test_a_kept_file_left_unused_is_removed_after_a_day(client, tree):
    editor(client)
    client.post(add_url(tree), material_form(price="15.00", file=upload()))
    old = KeptUpload.objects.get()
    KeptUpload.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(hours=25))
    token = kept_token(
        client.post(add_url(tree), material_form(price="15.00", file=upload())).content.decode()
    )

    # Keeping a new upload clears those of more than a day; the daily command does the same.
    assert not KeptUpload.objects.filter(pk=old.pk).exists()
    assert not storages["private"].exists(old.stored_name)
    newer = KeptUpload.objects.get(pk=token)
    KeptUpload.objects.filter(pk=newer.pk).update(created_at=timezone.now() - datetime.timedelta(hours=25))

    call_command("clear_kept_uploads")

    assert not KeptUpload.objects.exists() and not storages["private"].exists(newer.stored_name)
    response = client.post(add_url(tree), material_form(price="", kept=token))
    assert response.status_code == 200 and not MaterialPage.objects.exists()


@pytest.mark.django_db
def test_with_s3_the_kept_file_is_a_private_object_that_becomes_the_materials_file(
    client, tree, monkeypatch, s3_endpoint
):
    from django.test import override_settings

    from bench import s3 as local_s3
    from courses.models import MaterialFile

    s3_client, bucket = local_s3.client(s3_endpoint), f"clase-kept-{uuid.uuid4().hex[:12]}"
    s3_client.create_bucket(Bucket=bucket, ACL="private")
    private = production_private_storage(monkeypatch, s3_endpoint, bucket)
    with override_settings(STORAGES={**settings.STORAGES, "private": private}):
        monkeypatch.setattr(MaterialFile._meta.get_field("file"), "storage", storages["private"])
        editor(client)
        token = kept_token(
            client.post(add_url(tree), material_form(price="15.00", file=upload())).content.decode()
        )
        key = KeptUpload.objects.get(pk=token).stored_name
        grants = s3_client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
        assert not [
            grant for grant in grants if "URI" in grant["Grantee"]
        ]  # no AllUsers / AuthenticatedUsers

        saved = client.post(add_url(tree), material_form(price="", kept=token))

        assert saved.status_code == 302
        material_file = MaterialPage.objects.get().get_latest_revision_as_object().files.get()
        assert material_file.file.name == key  # used where it was kept, not copied
        assert s3_client.get_object(Bucket=bucket, Key=key)["Body"].read() == GUIDE
