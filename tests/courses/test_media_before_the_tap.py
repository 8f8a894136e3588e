"""What a reader sees of a lesson's media before tapping: the size of each (in their language), the captions
offered (in the page's language first), YouTube and Vimeo as a light stand-in; and a gated lesson names none
of its media's addresses to a reader the access policy keeps out."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtailmedia.models import Media

from courses.levels import AccessLevel

from .. import factories
from . import media_kit

FULL, LIGHT, AUDIO = 39_845_888, 1_887_437, 1_950_000  # 38 MB, 1.8 MB, 1.9 MB


def text_of(html: str, selector: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [" ".join(element.get_text(" ").replace("\xa0", " ").split()) for element in soup.select(selector)]


@pytest.fixture
def course(tree):
    return factories.CoursePageFactory(parent=tree.courses, title="Gobernanza", slug="gobernanza")


@pytest.fixture
def media_lesson(course):
    """A lesson with a recording and a video of known sizes (their content is not played: the sizes of the
    video and its rendition are as recorded when they were made)."""
    video = media_kit.video(b"\x00\x00\x00\x18ftypmp42")
    media_kit.ready_rendition(video, b"\x00\x00\x00\x18ftypmp42", size=LIGHT, source_size=FULL)
    media_kit.add_captions(video, "es", "pt", "en")
    audio = Media.objects.create(
        title="Entrevista", type="audio", file=ContentFile(b"ID3" + b"\x00" * (AUDIO - 3), "entrevista.mp3")
    )
    return factories.LessonPageFactory(
        parent=course,
        body=[
            ("audio", {"audio": audio, "caption": "Entrevista con la gerente", "transcript": ""}),
            ("video", {"video": video, "caption": "", "transcript": ""}),
        ],
    )


@pytest.mark.django_db
def test_the_size_of_each_recording_and_video_is_shown_in_spanish(client, media_lesson):
    html = client.get(media_lesson.url).content.decode()

    audio, video = text_of(html, ".media-cost")
    assert audio.startswith("Escuchar 1,9 MB")
    # A phone is told the light version's size, a wider screen the uploaded video's (learning.css picks).
    assert text_of(html, ".media-cost .on-phone") == ["Ver 1,8 MB (versión liviana)"]
    assert text_of(html, ".media-cost .on-wide") == ["Ver 38 MB · Ahorrar datos: versión liviana, 1,8 MB"]
    assert "Ahorrar datos: versión liviana, 1,8 MB" in video
    assert 'preload="none"' in html.split("<audio", 1)[1].split(">", 1)[0]


@pytest.mark.django_db
def test_the_sizes_read_the_portuguese_way_on_the_portuguese_page(client, locales, media_lesson):
    portuguese = media_lesson.copy_for_translation(locales["pt"], copy_parents=True)
    portuguese.save_revision().publish()
    client.cookies["clase_save_data"] = "on"

    html = client.get(portuguese.url).content.decode()

    assert portuguese.url.startswith("/pt/")
    audio, video = text_of(html, ".media-cost")
    assert audio.startswith("Ouvir 1,9 MB")
    assert video.startswith(
        "Assistir 1,8 MB (versão leve) · Qualidade total: 38 MB · Economia de dados ativada."
    )


@pytest.mark.django_db
def test_captions_are_offered_with_the_pages_language_first_and_shown_by_default(
    client, locales, media_lesson
):
    portuguese = media_lesson.copy_for_translation(locales["pt"], copy_parents=True)
    portuguese.save_revision().publish()

    for page, language in ((media_lesson, "es"), (portuguese, "pt")):
        soup = BeautifulSoup(client.get(page.url).content, "html.parser")
        tracks = soup.select(".block-video video track")
        assert [track["srclang"] for track in tracks][0] == language
        assert sorted(track["srclang"] for track in tracks) == ["en", "es", "pt"]
        assert all(track["kind"] == "captions" and track["src"].endswith(".vtt") for track in tracks)
        assert [track["srclang"] for track in tracks if track.has_attr("default")] == [language]
        assert {track["label"] for track in tracks} == {"Español", "English", "Português"}


@pytest.mark.django_db
def test_a_youtube_video_is_a_light_stand_in_until_the_tap(client, course):
    Embed.objects.create(
        hash=get_embed_hash("https://www.youtube.com/watch?v=demo"),
        url="https://www.youtube.com/watch?v=demo",
        max_width=None,
        type="video",
        title="Asamblea en video",
        provider_name="YouTube",
        thumbnail_url="https://i.ytimg.com/vi/demo/hqdefault.jpg",
        html='<iframe width="200" height="113" src="https://www.youtube.com/embed/demo?feature=oembed"></iframe>',
    )
    lesson = factories.LessonPageFactory(
        parent=course, body=[("embed", {"url": "https://www.youtube.com/watch?v=demo", "caption": "Resumen"})]
    )

    html = client.get(lesson.url).content.decode()

    soup = BeautifulSoup(html, "html.parser")
    stand_in = soup.select_one(".block-embed a.video-facade")
    # Without JavaScript, a link to the video on YouTube; the script starts the cookie-less player, playing.
    assert stand_in["href"] == "https://www.youtube.com/watch?v=demo"
    assert stand_in["data-player"] == "https://www.youtube-nocookie.com/embed/demo?feature=oembed&autoplay=1"
    assert text_of(html, ".facade-label") == ["Reproducir en YouTube: Asamblea en video"]
    # Nothing from YouTube is loaded by the page itself: no frame, no thumbnail of theirs.
    assert "<iframe" not in html and "ytimg.com" not in html
    assert soup.select_one('script[src$="js/video_facade.js"]') is not None


@pytest.mark.django_db
def test_a_lesson_without_an_embedded_video_loads_no_video_script(client, media_lesson):
    assert "video_facade" not in client.get(media_lesson.url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "sees_the_media"), [("visitor", False), ("external", False), ("member", True)]
)
def test_a_members_lesson_names_its_video_rendition_and_captions_to_members_only(
    client, course, media_lesson, member, who, sees_the_media
):
    course.access_level = AccessLevel.MEMBERS
    course.save_revision().publish()
    if who != "visitor":
        client.force_login(member if who == "member" else factories.UserFactory())
    video = Media.objects.get(type="video")
    addresses = [
        media_kit.lesson_address(media_lesson, video),
        media_kit.lesson_address(media_lesson, video, "light"),
        media_kit.lesson_address(media_lesson, Media.objects.get(type="audio")),
        *(media_kit.lesson_address(media_lesson, video, "captions", lang) for lang in ("es", "pt", "en")),
    ]

    response = client.get(media_lesson.url)

    html = response.content.decode()
    assert [address in html for address in addresses] == [sees_the_media] * len(addresses)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_material_in_a_lesson_says_what_its_files_weigh(client, course, public_material):
    file = public_material.files.get()
    file.size = 1_234_567
    file.save()
    lesson = factories.LessonPageFactory(
        parent=course, body=[("material", {"material": public_material, "note": ""})]
    )

    html = client.get(lesson.url).content.decode()

    assert text_of(html, ".block-material p:nth-of-type(2)") == ["Guía de comercio justo (PDF · 1,2 MB)"]
    assert text_of(client.get(public_material.url).content.decode(), ".file-list .muted") == ["PDF · 1,2 MB"]
