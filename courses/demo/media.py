"""Media made for the demo by ffmpeg (the one the portal ships: courses/catalogue/renditions.py): a few
seconds of video (a test picture and a tone) with its captions in three languages, and a short recording.
Made in a second or two; the video's small rendition is made by the portal's own background task once
`load_demo` commits, as for a video an editor uploads."""

import subprocess  # noqa: S404 — ffmpeg with a list of arguments
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from wagtailmedia.models import Media

from courses.catalogue.light_media import VideoCaptions
from courses.catalogue.renditions import ffmpeg

SECONDS = 4
CAPTIONS = {
    "es": ["Bienvenidos a la asamblea general de la cooperativa.", "Hoy votamos el plan de la prima."],
    "en": ["Welcome to the cooperative's general assembly.", "Today we vote on the premium plan."],
    "pt": ["Bem-vindos à assembleia geral da cooperativa.", "Hoje votamos o plano do prêmio."],
}


def _made_by_ffmpeg(arguments: list[str], suffix: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"demo{suffix}"
        subprocess.run(  # noqa: S603
            [ffmpeg(), "-hide_banner", "-nostdin", "-y", *arguments, str(target)],
            check=True,
            capture_output=True,
        )
        return target.read_bytes()


def video_mp4() -> bytes:
    """720p, about 2 Mbit/s: as a phone films it, so that its small rendition has something to save."""
    return _made_by_ffmpeg(
        [
            "-f", "lavfi", "-i", f"testsrc2=size=1280x720:rate=25:duration={SECONDS}",
            "-f", "lavfi", "-i", f"sine=frequency=330:duration={SECONDS}",
            "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "2M", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "128k", "-shortest", "-movflags", "+faststart",
        ],
        ".mp4",
    )  # fmt: skip


def audio_m4a() -> bytes:
    return _made_by_ffmpeg(
        [
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=220:duration=20",
            "-af",
            "volume=0.2",
            "-c:a",
            "aac",
            "-b:a",
            "64k",
        ],
        ".m4a",
    )


def captions_vtt(language: str) -> bytes:
    first, second = CAPTIONS[language]
    middle, end = f"00:00:{SECONDS / 2:06.3f}", f"00:00:{SECONDS:06.3f}"
    return f"WEBVTT\n\n00:00:00.000 --> {middle}\n{first}\n\n{middle} --> {end}\n{second}\n".encode()


def ensure_demo_media() -> dict[str, Media]:
    """The demo's video (with captions) and recording, made once: found by title when they exist."""
    video = Media.objects.filter(type="video", title="Asamblea general (demo)").first()
    if video is None:
        video = Media.objects.create(
            title="Asamblea general (demo)",
            type="video",
            file=ContentFile(video_mp4(), "asamblea-general.mp4"),
        )
        for language in CAPTIONS:
            content = captions_vtt(language)
            VideoCaptions.objects.create(
                video=video,
                language=language,
                file=ContentFile(content, f"asamblea-general.{language}.vtt"),
                size=len(content),
            )
    audio = Media.objects.filter(type="audio", title="Entrevista (demo)").first()
    if audio is None:
        audio = Media.objects.create(
            title="Entrevista (demo)",
            type="audio",
            duration=20,
            file=ContentFile(audio_m4a(), "entrevista.m4a"),
        )
    return {"asamblea": video, "entrevista": audio}
