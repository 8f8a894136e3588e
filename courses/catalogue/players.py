"""What a lesson's video, recording or embedded video offers its reader before the tap: which file plays on
a phone and for a reader saving data, the captions, and the size of each.

Which file plays (docs/reach.md, *Light media*):
- a reader saving data (the choice kept in a cookie, or the browser's `Save-Data: on`: portal/save_data.py)
  is given the small rendition only, and a link to the full video;
- otherwise the page offers both, the small rendition first with `media="(max-width: 40rem)"`: the browser
  picks it on a phone-sized screen and the uploaded video on a wider one, with no script and with the same
  HTML for everyone (so the page and its fragments stay cacheable). Chromium reads `media` on a video's
  `<source>` again since version 120, Firefox and Safari always did; a browser that ignored it would take the
  small one everywhere, which costs nobody data.
Until the rendition is ready (or if it could not be made, or would not be smaller) the uploaded video is
served, as before.

Every file is named by its lesson media address (courses/catalogue/media_addresses.py), which asks the access
policy when the file is fetched; a preview in the admin (no lesson yet, perhaps) names the editors' ones."""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import urlsplit

from django.db.models import prefetch_related_objects
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException

from ..access.storage import STORAGE_ERRORS
from . import media_addresses

PHONE = "(max-width: 40rem)"  # the same width as the size shown in learning.css


@dataclass(frozen=True)
class Track:
    url: str
    language: str
    label: str
    default: bool


@dataclass(frozen=True)
class VideoPlayer:
    video: object  # wagtailmedia's Media
    full_url: str
    full_type: str
    light_url: str  # the small rendition's address; "" when there is none to offer
    light_size: int
    full_size: int
    tracks: tuple[Track, ...]
    saves_data: bool

    @property
    def has_light(self) -> bool:
        return bool(self.light_url)

    @property
    def phone_media(self) -> str:
        return PHONE


def file_size(media) -> int:
    """An uploaded media file's size; 0 when the storage cannot say just now (then none is shown)."""
    rendition = getattr(media, "small_rendition", None)
    if rendition is not None and rendition.source_name == media.file.name and rendition.source_size:
        return rendition.source_size
    try:
        return media.file.size if media.file else 0
    except STORAGE_ERRORS:
        return 0


def addresses(lesson_id: int | None):
    """A function naming a media's files (media, kind, language) for the lesson `lesson_id`; with None (a
    preview in the admin), the editors' addresses."""
    if lesson_id is None:
        return lambda media, kind, language="": media_addresses.file_of(media, kind, language).url
    return lambda media, kind, language="": media_addresses.address(lesson_id, media.pk, kind, language)


def media_type(media) -> str:
    """The type a `<source>` announces, as wagtailmedia names it."""
    return mimetypes.guess_type(media.filename)[0] or "application/octet-stream"


def video_player(video, *, language: str, saves_data: bool, lesson_id: int | None) -> VideoPlayer:
    """The player of `video` for a reader of `language` in the lesson `lesson_id` (its rendition and captions
    prefetched: see `prefetch_light_media`)."""
    named = addresses(lesson_id)
    full_size = file_size(video)
    rendition = getattr(video, "small_rendition", None)
    usable = (
        rendition is not None
        and rendition.ready
        and rendition.source_name == video.file.name
        and (not full_size or rendition.size < full_size)
    )
    tracks = sorted(video.captions.all(), key=lambda track: (track.language != language, track.language))
    return VideoPlayer(
        video=video,
        full_url=named(video, media_addresses.FULL),
        full_type=media_type(video),
        light_url=named(video, media_addresses.LIGHT) if usable else "",
        light_size=rendition.size if usable else 0,
        full_size=full_size,
        tracks=tuple(
            Track(
                url=named(video, media_addresses.CAPTIONS, track.language),
                language=track.language,
                label=track.label,
                default=track.language == language,
            )
            for track in tracks
        ),
        saves_data=saves_data,
    )


def prefetch_light_media(videos) -> None:
    """Read the renditions and captions of several videos at once (a lesson's blocks)."""
    if videos:
        prefetch_related_objects(list(videos), "small_rendition", "captions")


IFRAME_SRC = re.compile(r"""<iframe[^>]*\ssrc=["']([^"']+)["']""", re.IGNORECASE)
PLAYERS = {"youtube": "YouTube", "vimeo": "Vimeo"}


@dataclass(frozen=True)
class EmbedFacade:
    """A YouTube or Vimeo video shown as a light stand-in until it is tapped: the page loads nothing from the
    video site. Without JavaScript the stand-in is a link to the video on its site; with it, a tap puts the
    site's player in its place, playing (static/js/video_facade.js)."""

    watch_url: str  # the address the editor gave: the video on its site
    player_url: str  # the site's player, started by the tap ("" when the embed has none: then only the link)
    title: str
    site: str


def embed_facade(value) -> EmbedFacade | None:
    """The stand-in of an embed block's value (Wagtail's EmbedValue), from the oEmbed answer Wagtail keeps
    (fetched once, when the editor saved the address); a plain link when there is none to be had."""
    if not value or not getattr(value, "url", ""):
        return None
    try:
        embed = get_embed(value.url, value.max_width, value.max_height)
    except EmbedException:
        embed = None
    found = IFRAME_SRC.search(embed.html or "") if embed is not None else None
    player = unescape(found[1]) if found else ""
    if player:
        # YouTube's player without its cookies until the reader plays (the content security policy allows it).
        player = player.replace("://www.youtube.com/embed/", "://www.youtube-nocookie.com/embed/")
        player += ("&" if "?" in player else "?") + "autoplay=1"
    provider = (embed.provider_name or "").strip() if embed is not None else ""
    known = next((name for key, name in PLAYERS.items() if key in (provider or value.url).lower()), "")
    return EmbedFacade(
        watch_url=value.url,
        player_url=player,
        title=(embed.title or "") if embed is not None else "",
        site=known or provider or urlsplit(value.url).hostname or "",
    )
