"""The addresses of a lesson's media, and what each of them hands out.

A lesson's video, recording, small rendition and captions live in the private storage
(courses/access/storage.py). The lesson page names them by addresses of the lesson media view
(`/lesson-media/<lesson>/<media>/…`, courses/views/lesson_media.py), which hands a file out only when the
access policy lets the reader open that lesson, and the lesson uses that media. The address is the same for
every reader, so the page and its stored fragments stay shareable; the check is made when the file is asked
for. The saved copy of a course (courses/catalogue/offline.py) keeps audio and captions under these same
addresses."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import Resolver404, resolve, reverse
from wagtailmedia.models import get_media_model

FULL, LIGHT, CAPTIONS = "full", "light", "captions"
MEDIA_BLOCKS = {"video": "video", "audio": "audio"}  # a lesson body's block type -> its media field


def address(lesson_id: int, media_id: int, kind: str = FULL, language: str = "") -> str:
    if kind == CAPTIONS:
        return reverse(
            "lesson_media_captions",
            kwargs={"lesson_id": lesson_id, "media_id": media_id, "language": language},
        )
    name = "lesson_media_light" if kind == LIGHT else "lesson_media"
    return reverse(name, kwargs={"lesson_id": lesson_id, "media_id": media_id})


def media_ids(body) -> frozenset[int]:
    """The videos and recordings a lesson's body (a StreamField value) plays."""
    found = set()
    for block in body.raw_data:
        field = MEDIA_BLOCKS.get(block["type"])
        value = block.get("value")
        if field and isinstance(value, dict) and isinstance(value.get(field), int):
            found.add(value[field])
    return frozenset(found)


@dataclass(frozen=True)
class Asked:
    lesson_id: int
    media_id: int
    kind: str
    language: str = ""


def asked_by(url: str) -> Asked | None:
    """What a lesson media address asks for; None for any other address."""
    try:
        match = resolve(url.split("?")[0])
    except Resolver404:
        return None
    kinds = {"lesson_media": FULL, "lesson_media_light": LIGHT, "lesson_media_captions": CAPTIONS}
    if match.url_name not in kinds:
        return None
    return Asked(kind=kinds[match.url_name], **match.kwargs)


def file_of(media, kind: str, language: str = ""):
    """The stored file an address hands out for `media` (its rendition and captions prefetched or read now):
    a FieldFile, or None when there is none (no rendition ready, no captions in that language)."""
    if kind == FULL:
        return media.file or None
    if kind == LIGHT:
        rendition = getattr(media, "small_rendition", None)
        return rendition.file if rendition is not None and rendition.ready else None
    track = next((track for track in media.captions.all() if track.language == language), None)
    return track.file if track is not None else None


def media_with_light_forms(media_ids_wanted):
    return (
        get_media_model()
        .objects.select_related("small_rendition")
        .prefetch_related("captions")
        .filter(pk__in=list(media_ids_wanted))
    )
