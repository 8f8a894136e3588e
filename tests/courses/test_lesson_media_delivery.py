"""A lesson's video, its small rendition, its captions and a recording are private files: only a reader the
access policy lets open the lesson gets them, in whole or in the parts a player asks for (courses/views/
lesson_media.py, courses/access/streaming.py)."""

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtailmedia.models import Media

from courses.levels import AccessLevel

from .. import factories
from . import media_kit

VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40  # 10,252 bytes
LIGHT = b"\x00\x00\x00\x18ftypmp42" + b"light" * 200


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def course(tree):
    return factories.CoursePageFactory(parent=tree.courses, access_level=AccessLevel.MEMBERS)


@pytest.fixture
def video():
    video = media_kit.video(VIDEO)
    media_kit.ready_rendition(video, LIGHT, source_size=len(VIDEO))
    media_kit.add_captions(video, "es", "pt")
    # Read again: what saving the upload set off (its rendition's task) may have left on this instance.
    return type(video).objects.get(pk=video.pk)


@pytest.fixture
def lesson(course, video):
    return media_kit.video_lesson(course, video)


def addresses(lesson, video) -> dict[str, str]:
    return {
        "video": media_kit.lesson_address(lesson, video),
        "rendition": media_kit.lesson_address(lesson, video, "light"),
        "captions": media_kit.lesson_address(lesson, video, "captions", "es"),
    }


@pytest.mark.django_db
def test_the_files_are_not_public_media(video):
    for name in (video.file.name, video.small_rendition.file.name, video.captions.first().file.name):
        assert not default_storage.exists(name)
        assert storages["private"].exists(name)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["visitor", "not a member"])
def test_a_members_lesson_keeps_its_media_from_others(client, lesson, video, who):
    if who != "visitor":
        client.force_login(factories.UserFactory())
    for kind, address in addresses(lesson, video).items():
        response = client.get(address, headers={"Range": "bytes=0-99"})
        assert response.status_code == 403, kind
        assert b"ftyp" not in body_of(response)


@pytest.mark.django_db
def test_a_member_gets_the_video_its_rendition_and_captions(client, lesson, video, member):
    client.force_login(member)
    found = {kind: client.get(address) for kind, address in addresses(lesson, video).items()}

    assert {kind: response.status_code for kind, response in found.items()} == dict.fromkeys(found, 200)
    assert body_of(found["video"]) == VIDEO and found["video"]["Content-Type"] == "video/mp4"
    assert body_of(found["rendition"]) == LIGHT
    assert body_of(found["captions"]).decode() == media_kit.CAPTIONS["es"]
    assert found["captions"]["Content-Type"] == "text/vtt; charset=utf-8"
    assert all("no-store" in response["Cache-Control"] for response in found.values())
    assert found["video"]["Accept-Ranges"] == "bytes"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("asked", "first", "last"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=10000-", 10000, 10251),
        ("bytes=-52", 10200, 10251),
        ("bytes=10200-99999", 10200, 10251),
    ],
)
def test_a_player_gets_the_part_it_asks_for(client, lesson, video, member, asked, first, last):
    client.force_login(member)

    response = client.get(media_kit.lesson_address(lesson, video), headers={"Range": asked})

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{len(VIDEO)}"
    assert response["Content-Length"] == str(last - first + 1)
    assert body_of(response) == VIDEO[first : last + 1]


@pytest.mark.django_db
def test_a_part_past_the_end_is_refused_and_several_parts_get_the_whole_file(client, lesson, video, member):
    client.force_login(member)
    address = media_kit.lesson_address(lesson, video)

    past = client.get(address, headers={"Range": f"bytes={len(VIDEO)}-"})
    several = client.get(address, headers={"Range": "bytes=0-1,5-6"})

    assert past.status_code == 416 and past["Content-Range"] == f"bytes */{len(VIDEO)}"
    assert several.status_code == 200 and body_of(several) == VIDEO


@pytest.mark.django_db
def not_found(client, address: str) -> bool:
    # A 404 at an address without a language is first sent to the same address with one (LocaleMiddleware).
    return client.get(address, follow=True).status_code == 404


@pytest.mark.django_db
def test_a_lesson_hands_out_only_its_own_media(client, course, lesson, member):
    other = media_kit.video(b"\x00\x00\x00\x18ftypmp42other", name="otro.mp4")
    client.force_login(member)

    assert not_found(client, media_kit.lesson_address(lesson, other))
    assert not_found(client, media_kit.lesson_address(lesson, other, "captions", "es"))


@pytest.mark.django_db
def test_an_unpublished_lesson_hands_out_nothing(client, lesson, video, member):
    client.force_login(member)
    lesson.unpublish()
    assert not_found(client, media_kit.lesson_address(lesson, video))


@pytest.mark.django_db
def test_a_public_lesson_plays_for_a_visitor(client, tree, video):
    public = media_kit.video_lesson(factories.CoursePageFactory(parent=tree.courses), video)
    response = client.get(media_kit.lesson_address(public, video), headers={"Range": "bytes=0-3"})
    assert response.status_code == 206 and body_of(response) == VIDEO[:4]


@pytest.mark.django_db
def test_handing_out_a_video_costs_the_same_queries_for_a_large_course(client, tree, member):
    def queries_for(lessons: int, tracks: tuple[str, ...]) -> int:
        course = factories.CoursePageFactory(parent=tree.courses, access_level=AccessLevel.MEMBERS)
        video = media_kit.video(VIDEO)
        media_kit.add_captions(video, *tracks)
        for _ in range(lessons - 1):
            factories.LessonPageFactory(parent=course)
        lesson = media_kit.video_lesson(course, video)
        client.get(media_kit.lesson_address(lesson, video, "captions", "es"))  # the lesson known in memory
        with CaptureQueriesContext(connection) as captured:
            response = client.get(media_kit.lesson_address(lesson, video), headers={"Range": "bytes=0-9"})
            assert response.status_code == 206
        return len(captured)

    client.force_login(member)
    assert queries_for(1, ("es",)) == queries_for(12, ("es", "pt", "en"))


@pytest.mark.django_db
def test_editors_open_the_file_from_the_admin_and_nobody_else_does(client, video, editor, public_material):
    address = video.url
    assert address.startswith("/admin/lesson-media/")

    assert client.get(address).status_code == 302  # to the admin's sign-in
    client.force_login(editor)
    assert body_of(client.get(address)) == VIDEO
    material_file = public_material.files.get()  # in the same private storage, yet not a lesson's media
    assert not_found(client, reverse("lesson_media_for_editors", kwargs={"name": material_file.file.name}))


@pytest.mark.django_db
def test_the_migration_moves_files_uploaded_before_to_the_private_storage():
    from importlib import import_module

    migration = import_module("courses.migrations.0021_lesson_media_in_private_storage")
    name = default_storage.save("media/antes.mp4", ContentFile(VIDEO))
    video = media_kit.video(b"x")
    Media.objects.filter(pk=video.pk).update(file=name)

    migration.to_private(apps, None)

    moved = Media.objects.get(pk=video.pk).file.name
    assert not default_storage.exists(name)
    assert storages["private"].open(moved).read() == VIDEO
