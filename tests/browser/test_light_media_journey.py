"""A learner on a phone (390 px) opens a video lesson: nothing of the video comes before the tap, then the
small rendition plays (made by ffmpeg when the video was saved) with the captions of the page's language on
screen; a desktop plays the uploaded video. A tap on a YouTube stand-in puts the player in its place."""

import pytest
from playwright.sync_api import expect
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from courses.catalogue.light_media import VideoRendition

from .. import factories
from ..courses import media_kit

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PLAYER = "document.querySelector('.block-video video')"


@pytest.fixture
def lesson(tree):
    # Saved outside any transaction: the rendition is made at once by the background task (run immediately
    # in the tests, as in the demo).
    video = media_kit.video(media_kit.video_bytes(seconds=3, noisy=False))
    media_kit.add_captions(video, "es", "pt")
    course = factories.CoursePageFactory(parent=tree.courses, title="Gobernanza", slug="gobernanza")
    return media_kit.video_lesson(course, video, title="La asamblea en video", slug="asamblea")


def open_lesson(browser, url: str, device: dict):
    context = browser.new_context(locale="es-ES", **device)
    page = context.new_page()
    page.set_default_timeout(15_000)
    videos_fetched = []  # (address, status) of the video files asked: courses/catalogue/media_addresses.py
    page.on(
        "response",
        lambda response: (
            videos_fetched.append((response.url, response.status))
            if "/lesson-media/" in response.url and "/captions/" not in response.url
            else None
        ),
    )
    page.goto(url)
    return context, page, videos_fetched


def test_a_phone_plays_the_small_rendition_with_captions_in_the_pages_language(
    live_server, chromium_browser, lesson
):
    rendition = VideoRendition.objects.get()
    assert rendition.status == VideoRendition.Status.READY, rendition.problem
    video = rendition.video
    context, page, videos_fetched = open_lesson(chromium_browser, live_server.url + lesson.url, PHONE)

    page.wait_for_load_state("networkidle")
    assert videos_fetched == []  # preload="none": a tap costs data, opening the page does not
    light, full = media_kit.lesson_address(lesson, video, "light"), media_kit.lesson_address(lesson, video)
    assert page.evaluate(f"{PLAYER}.currentSrc") == live_server.url + light
    expect(page.locator(".media-cost .on-phone")).to_be_visible()
    expect(page.locator(".media-cost .on-wide")).to_be_hidden()

    page.evaluate(f"() => {{ const video = {PLAYER}; video.muted = true; return video.play(); }}")
    page.wait_for_function(f"() => {PLAYER}.currentTime > 0.5")

    tracks = page.evaluate(
        f"""() => [...{PLAYER}.textTracks].map(track => ({{
            language: track.language,
            mode: track.mode,
            shown: track.activeCues ? [...track.activeCues].map(cue => cue.text) : [],
        }}))"""
    )
    assert tracks == [
        {"language": "es", "mode": "showing", "shown": ["La asamblea decide el presupuesto."]},
        {"language": "pt", "mode": "disabled", "shown": []},
    ]
    assert videos_fetched and all(url.endswith(light) for url, _status in videos_fetched)
    # The player asks for the file in parts, and gets them: 206 Partial Content (iOS Safari needs it).
    assert {status for _url, status in videos_fetched} == {206}
    assert not [url for url, _status in videos_fetched if url.endswith(full)]
    context.close()


def test_a_desktop_plays_the_uploaded_video(live_server, chromium_browser, lesson):
    video = VideoRendition.objects.get().video
    context, page, _fetched = open_lesson(chromium_browser, live_server.url + lesson.url, DESKTOP)

    assert page.evaluate(f"{PLAYER}.currentSrc") == live_server.url + media_kit.lesson_address(lesson, video)
    expect(page.locator(".media-cost .on-wide")).to_be_visible()
    context.close()


def test_a_tap_on_an_embedded_video_puts_its_player_in_place(live_server, chromium_browser, tree):
    # The site's player is a local address here, and every request off this machine is stopped: the test
    # checks what the page does on the tap, without reaching YouTube.
    player = f"{live_server.url}/es/player-stand-in/"
    Embed.objects.create(
        hash=get_embed_hash("https://www.youtube.com/watch?v=demo"),
        url="https://www.youtube.com/watch?v=demo",
        max_width=None,
        type="video",
        title="Asamblea en video",
        provider_name="YouTube",
        html=f'<iframe src="{player}"></iframe>',
    )
    course = factories.CoursePageFactory(parent=tree.courses, title="Gobernanza", slug="gobernanza")
    lesson = factories.LessonPageFactory(
        parent=course, slug="resumen", body=[("embed", {"url": "https://www.youtube.com/watch?v=demo"})]
    )
    context = chromium_browser.new_context(locale="es-ES", **PHONE)
    page = context.new_page()
    elsewhere = []
    page.route(
        lambda url: not url.startswith(live_server.url),
        lambda route: (elsewhere.append(route.request.url), route.abort()),
    )
    page.goto(live_server.url + lesson.url)
    page.wait_for_load_state("networkidle")
    assert page.locator("iframe").count() == 0 and elsewhere == []

    page.get_by_role("link", name="Reproducir en YouTube: Asamblea en video").click()

    expect(page.locator(".block-embed iframe")).to_have_attribute("src", f"{player}?autoplay=1")
    expect(page.locator("a.video-facade")).to_have_count(0)
    context.close()
