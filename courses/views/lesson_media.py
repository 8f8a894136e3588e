"""A lesson's video, recording, small rendition and captions, handed out only to readers the access policy
lets open the lesson (courses/catalogue/media_addresses.py names them; courses/access/streaming.py hands them
out, answering the ranges a player asks for)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views.decorators.http import require_GET
from wagtailmedia.models import get_media_model

from portal.speed import page_cache

from ..access import policy as access
from ..access import streaming
from ..access.storage import STORAGE_ERRORS
from ..catalogue import media_addresses
from ..catalogue.light_media import VideoCaptions, VideoRendition
from ..models import LessonPage


def _lesson(lesson_id: int):
    """(the lesson's course, {(media, kind, language): the file's name} for every file its body plays), or
    False. Kept in memory until pages are published again, or a video, its rendition or captions change
    (courses/apps.py): that is also how a lesson stops being live or stops playing a video. A file is then
    handed out for the cost of the policy's decision alone."""
    lesson = LessonPage.objects.live().filter(pk=lesson_id).only("pk", "path", "depth", "body").first()
    if lesson is None:
        return False
    course = lesson.gated_item
    if course is None or not course.live:
        return False
    names = {}
    for media in media_addresses.media_with_light_forms(media_addresses.media_ids(lesson.body)):
        names[(media.pk, media_addresses.FULL, "")] = media_addresses.file_of(media, media_addresses.FULL)
        names[(media.pk, media_addresses.LIGHT, "")] = media_addresses.file_of(media, media_addresses.LIGHT)
        for track in media.captions.all():
            names[(media.pk, media_addresses.CAPTIONS, track.language)] = track.file
    return course, {key: stored.name for key, stored in names.items() if stored}


def _hand_out(request, lesson_id: int, media_id: int, kind: str, language: str = ""):
    found = page_cache.kept(request, f"lesson-media:{lesson_id}", lambda: _lesson(lesson_id))
    if not found or not any(key[0] == media_id for key in found[1]):
        raise Http404
    course, names = found
    if not access.decide(request, course).allowed:
        raise PermissionDenied
    name = names.get((media_id, kind, language))
    if name is None:
        raise Http404
    model = {media_addresses.FULL: get_media_model(), media_addresses.LIGHT: VideoRendition}.get(
        kind, VideoCaptions
    )
    try:
        return streaming.stream(request, model._meta.get_field("file").storage, name)
    except (FileNotFoundError, STORAGE_ERRORS) as error:
        raise Http404 from error


@require_GET
def lesson_media(request, lesson_id: int, media_id: int):
    return _hand_out(request, lesson_id, media_id, media_addresses.FULL)


@require_GET
def lesson_media_light(request, lesson_id: int, media_id: int):
    return _hand_out(request, lesson_id, media_id, media_addresses.LIGHT)


@require_GET
def lesson_media_captions(request, lesson_id: int, media_id: int, language: str):
    return _hand_out(request, lesson_id, media_id, media_addresses.CAPTIONS, language)


@require_GET
def for_editors(request, name: str):
    """A lesson media file for the admin (the video's page in *Media*, previews), by its name in the storage:
    the admin's own check (wagtail_hooks.py registers it among the admin's addresses) lets editors in. Only
    the files of videos, recordings, renditions and captions: never a material's."""
    known = (
        get_media_model().objects.filter(file=name).exists()
        or VideoRendition.objects.filter(file=name).exists()
        or VideoCaptions.objects.filter(file=name).exists()
    )
    if not known:
        raise Http404
    storage = get_media_model()._meta.get_field("file").storage
    try:
        return streaming.stream(request, storage, name)
    except (FileNotFoundError, STORAGE_ERRORS) as error:
        raise Http404 from error
