"""Light media for readers on prepaid data: each uploaded video gets a small rendition made by ffmpeg, served
on phones and to readers saving data; captions; the size of each thing shown before the tap, in the reader's
language; embedded videos that load nothing from YouTube before the tap; gated lessons name none of it."""

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from wagtailmedia.models import Media

from courses.catalogue.light_media import VideoRendition
from courses.catalogue.renditions import make_small, probe
from portal.save_data import COOKIE

from .. import factories
from . import media_kit
from .test_editing import coordinator_client  # noqa: F401 - the fixture is used below


@pytest.fixture(scope="session")
def original_and_small(tmp_path_factory):
    """A 480p video and its small rendition, made once: the page tests need the files, not the wait."""
    folder = tmp_path_factory.mktemp("light-media")
    original = folder / "original.mp4"
    original.write_bytes(media_kit.video_bytes(seconds=1))
    make_small(original, folder / "small.mp4")
    return original.read_bytes(), (folder / "small.mp4").read_bytes()


@pytest.fixture
def course(tree):
    return factories.CoursePageFactory(parent=tree.courses, title="Gobernanza", slug="gobernanza")


@pytest.fixture
def lesson_with_video(course, original_and_small):
    original, small = original_and_small
    video = media_kit.video(original)
    rendition = media_kit.ready_rendition(video, small)
    media_kit.add_captions(video, "es", "pt")
    return media_kit.video_lesson(course, video), video, rendition


def sources(html: str) -> list[dict]:
    video = BeautifulSoup(html, "html.parser").select_one(".block-video video")
    return [{"src": source["src"], "media": source.get("media")} for source in video.select("source")]


def cost_line(html: str) -> str:
    line = BeautifulSoup(html, "html.parser").select_one(".media-cost")
    return " ".join(line.get_text(" ").replace("\xa0", " ").split())


# --- the rendition, made by the real ffmpeg ---------------------------------------------------------------


@pytest.mark.django_db
def test_an_uploaded_video_gets_a_360p_rendition_at_about_400_kbps(
    coordinator_client,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    original = media_kit.video_bytes(width=854, height=480, seconds=3)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("wagtailmedia:add", args=("video",)),
            {
                "title": "Asamblea",
                "file": SimpleUploadedFile("asamblea.mp4", original),
                "collection": media_kit.root_collection(),
                "duration": "0",
                "tags": "",
            },
        )

    assert response.status_code == 302, response.content.decode()[:2000]
    rendition = VideoRendition.objects.get()
    assert rendition.status == VideoRendition.Status.READY, rendition.problem
    small = probe(rendition.file.path)
    assert (small.width, small.height) == (640, 360)
    assert (small.video_codec, small.audio_codec) == ("h264", "aac")
    assert 250 <= rendition.bitrate_kbps <= 460, rendition.bitrate_kbps
    assert probe(Media.objects.get().file.path).bitrate_kbps > 2000
    assert rendition.size < len(original) / 4
    assert (rendition.width, rendition.height, rendition.size) == (640, 360, rendition.file.size)
    # What the editor left blank, as ffmpeg read it from the upload.
    assert round(Media.objects.get().duration) == 3


@pytest.mark.django_db
def test_a_video_filmed_upright_keeps_its_shape(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        video = media_kit.video(media_kit.video_bytes(width=480, height=854, seconds=1, noisy=False))

    rendition = VideoRendition.objects.get(video=video)
    assert (rendition.width, rendition.height) == (360, 640)


@pytest.mark.django_db
def test_a_video_ffmpeg_cannot_read_is_served_as_uploaded(client, course, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        video = media_kit.video(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)
    lesson = media_kit.video_lesson(course, video)

    assert VideoRendition.objects.get(video=video).status == VideoRendition.Status.FAILED
    assert sources(client.get(lesson.url).content.decode()) == [
        {"src": media_kit.lesson_address(lesson, video), "media": None}
    ]


# --- which file plays -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_phone_is_offered_the_small_rendition_and_a_wide_screen_the_uploaded_video(
    client, lesson_with_video
):
    lesson, video, rendition = lesson_with_video

    html = client.get(lesson.url).content.decode()

    # The browser takes the first source whose media matches: the small one up to 40rem (640 px) wide.
    assert sources(html) == [
        {"src": media_kit.lesson_address(lesson, video, "light"), "media": "(max-width: 40rem)"},
        {"src": media_kit.lesson_address(lesson, video), "media": None},
    ]
    assert 'preload="none"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headers", "cookies", "light_only"),
    [
        ({"Save-Data": "on"}, {}, True),
        ({}, {COOKIE: "on"}, True),
        ({"Save-Data": "on"}, {COOKIE: "off"}, False),  # the reader's own choice wins over the browser's
    ],
)
def test_a_reader_saving_data_is_served_the_small_rendition_only(
    client, lesson_with_video, headers, cookies, light_only
):
    lesson, video, rendition = lesson_with_video
    for name, value in cookies.items():
        client.cookies[name] = value

    response = client.get(lesson.url, headers=headers)

    offered = [source["src"] for source in sources(response.content.decode())]
    light, full = media_kit.lesson_address(lesson, video, "light"), media_kit.lesson_address(lesson, video)
    assert offered == ([light] if light_only else [light, full])
    assert "Save-Data" in response["Vary"]


@pytest.mark.django_db
def test_the_choice_to_save_data_is_remembered_and_can_be_undone(client, lesson_with_video):
    lesson, video, rendition = lesson_with_video
    html = client.get(lesson.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    turn_on = soup.find("a", string=lambda text: text and "Ahorrar datos" in text)

    response = client.get(turn_on["href"])

    assert response.status_code == 302 and response["Location"] == lesson.url
    assert response.cookies[COOKIE].value == "on" and response.cookies[COOKIE]["max-age"] == 365 * 24 * 3600
    html = client.get(lesson.url).content.decode()
    assert [source["src"] for source in sources(html)] == [media_kit.lesson_address(lesson, video, "light")]
    assert "Ahorro de datos activado." in cost_line(html)

    client.get(reverse("save_data") + f"?on=0&next={lesson.url}")
    assert len(sources(client.get(lesson.url).content.decode())) == 2


@pytest.mark.django_db
def test_the_choice_never_sends_the_reader_to_another_site(client):
    response = client.get(reverse("save_data") + "?on=1&next=https://elsewhere.example/")
    assert response["Location"] == "/es/"


@pytest.mark.django_db
def test_stored_public_pages_are_kept_apart_for_readers_saving_data(client, lesson_with_video):
    lesson, video, rendition = lesson_with_video
    assert len(sources(client.get(lesson.url).content.decode())) == 2  # stored for visitors
    assert client.get(lesson.url)["X-Clase-Cache"] == "hit"

    saving = client.get(lesson.url, headers={"Save-Data": "on"})

    assert [source["src"] for source in sources(saving.content.decode())] == [
        media_kit.lesson_address(lesson, video, "light")
    ]


@pytest.mark.django_db
def test_videos_uploaded_before_get_their_rendition_from_the_command(
    original_and_small, django_capture_on_commit_callbacks
):
    video = media_kit.video(original_and_small[0])
    VideoRendition.objects.all().delete()  # as for a video uploaded before renditions were made

    with django_capture_on_commit_callbacks(execute=True):
        call_command("make_small_renditions", stdout=StringIO())

    assert VideoRendition.objects.get(video=video).status == VideoRendition.Status.READY
