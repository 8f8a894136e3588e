"""ffmpeg, for the small rendition of a video and for reading what a video file is.

ffmpeg comes inside a Python package (`imageio-ffmpeg`, a static build with libx264 and AAC): the two
README commands install it with the rest of the lock file, and nothing is installed on the machine by hand.
`IMAGEIO_FFMPEG_EXE` names another ffmpeg when one is wanted."""

from __future__ import annotations

import re
import subprocess  # noqa: S404 — ffmpeg is run with a list of arguments, never through a shell
from dataclasses import dataclass
from pathlib import Path

import imageio_ffmpeg

# The small rendition: 360 lines (the shorter side, for a video filmed upright too), about 400 kbit/s in
# all, H.264 (Main profile, which every phone of the last decade decodes) and AAC, in MP4 with its index
# first, so that playing starts before the whole file has come.
SHORT_SIDE = 360
VIDEO_KBPS = 330
AUDIO_KBPS = 64
TARGET_KBPS = VIDEO_KBPS + AUDIO_KBPS
TIMEOUT_SECONDS = 60 * 60  # an hour of a 200 MB upload on one core is far more than enough


class FfmpegFailed(Exception):
    """ffmpeg could not read or write a video; the message holds its last lines."""


@dataclass(frozen=True)
class Probe:
    """What ffmpeg reads of a media file."""

    duration: float  # seconds
    bitrate_kbps: int | None  # the whole file's, as the container says
    video_codec: str | None
    width: int | None
    height: int | None
    audio_codec: str | None


def ffmpeg() -> str:
    return imageio_ffmpeg.get_ffmpeg_exe()


def _run(arguments: list[str], *, timeout: int = TIMEOUT_SECONDS) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 — our own arguments; the file names are paths we made
        [ffmpeg(), "-hide_banner", "-nostdin", *arguments],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        check=False,
    )


def _last_words(stderr: str) -> str:
    return "\n".join(stderr.strip().splitlines()[-8:])


DURATION = re.compile(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)")
BITRATE = re.compile(r"Duration: .*?bitrate: (\d+) kb/s")
VIDEO = re.compile(r"Stream #\S+.*?: Video: (\w+).*?, (\d{2,5})x(\d{2,5})")
AUDIO = re.compile(r"Stream #\S+.*?: Audio: (\w+)")


def probe(path: Path | str) -> Probe:
    """Read a media file's duration, bit rate, codecs and picture size (ffmpeg's own report of its input)."""
    # With no output ffmpeg exits 1 after describing the input: the description is what is read.
    stderr = _run(["-i", str(path)], timeout=60).stderr
    duration = DURATION.search(stderr)
    if duration is None:
        raise FfmpegFailed(_last_words(stderr))
    hours, minutes, seconds = duration.groups()
    video, audio, bitrate = VIDEO.search(stderr), AUDIO.search(stderr), BITRATE.search(stderr)
    return Probe(
        duration=int(hours) * 3600 + int(minutes) * 60 + float(seconds),
        bitrate_kbps=int(bitrate[1]) if bitrate else None,
        video_codec=video[1] if video else None,
        width=int(video[2]) if video else None,
        height=int(video[3]) if video else None,
        audio_codec=audio[1] if audio else None,
    )


def make_small(source: Path, target: Path) -> Probe:
    """Write the small rendition of `source` to `target` (an .mp4 path) and return what it is."""
    # Scale so that the shorter side is 360 (never up); -2 keeps the other side even, as H.264 wants.
    landscape = f"scale='if(gte(iw,ih),-2,min({SHORT_SIDE},iw))':'if(gte(iw,ih),min({SHORT_SIDE},ih),-2)'"
    result = _run(
        [
            "-y",
            "-i", str(source),
            "-map", "0:v:0", "-map", "0:a:0?",  # the first picture and the first sound, if any
            "-vf", landscape,
            "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-pix_fmt", "yuv420p",
            "-b:v", f"{VIDEO_KBPS}k", "-maxrate", f"{VIDEO_KBPS + 30}k", "-bufsize", f"{2 * VIDEO_KBPS}k",
            "-c:a", "aac", "-b:a", f"{AUDIO_KBPS}k", "-ac", "2",
            "-movflags", "+faststart",
            str(target),
        ]
    )  # fmt: skip
    if result.returncode != 0 or not target.exists():
        raise FfmpegFailed(_last_words(result.stderr))
    return probe(target)
