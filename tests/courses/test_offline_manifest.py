"""Saving a course for offline use: the server's manifest says, for one reader and after the access policy,
every address the device will store and its size, so the reader sees the size first and the device stores
what it was told (courses/catalogue/offline.py, courses/views/offline.py `course_manifest`)."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtailmedia.models import Media

from courses.access import services as access_services
from courses.models import AccessLevel, DownloadEvent

from .. import factories
from . import media_kit
from .learning_kit import authorise, lessons_of, make_course, pdf_text


@pytest.fixture(autouse=True)
def spanish():
    with translation.override("es"):
        yield


def photo() -> Image:
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (31, 111, 67)).save(buffer, "PNG")
    return Image.objects.create(title="Secado de café", file=ContentFile(buffer.getvalue(), "secado.png"))


@pytest.fixture
def course(tree):
    """A members' course: its first lesson has a photo and points to a material, its second has a quiz."""
    course = make_course(tree.courses, lessons=2, quiz_in=(1,), access_level=AccessLevel.MEMBERS)
    material = factories.MaterialPageFactory(
        parent=tree.materials, title="Guía de asamblea", access_level=AccessLevel.MEMBERS
    )
    factories.add_file(material, "guia-asamblea.pdf", content=factories.pdf_bytes("Guía de asamblea"))
    first = lessons_of(course)[0]
    first.body = [
        ("text", "<p>Antes de la asamblea.</p>"),
        ("image", {"image": photo(), "alt_text": "Café al sol", "decorative": False}),
        ("material", {"material": material, "note": "Léala antes"}),
    ]
    first.save_revision().publish()
    return course


def manifest_of(client, course) -> dict:
    response = client.get(reverse("courses:offline_course", kwargs={"course_id": course.pk}))
    assert response.status_code == 200, response.content
    assert "no-store" in response["Cache-Control"]
    return response.json()


def entries(manifest, kind) -> list[dict]:
    return [entry for entry in manifest["entries"] if entry["kind"] == kind]


def served_size(address: str) -> int:
    if address.startswith(settings.STATIC_URL):
        return Path(finders.find(address.removeprefix(settings.STATIC_URL))).stat().st_size
    return default_storage.size(address.removeprefix(settings.MEDIA_URL))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
def test_the_size_announced_is_what_the_reader_receives_address_by_address(client, member, course):
    client.force_login(member)
    manifest = manifest_of(client, course)
    lessons = lessons_of(course)
    assert [lesson["id"] for lesson in manifest["lessons"]] == [lesson.pk for lesson in lessons]
    assert manifest["lessons"][1]["quizzes"][0]["title"] == "¿Qué aprendió?"
    pages = {entry["url"] for entry in entries(manifest, "page")}
    assert {course.url, *(lesson.url for lesson in lessons)} <= pages
    downloads_before = DownloadEvent.objects.count()
    for entry in manifest["entries"]:
        if entry["kind"] in ("page", "file"):  # what the portal itself answers
            received = len(body(client.get(entry["url"])))
        else:  # what the static files' and the images' server sends: the file as it is
            received = served_size(entry["url"])
        assert received == entry["bytes"], entry
    assert manifest["bytes"] == sum(entry["bytes"] for entry in manifest["entries"])
    # Every file fetched through the download view counts as a download, as when the reader taps it.
    assert DownloadEvent.objects.count() == downloads_before + len(entries(manifest, "file"))


@pytest.mark.django_db
def test_images_are_kept_at_their_smallest_rendition_and_answer_for_the_others(client, member, course):
    client.force_login(member)
    manifest = manifest_of(client, course)
    lesson_html = client.get(lessons_of(course)[0].url).content.decode()
    (image,) = [entry for entry in entries(manifest, "image") if entry["item"] == lessons_of(course)[0].pk]
    offered = [address for address, kept in manifest["aliases"].items() if kept == image["url"]]
    assert len(offered) == 5  # WebP and JPEG at three widths: the one kept answers for the five others
    assert all(address in lesson_html for address in [image["url"], *offered])
    sizes = {address: served_size(address) for address in offered}
    assert image["bytes"] <= min(sizes.values())


@pytest.mark.django_db
def test_material_files_are_stored_as_the_licensed_copy_stamped_for_the_reader(client, member, course, tree):
    """A licence that forbids passing the file on: the device only ever holds the copy stamped for this
    reader (the download view's), never the file itself; terms not yet accepted leave the files out."""
    material = factories.MaterialPageFactory(
        parent=tree.materials,
        title="Plan interno",
        access_level=AccessLevel.MEMBERS,
        licence=factories.shipped("ARR-MEMBERS"),
    )
    original = factories.add_file(material, "plan.pdf", content=factories.pdf_bytes("Plan interno"))
    lesson = lessons_of(course)[1]
    lesson.body = [
        *lesson.body.raw_data,
        {"type": "material", "value": {"material": material.pk, "note": ""}},
    ]
    lesson.save_revision().publish()
    client.force_login(member)
    manifest = manifest_of(client, course)
    assert manifest["left_out"] == {"terms": 1}
    assert original.get_download_url() not in {entry["url"] for entry in manifest["entries"]}

    access_services.licence_accept(user=member, item=material, language="es")
    member.full_name = "Ana Quispe"
    member.save()
    manifest = manifest_of(client, course)
    (stored,) = [entry for entry in entries(manifest, "file") if entry["item"] == material.pk]
    assert stored["url"] == original.get_download_url()
    copy = body(client.get(stored["url"]))
    assert len(copy) == stored["bytes"] != original.file.size
    assert "Ana Quispe" in pdf_text(copy)  # the licensee, on the notice page and in every page's footer


@pytest.mark.django_db
def test_materials_the_reader_may_not_open_are_not_saved(client, user, tree):
    course = make_course(tree.courses, lessons=1, quiz_in=(), access_level=AccessLevel.AUTHORISED)
    members_only = factories.MaterialPageFactory(parent=tree.materials, access_level=AccessLevel.MEMBERS)
    factories.add_file(members_only, "interno.pdf")
    lesson = lessons_of(course)[0]
    lesson.body = [{"type": "material", "value": {"material": members_only.pk, "note": ""}}]
    lesson.save_revision().publish()
    authorise(user)
    client.force_login(user)
    manifest = manifest_of(client, course)
    assert members_only.pk not in {item["id"] for item in manifest["items"]}
    assert not entries(manifest, "file")


@pytest.mark.django_db
def test_videos_are_not_saved_and_the_reader_is_told(client, member, course):
    video = Media.objects.create(
        title="Asamblea", type="video", file=ContentFile(b"\x00" * 2048, "asamblea.mp4")
    )
    lesson = lessons_of(course)[1]
    lesson.body = [
        *lesson.body.raw_data,
        {"type": "video", "value": {"video": video.pk, "caption": "", "transcript": ""}},
    ]
    lesson.save_revision().publish()
    client.force_login(member)
    manifest = manifest_of(client, course)
    assert manifest["left_out"] == {"video": 1}
    assert not [entry for entry in manifest["entries"] if entry["url"].endswith(".mp4")]


@pytest.mark.django_db
def test_only_a_reader_the_policy_lets_open_the_course_gets_its_manifest(client, user, course):
    url = reverse("courses:offline_course", kwargs={"course_id": course.pk})
    response = client.get(url)
    assert response.status_code == 401 and response.json()["error"]
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 403
    assert response.json()["error"] == "Solo para miembros de las organizaciones de la Red."


@pytest.mark.django_db
def test_the_pages_keep_their_own_static_files(client, member, course):
    client.force_login(member)
    static = {entry["url"] for entry in entries(manifest_of(client, course), "static")}
    assert {"/static/css/portal.css", "/static/css/learning.css", "/static/js/offline.js"} <= static


@pytest.mark.django_db
def test_a_recording_is_saved_once_at_the_size_it_is_played(client, member, course):
    recording = Media.objects.create(
        title="Testimonio", type="audio", file=ContentFile(b"ID3" + b"\x00" * 4000, "testimonio.mp3")
    )
    lesson = lessons_of(course)[1]
    lesson.body = [
        *lesson.body.raw_data,
        {"type": "audio", "value": {"audio": recording.pk, "caption": "", "transcript": ""}},
    ]
    lesson.save_revision().publish()
    client.force_login(member)
    (kept,) = entries(manifest_of(client, course), "media")
    assert kept["url"] == media_kit.lesson_address(lesson, recording) and kept["bytes"] == recording.file.size
    assert kept["item"] == lesson.pk
