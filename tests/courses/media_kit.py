"""Real media for the tests of light media: a short video made by ffmpeg itself (the one the portal ships,
imageio-ffmpeg), its small rendition made by the portal's own task, WebVTT captions."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from wagtailmedia.models import Media

from courses.catalogue.renditions import ffmpeg


def video_bytes(*, width: int = 854, height: int = 480, seconds: int = 2, noisy: bool = True) -> bytes:
    """A few seconds of test picture and a tone, H.264 and AAC at about 3 Mbit/s: a video as a phone films it.
    The picture is noisy, so that no encoder can squeeze it below the bit rate it is asked for."""
    picture = f"testsrc2=size={width}x{height}:rate=25:duration={seconds}"
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "video.mp4"
        subprocess.run(  # noqa: S603
            [
                ffmpeg(), "-hide_banner", "-nostdin", "-y",
                "-f", "lavfi", "-i", picture,
                "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
                *(["-vf", "noise=alls=40:allf=t"] if noisy else []),
                "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "3M", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "128k", "-shortest", str(target),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        return target.read_bytes()


CAPTIONS = {
    "es": "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nLa asamblea decide el presupuesto.\n",
    "pt": "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nA assembleia decide o orçamento.\n",
    "en": "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nThe assembly decides the budget.\n",
}


def video(content: bytes, name: str = "asamblea.mp4", **fields) -> Media:
    return Media.objects.create(title="Asamblea", type="video", file=ContentFile(content, name), **fields)


def add_captions(video: Media, *languages: str) -> None:
    from courses.catalogue.light_media import VideoCaptions

    for language in languages:
        VideoCaptions.objects.create(
            video=video,
            language=language,
            file=ContentFile(CAPTIONS[language].encode(), f"asamblea.{language}.vtt"),
            size=len(CAPTIONS[language].encode()),
        )


def video_lesson(course, video: Media, **fields):
    from .. import factories

    return factories.LessonPageFactory(
        parent=course,
        body=[("video", {"video": video, "caption": "Una asamblea real", "transcript": ""})],
        **fields,
    )


def ready_rendition(video: Media, content: bytes, *, size: int | None = None, source_size: int | None = None):
    """Mark `video`'s rendition made, from `content` (a rendition made once for the session)."""
    from courses.catalogue.light_media import VideoRendition

    rendition, _created = VideoRendition.objects.get_or_create(
        video=video, defaults={"source_name": video.file.name}
    )
    rendition.file.save("asamblea.mp4", ContentFile(content), save=False)
    rendition.source_name, rendition.source_size = video.file.name, source_size or video.file.size
    rendition.size = size or len(content)
    rendition.status, rendition.width, rendition.height = VideoRendition.Status.READY, 640, 360
    rendition.save()
    return rendition


def root_collection() -> int:
    from wagtail.models import Collection

    return Collection.get_first_root_node().pk


def lesson_address(lesson, media: Media, kind: str = "full", language: str = "") -> str:
    """Where the lesson page names `media`'s file (its rendition's, its captions'): the lesson media view."""
    from courses.catalogue.media_addresses import address

    return address(lesson.pk, media.pk, kind, language)
