"""A course saved for offline use: what the reader's device will store, for this reader, with its size.

A reader the access policy lets open a course may save it (static/js/offline.js asks for this manifest,
shows its size first, then stores each address in the course's own cache). It holds:

- the course page, its live lessons, and the materials the lessons point to that the policy lets this reader
  open, each rendered here exactly as the reader will receive it, to count its bytes (`_rendered`);
- the files of those materials as the download view hands them to this reader: the licensed copy stamped
  for them (courses/access/delivery.py), never the file itself, so a licence that forbids passing a file on
  travels with the copy; files whose terms the reader has not accepted yet are left out (and counted);
- each image at its smallest rendition, the other renditions the pages offer answered by it offline
  (`aliases`), and the audio and captions the pages play, at their lesson media addresses (which hand them
  out to readers the policy lets open the lesson: the saving device is one); videos are left out (too heavy;
  counted);
- the static files the pages use, as the pages name them (hashed in production), so a saved page always
  finds the very style and scripts it was saved with, whatever release comes after.

Every entry names the saved page it came with (`item`: the course, a lesson, a material). At each
reconnection the device asks which of the saved courses and materials the reader may still open, and which
lessons are still published (courses/access/keeping.py), and removes the others with what came with them.
"""

from __future__ import annotations

import copy
import os
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.http import QueryDict
from wagtail.images import get_image_model

from ..access import delivery
from ..access import policy as access
from ..learning.progress import quiz_blocks
from ..licensing import rules as licensing
from ..licensing.models import with_licensing
from . import media_addresses
from .course_pages import CoursePage
from .material_pages import MaterialPage


@dataclass(frozen=True)
class Entry:
    url: str
    bytes: int
    kind: str  # "page", "image", "media", "file" or "static"
    item: int  # the saved page it came with (course, lesson or material): removed with it


@dataclass
class Manifest:
    course: CoursePage
    url: str
    owner: int
    lessons: list[dict] = field(default_factory=list)  # id, url, title, quizzes [{id, title}]
    items: list[dict] = field(default_factory=list)  # id, kind ("course", "lesson", "material"), title
    entries: list[Entry] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    left_out: dict[str, int] = field(default_factory=dict)  # "terms", "video": how many were not saved

    @property
    def bytes(self) -> int:
        return sum(entry.bytes for entry in self.entries)

    def as_json(self) -> dict:
        return {
            "course": {"id": self.course.pk, "title": self.course.title, "url": self.url},
            "owner": self.owner,
            "language": self.course.locale.language_code,
            "lessons": self.lessons,
            "items": self.items,
            "entries": [asdict(entry) for entry in self.entries],
            "aliases": self.aliases,
            "bytes": self.bytes,
            "left_out": self.left_out,
        }


def course_manifest(request, course: CoursePage) -> Manifest:
    """What saving `course` stores for the reader of `request` (who may open it: the view asked the policy).
    Raises delivery.FilesUnavailable when a licensed copy cannot be made just now."""
    manifest = Manifest(course=course, url=course.get_url(request), owner=request.user.pk)
    lessons = list(course.lessons().order_by("path"))
    materials = _materials_open_to(request, lessons)
    pages = [("course", course), *(("lesson", lesson) for lesson in lessons)]
    pages += [("material", material) for material in materials]
    found = _Found()
    for kind, page in pages:
        html = _rendered(request, page)
        manifest.items.append({"id": page.pk, "kind": kind, "title": page.title})
        manifest.entries.append(Entry(page.get_url(request), len(html), "page", page.pk))
        found.read(html.decode(), page.pk)
    manifest.lessons = [
        {
            "id": lesson.pk,
            "url": lesson.get_url(request),
            "title": lesson.title,
            "quizzes": [
                {"id": block_id, "title": str(value.get("title", ""))}
                for block_id, value in quiz_blocks(lesson.body)
            ],
        }
        for lesson in lessons
    ]
    manifest.entries += _static_entries(found.static, course.pk)
    images, manifest.aliases = _smallest_renditions(found.renditions)
    manifest.entries += images
    manifest.entries += _media_entries(found.media)
    manifest.aliases.update(found.media_aliases)
    manifest.entries += _file_entries(request, materials, manifest.left_out)
    videos = sum(
        1 for lesson in lessons for block in lesson.body.raw_data if block["type"] in ("video", "embed")
    )
    if videos:
        manifest.left_out["video"] = videos
    return manifest


def _materials_open_to(request, lessons) -> list[MaterialPage]:
    """The live materials the lessons point to that this reader may open, in the lessons' order."""
    ids = [
        block["value"].get("material")
        for lesson in lessons
        for block in lesson.body.raw_data
        if block["type"] == "material" and isinstance(block.get("value"), dict)
    ]
    ids = list(dict.fromkeys(pk for pk in ids if isinstance(pk, int)))
    found = {page.pk: page for page in with_licensing(MaterialPage.objects.live()).filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found and access.decide(request, found[pk]).allowed]


def _rendered(request, page) -> bytes:
    """The page as this reader receives it when their device asks for it: the same view, the same context,
    read-only (no message is consumed, no form kept for them is taken), the same length of form token."""
    visit = copy.copy(request)
    visit.method = "GET"
    visit.GET, visit.POST = QueryDict(), QueryDict()
    visit.META = {**request.META, "REQUEST_METHOD": "GET", "QUERY_STRING": ""}
    visit.path = visit.path_info = page.get_url(request)
    visit.session = {}
    visit._messages = []
    response = page.specific.serve(visit)
    if hasattr(response, "render"):
        response.render()
    return response.content


class _Found(HTMLParser):
    """The addresses a rendered page loads: static files, image renditions (per image: every rendition the
    page offers), and the sources of audio and captions; never a video's."""

    def __init__(self):
        super().__init__()
        self.static: dict[str, None] = {}
        self.renditions: dict[str, int] = {}
        self.media: dict[str, int] = {}
        self.media_aliases: dict[str, str] = {}  # an audio's other sources -> its first, the one kept
        self._item = 0
        self._in_video = False
        self._audio_source: str | None = None  # the first source of the audio being read

    def read(self, html: str, item: int) -> None:
        self._item = item
        self.feed(html)
        self.close()
        self.reset()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "video":
            self._in_video = True
        elif tag == "audio":
            self._audio_source = attributes.get("src") or ""
            if self._audio_source:
                self.media.setdefault(self._audio_source, self._item)
        elif tag == "source" and self._audio_source is not None and attributes.get("src"):
            # The browser plays the first source it can: the first is kept, the others answered by it.
            if self._audio_source:
                self.media_aliases.setdefault(attributes["src"], self._audio_source)
            else:
                self._audio_source = attributes["src"]
                self.media.setdefault(self._audio_source, self._item)
        elif (tag == "link" and attributes.get("rel") == "stylesheet") or tag == "script":
            address = attributes.get("href" if tag == "link" else "src") or ""
            if address.startswith(settings.STATIC_URL):
                self.static[address] = None
        elif self._in_video:
            if tag == "track" and attributes.get("src"):  # captions are light: kept for the video online
                self.media.setdefault(attributes["src"], self._item)
        elif tag == "img" or (tag == "source" and attributes.get("srcset")):
            for address in filter(None, [attributes.get("src"), *_srcset(attributes.get("srcset"))]):
                self.renditions.setdefault(address, self._item)
        elif tag == "track" and attributes.get("src"):  # captions
            self.media.setdefault(attributes["src"], self._item)

    def handle_endtag(self, tag):
        if tag == "video":
            self._in_video = False
        elif tag == "audio":
            self._audio_source = None


def _srcset(value: str | None) -> list[str]:
    return [candidate.strip().split(" ")[0] for candidate in (value or "").split(",") if candidate.strip()]


def _static_entries(addresses, item: int) -> list[Entry]:
    entries = []
    for address in addresses:
        name = address.removeprefix(settings.STATIC_URL).split("?")[0]
        entries.append(Entry(address, _static_size(name), "static", item))
    return entries


def _static_size(name: str) -> int:
    try:
        return staticfiles_storage.size(name)
    except (OSError, NotImplementedError, ValueError):  # not collected (development, tests): the source file
        path = finders.find(re.sub(r"\.[0-9a-f]{12}(\.\w+)$", r"\1", name))
        return 0 if path is None else os.path.getsize(path)


def _storage_name(address: str) -> str | None:
    base = default_storage.url("")
    return address.removeprefix(base) if address.startswith(base) else None


def _smallest_renditions(offered: dict[str, int]) -> tuple[list[Entry], dict[str, str]]:
    """One entry per image, its smallest rendition of those the pages offer; {other rendition: that one}."""
    names = {name: address for address in offered if (name := _storage_name(address))}
    renditions = get_image_model().get_rendition_model().objects.filter(file__in=list(names))
    by_image = defaultdict(list)
    for rendition in renditions:
        address = names[rendition.file.name]
        by_image[rendition.image_id].append((rendition.file.size, address))
    entries, aliases = [], {}
    for sizes in by_image.values():
        size, smallest = min(sizes)
        entries.append(Entry(smallest, size, "image", offered[smallest]))
        aliases.update({address: smallest for _size, address in sizes if address != smallest})
    return entries, aliases


def _media_entries(found: dict[str, int]) -> list[Entry]:
    """The recordings and captions the pages play, under their lesson media addresses (the device fetches them
    as this reader, whom the lesson media view asks the policy about, like any reader)."""
    asked = {address: media_addresses.asked_by(address) for address in found}
    media = {
        item.pk: item
        for item in media_addresses.media_with_light_forms({a.media_id for a in asked.values() if a})
    }
    entries = []
    for address, item in found.items():
        wanted = asked[address]
        stored = wanted and media.get(wanted.media_id)
        stored = stored and media_addresses.file_of(stored, wanted.kind, wanted.language)
        if stored and stored.storage.exists(stored.name):
            entries.append(Entry(address, stored.size, "media", item))
    return entries


def _file_entries(request, materials, left_out: dict[str, int]) -> list[Entry]:
    """Each file of each material as this reader downloads it: the licensed copy's size."""
    downloader = delivery.downloader_for(request.user, is_member=access.viewer_for(request.user).is_member)
    entries = []
    for material in materials:
        files = list(material.files.all())
        if licensing.acceptance_needed(request.user, material) is not None:
            left_out["terms"] = left_out.get("terms", 0) + len(files)
            continue
        for material_file in files:
            size = delivery.delivered_size(material, material_file, downloader, request.LANGUAGE_CODE)
            entries.append(Entry(material_file.get_download_url(), size, "file", material.pk))
    return entries
