"""The check of a captions file an editor attaches to a video: a real WebVTT file, the only kind of track
browsers show (`<track>`), with a message that says what to do when it is not."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .validators import validate_file_size

MAX_SIZE = 1024 * 1024  # a feature film's captions are a few hundred kilobytes
TIME = r"(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}"
CUE_TIMING = re.compile(rf"^({TIME})[ \t]+-->[ \t]+({TIME})(?:[ \t].*)?$")
SUBRIP_TIMING = re.compile(r"^\d{2}:\d{2}:\d{2},\d{3}\s+-->\s+\d{2}:\d{2}:\d{2},\d{3}")


def _seconds(time: str) -> float:
    parts = [float(part) for part in time.split(":")]
    return sum(part * 60**power for power, part in enumerate(reversed(parts)))


def validate_webvtt(upload) -> None:
    """Refuse a file that is not WebVTT: wrong extension, not UTF-8 text, no `WEBVTT` first line (a SubRip
    file named as such), a cue time browsers would not read, or no cue at all."""
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".vtt"):
        raise ValidationError(_("Captions must be a WebVTT file, ending in .vtt."), code="captions_not_vtt")
    validate_file_size(upload, MAX_SIZE)
    upload.seek(0)
    raw = upload.read()
    upload.seek(0)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            _(
                "This captions file is not UTF-8 text. Save it as UTF-8 in your subtitle editor and upload "
                "it again."
            ),
            code="captions_not_utf8",
        ) from error
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        if any(SUBRIP_TIMING.match(line) for line in lines[:20]):
            message = _(
                "This is a SubRip (.srt) file renamed .vtt. Export it as WebVTT (.vtt) from your subtitle "
                "editor and upload it again."
            )
        else:
            message = _("This file is not WebVTT: its first line must be “WEBVTT”.")
        raise ValidationError(message, code="captions_not_webvtt")
    cues = 0
    for number, line in enumerate(lines, start=1):
        if "-->" not in line:
            continue
        timing = CUE_TIMING.match(line.strip())
        if timing is None or _seconds(timing[2]) < _seconds(timing[1]):
            raise ValidationError(
                _(
                    "Line %(number)s has a time browsers cannot read: “%(line)s”. Write times as "
                    "00:01:02.500 --> 00:01:05.000, the end after the start."
                )
                % {"number": number, "line": line.strip()[:80]},
                code="captions_bad_time",
            )
        cues += 1
    if not cues:
        raise ValidationError(
            _(
                "This captions file has no captions: no line with times such as "
                "00:00:01.000 --> 00:00:04.000."
            ),
            code="captions_empty",
        )
