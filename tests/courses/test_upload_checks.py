"""Uploads in the editor: a material file's name must tell the truth about its content, and unaccepted kinds
are refused, each with a message the editor understands; nothing is saved when a file is refused."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.models import MaterialPage

from .. import factories
from .test_editing import coordinator_client, material_form  # noqa: F401 - the fixture is used below


def office_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(client, tree, name: str, content: bytes):
    add_url = reverse("wagtailadmin_pages:add", args=("courses", "materialpage", tree.materials.pk))
    data = material_form()
    data["files-0-file"] = SimpleUploadedFile(name, content)
    return client.post(add_url, data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("guia.pdf", factories.pdf_bytes()),
        ("informe.docx", office_document()),
        ("socios.csv", "cooperativa;país\nSierra Nevada;Perú\n".encode()),
        ("notas.txt", "Acta de la asamblea".encode("cp1252")),
        ("foto.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
    ],
)
def test_files_whose_content_matches_their_name_are_accepted(coordinator_client, tree, name, content):  # noqa: F811
    response = upload(coordinator_client, tree, name, content)
    assert response.status_code == 302
    assert MaterialPage.objects.get().files.get().filename == name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("guia.pdf", b"<html><script>alert(1)</script></html>"),
        ("informe.docx", factories.pdf_bytes()),
        ("socios.csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),
        ("foto.png", factories.pdf_bytes()),
    ],
)
def test_a_file_whose_content_is_not_what_its_name_says_is_refused(coordinator_client, tree, name, content):  # noqa: F811
    response = upload(coordinator_client, tree, name, content)

    assert response.status_code == 200
    extension = name.rsplit(".", 1)[1]
    assert f"This file&#x27;s content is not a .{extension} file" in response.content.decode()
    assert not MaterialPage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["programa.exe", "pagina.html", "script.js", "sin-extension"])
def test_kinds_of_file_the_portal_does_not_hand_out_are_refused(coordinator_client, tree, name):  # noqa: F811
    response = upload(coordinator_client, tree, name, b"MZ\x90\x00")

    assert response.status_code == 200
    assert "are not accepted. Accepted: csv, doc, docx" in response.content.decode()
    assert not MaterialPage.objects.exists()


@pytest.mark.django_db
def test_a_name_with_folders_is_stored_under_its_own_base_name_only(coordinator_client, tree):  # noqa: F811
    response = upload(coordinator_client, tree, "../../etc/guia.pdf", factories.pdf_bytes())

    assert response.status_code == 302
    stored = MaterialPage.objects.get().files.get().file.name
    assert stored.startswith("materials/") and ".." not in stored and stored.endswith("/guia.pdf")


@pytest.mark.django_db
def test_an_image_with_too_many_pixels_is_refused_before_it_is_processed(coordinator_client, settings):  # noqa: F811
    from PIL import Image
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, "PNG")  # 48 million pixels, a few kilobytes on disk
    assert len(buffer.getvalue()) < settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE

    response = coordinator_client.post(
        reverse("wagtailimages:add"),
        {"title": "Mapa enorme", "file": SimpleUploadedFile("mapa.png", buffer.getvalue(), "image/png")},
    )

    assert response.status_code == 200
    assert "too many pixels" in response.content.decode()
    assert not get_image_model().objects.exists()
