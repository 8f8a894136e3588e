"""The files' storage fails: S3 unreachable (the production S3 storage pointed at a closed port), or a local
disk that fills up while a licensed copy is written.

Downloads: the user gets a 503 page in the site's layout saying the files are unavailable for a moment, with
Retry-After; the download is logged only once the file is really on its way (so not at all here: the
contributors' reports count files handed out, not attempts); and no licensed copy is left half-made.
Uploads: the editor's form is refused with a message on the file; no page, file row or revision is saved.
"""

import errno
import shutil

import pytest
from django.core.files.base import File
from django.urls import reverse
from django.utils import translation
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset

from courses.models import DownloadEvent, MaterialFile, MaterialPage
from courses.views.materials import RETRY_AFTER_SECONDS

from .. import factories
from ..courses.test_editing import coordinator_client, material_form  # noqa: F401 - the fixture
from .conftest import closed_port, s3_storage_at


@pytest.fixture
def licensed_material(tree):
    """A material under CC BY 4.0 with a PDF, stored while the storage worked: a download stamps a copy."""
    material = factories.MaterialPageFactory(
        parent=tree.materials, title="Guía de costos", licence=factories.shipped("CC-BY-4.0")
    )
    factories.add_file(material, "guia-costos.pdf")
    return material


def download_url(material_file, language: str) -> str:
    with translation.override(language):
        return material_file.get_download_url()


def licensed_copies(storage) -> list[str]:
    try:
        days, _ = storage.listdir("licensed")
    except FileNotFoundError:
        return []
    return [
        f"licensed/{day}/{folder}/{name}"
        for day in days
        for folder in storage.listdir(f"licensed/{day}")[0]
        for name in storage.listdir(f"licensed/{day}/{folder}")[1]
    ]


# --- downloads --------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_s3_unreachable_during_a_download_gives_a_503_page_and_logs_nothing(
    client, licensed_material, s3_down, language
):
    material_file = licensed_material.files.get()

    response = client.get(download_url(material_file, language))

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    html = response.content.decode()
    assert f'<html lang="{language}">' in html and 'class="site-header"' in html  # the site's layout
    said = {
        "en": ("Files are unavailable for a moment", "Please try again in a minute."),
        "es": ("Los archivos no están disponibles por un momento", "Vuelva a intentarlo en un minuto."),
    }[language]
    assert all(words in html for words in said)
    assert licensed_material.title in html
    for leak in ("127.0.0.1:", "clase-private", material_file.file.name, "botocore", "Traceback"):
        assert leak not in html
    assert not DownloadEvent.objects.exists()


@pytest.mark.django_db
def test_once_s3_is_back_the_same_download_goes_out_and_is_logged_once(
    client, licensed_material, monkeypatch
):
    material_file = licensed_material.files.get()
    with s3_storage_at(monkeypatch, f"http://127.0.0.1:{closed_port()}"):
        assert client.get(material_file.get_download_url()).status_code == 503

    response = client.get(material_file.get_download_url())  # the storage of the test settings: it works

    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert DownloadEvent.objects.count() == 1


@pytest.mark.django_db
def test_a_disk_full_while_writing_a_licensed_copy_leaves_no_truncated_copy(
    client, licensed_material, monkeypatch
):
    material_file = licensed_material.files.get()
    storage = material_file.file.storage
    shutil.rmtree(storage.path("licensed"), ignore_errors=True)  # copies other tests made today
    chunks = File.chunks

    def disk_full_after_one_chunk(self, chunk_size=None):
        for chunk in chunks(self, chunk_size=64):
            yield chunk
            raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(File, "chunks", disk_full_after_one_chunk)
        response = client.get(material_file.get_download_url())

    assert response.status_code == 503 and response["Retry-After"]
    assert licensed_copies(storage) == []  # the first 64 bytes written were removed
    assert not DownloadEvent.objects.exists()

    response = client.get(material_file.get_download_url())  # space again: a whole copy is made

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF") and body.rstrip().endswith(b"%%EOF")
    [copy] = licensed_copies(storage)
    assert storage.size(copy) == len(body)
    assert DownloadEvent.objects.count() == 1


# --- uploads ----------------------------------------------------------------------------------------------

STORAGE_MESSAGE = "The file could not be stored: the storage of files cannot be reached just now."


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["save", "publish"])
def test_s3_unreachable_when_an_editor_creates_a_material_refuses_the_form_and_saves_nothing(
    coordinator_client,  # noqa: F811
    tree,
    s3_down,
    action,
):
    add_url = reverse("wagtailadmin_pages:add", args=("courses", "materialpage", tree.materials.pk))
    revisions = Revision.objects.count()
    data = material_form()
    if action == "publish":
        data = material_form(licence=factories.shipped("CC-BY-4.0").pk)
        data["action-publish"] = "action-publish"

    response = coordinator_client.post(add_url, data)

    assert response.status_code == 200  # the form again, with the message
    assert STORAGE_MESSAGE in response.content.decode()
    assert not MaterialPage.objects.filter(slug="manual-de-catacion").exists()
    assert not MaterialFile.objects.exists()
    assert Revision.objects.count() == revisions


@pytest.mark.django_db
def test_s3_unreachable_when_an_editor_adds_a_file_to_a_live_material_keeps_the_page_as_it_was(
    coordinator_client,  # noqa: F811
    public_material,
    s3_down,
):
    existing = public_material.files.get()
    revision = public_material.latest_revision_id
    edit_url = reverse("wagtailadmin_pages:edit", args=(public_material.pk,))
    files = inline_formset(
        [
            {"id": existing.pk, "title": existing.title, "file": ""},
            {"title": "Anexo", "file": factories_upload("anexo.pdf")},
        ],
        initial=1,
    )

    response = coordinator_client.post(edit_url, material_form(slug=public_material.slug, files=files))

    assert response.status_code == 200
    assert STORAGE_MESSAGE in response.content.decode()
    public_material.refresh_from_db()
    assert public_material.latest_revision_id == revision  # no draft pointing at a file not stored
    assert list(MaterialFile.objects.values_list("pk", flat=True)) == [existing.pk]


def factories_upload(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, factories.pdf_bytes(name))
