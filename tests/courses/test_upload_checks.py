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


@pytest.mark.django_db
def test_a_name_with_spaces_and_markup_is_stored_with_safe_characters_only(coordinator_client, tree):  # noqa: F811
    response = upload(coordinator_client, tree, "guía final <v2>;rm -rf *.pdf", factories.pdf_bytes())

    assert response.status_code == 302
    stored = MaterialPage.objects.get().files.get().file.name.rsplit("/", 1)[-1]
    assert stored == "guía_final_v2rm_-rf_.pdf"


# --- Wagtail's documents, videos and audio, images: the same rules, each with its own message ---------------


def mp4_bytes() -> bytes:
    """The first box of an MP4 file (ftyp, brand isom), as a phone or an encoder writes it."""
    return b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\0" * 64


def root_collection() -> int:
    from wagtail.models import Collection

    return Collection.get_first_root_node().pk


def add_document(client, name: str, content: bytes):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": "Estatutos", "file": SimpleUploadedFile(name, content), "collection": root_collection()},
    )


def add_video(client, name: str, content: bytes, thumbnail: SimpleUploadedFile | None = None):
    data = {"title": "Asamblea", "file": SimpleUploadedFile(name, content), "collection": root_collection()}
    data.update({"duration": "0", "width": "", "height": "", "tags": ""})
    if thumbnail is not None:
        data["thumbnail"] = thumbnail
    return client.post(reverse("wagtailmedia:add", args=("video",)), data)


@pytest.mark.django_db
def test_a_document_whose_content_matches_its_name_is_accepted_under_a_safe_name(coordinator_client):  # noqa: F811
    from wagtail.documents import get_document_model

    response = add_document(coordinator_client, "estatutos de la red.pdf", factories.pdf_bytes())

    assert response.status_code == 302
    assert get_document_model().objects.get().file.name == "documents/estatutos_de_la_red.pdf"


@pytest.mark.django_db
def test_a_document_whose_content_is_not_what_its_name_says_is_refused(coordinator_client):  # noqa: F811
    from wagtail.documents import get_document_model

    response = add_document(coordinator_client, "estatutos.pdf", b"<html><script>alert(1)</script></html>")

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "This file's content is not a .pdf file, although its name ends in .pdf. "
        "Upload the original file, or rename it to what it really is."
    ]
    assert "This file&#x27;s content is not a .pdf file" in response.content.decode()
    assert not get_document_model().objects.exists()


@pytest.mark.django_db
def test_a_document_of_a_kind_not_accepted_is_refused(coordinator_client):  # noqa: F811
    from wagtail.documents import get_document_model

    response = add_document(coordinator_client, "pagina.html", b"<html></html>")

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "File extension “html” is not allowed. Allowed extensions are: csv, docx, odt, pdf, pptx, txt, xlsx."
    ]
    assert "File extension “html” is not allowed" in response.content.decode()
    assert not get_document_model().objects.exists()


@pytest.mark.django_db
def test_a_document_over_the_size_limit_is_refused_with_the_limit(coordinator_client, settings):  # noqa: F811
    from wagtail.documents import get_document_model

    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 50 * 1024 * 1024
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 100  # read by the form field when the form is made

    response = add_document(coordinator_client, "estatutos.pdf", factories.pdf_bytes())

    html = response.content.decode().replace("\xa0", " ")
    assert response.status_code == 200
    assert "This file is too big" in html and "Maximum filesize 100 bytes" in html
    assert not get_document_model().objects.exists()


@pytest.mark.django_db
def test_a_video_is_accepted_when_it_is_one_and_refused_when_it_is_not(coordinator_client):  # noqa: F811
    from wagtailmedia.models import get_media_model

    refused = add_video(coordinator_client, "asamblea.mp4", factories.pdf_bytes())
    assert refused.status_code == 200
    assert "This file&#x27;s content is not a .mp4 file" in refused.content.decode()
    assert not get_media_model().objects.exists()

    kind = add_video(coordinator_client, "asamblea.exe", mp4_bytes())
    assert kind.status_code == 200
    assert "are not accepted. Accepted: m4v, mov, mp4, webm" in kind.content.decode()

    accepted = add_video(coordinator_client, "asamblea general.mp4", mp4_bytes())
    assert accepted.status_code == 302
    assert get_media_model().objects.get().file.name == "media/asamblea_general.mp4"


@pytest.mark.django_db
def test_a_video_over_the_size_limit_or_with_a_false_thumbnail_is_refused(coordinator_client, settings):  # noqa: F811
    from wagtailmedia.models import get_media_model

    settings.MATERIAL_MAX_UPLOAD_SIZE = 50
    too_large = add_video(coordinator_client, "asamblea.mp4", mp4_bytes())
    assert "the largest file accepted is 50" in too_large.content.decode().replace("\xa0", " ")

    settings.MATERIAL_MAX_UPLOAD_SIZE = 200 * 1024 * 1024
    thumbnail = SimpleUploadedFile("portada.png", b"<svg onload=alert(1)></svg>")
    false_thumbnail = add_video(coordinator_client, "asamblea.mp4", mp4_bytes(), thumbnail)
    assert "This file&#x27;s content is not a .png file" in false_thumbnail.content.decode()
    assert not get_media_model().objects.exists()


@pytest.mark.django_db
def test_an_image_whose_format_is_not_what_its_name_says_or_too_large_is_refused(
    coordinator_client,  # noqa: F811
    settings,
):
    from PIL import Image
    from wagtail.images import get_image_model

    jpeg = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(jpeg, "JPEG")

    def add(name, content):
        return coordinator_client.post(
            reverse("wagtailimages:add"), {"title": "Mapa", "file": SimpleUploadedFile(name, content)}
        )

    renamed = add("mapa.png", jpeg.getvalue())
    assert renamed.status_code == 200
    assert "The extension does not match the file format" in renamed.content.decode()

    not_an_image = add("mapa.png", factories.pdf_bytes())
    assert [error.code for error in not_an_image.context["form"].errors.as_data()["file"]] == [
        "invalid_image"
    ]
    assert (
        "Upload a valid image. The file you uploaded was either not an image" in not_an_image.content.decode()
    )

    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    too_large = add("mapa.jpg", jpeg.getvalue())
    assert "This file is too big" in too_large.content.decode()
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
def test_the_multiple_upload_screen_refuses_a_false_document_with_the_same_message(coordinator_client):  # noqa: F811
    from wagtail.documents import get_document_model

    response = coordinator_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile("estatutos.pdf", b"MZ\x90\x00\x03"), "collection": root_collection()},
    )

    assert response.json()["success"] is False
    assert response.json()["error_message"].startswith("This file's content is not a .pdf file")
    assert not get_document_model().objects.exists()
