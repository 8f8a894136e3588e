"""The small rendition of each uploaded video, made in the background.

Saving a video whose file is new (uploaded, or replaced) records a rendition waiting to be made and, once the
save is committed, enqueues `make_small_rendition` (django-tasks: run at once in the demo and the tests, by
`manage.py db_worker` in production, docs/deployment.md). Until it is ready, and if ffmpeg cannot make it,
pages serve the uploaded video as before. `manage.py make_small_renditions` makes the missing ones of videos
uploaded before."""

from __future__ import annotations

import logging
import shutil
import tempfile
from functools import partial
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ..access.storage import STORAGE_ERRORS
from .light_media import VideoRendition
from .renditions import FfmpegFailed, make_small, probe

logger = logging.getLogger(__name__)


def rendition_wanted(*, video) -> bool:
    """Record that `video` needs its small rendition (made from its current file) and enqueue the work once
    the caller's transaction commits. False when one is made, or underway, from this very file."""
    if video.type != "video" or not video.file:
        return False
    rendition, created = VideoRendition.objects.get_or_create(
        video=video, defaults={"source_name": video.file.name, "source_size": _size_of(video.file)}
    )
    if (
        not created
        and rendition.source_name == video.file.name
        and rendition.status != rendition.Status.FAILED
    ):
        return False
    if not created:
        VideoRendition.objects.filter(pk=rendition.pk).update(
            source_name=video.file.name,
            source_size=_size_of(video.file),
            status=VideoRendition.Status.WAITING,
            problem="",
        )
    transaction.on_commit(partial(make_small_rendition.enqueue, video.pk))
    return True


def _size_of(file) -> int:
    """The size of a file just saved (known from the upload, without asking the storage when it can)."""
    try:
        return file.size
    except STORAGE_ERRORS:
        return 0


def on_video_saved(sender, instance, **kwargs) -> None:
    """post_save of wagtailmedia's Media (wired in courses/apps.py)."""
    rendition_wanted(video=instance)


@task()
def make_small_rendition(video_id: int) -> None:
    """Make the small rendition of a video from its current file; a run for a file replaced since does
    nothing (the new file's run makes its own)."""
    rendition = VideoRendition.objects.select_related("video").filter(video_id=video_id).first()
    if rendition is None or rendition.source_name != rendition.video.file.name:
        return
    video, source_name = rendition.video, rendition.source_name
    with tempfile.TemporaryDirectory(prefix="clase-rendition-") as folder:
        source, target = Path(folder) / "source", Path(folder) / "small.mp4"
        try:
            with video.file.open("rb") as stored, source.open("wb") as copy:  # the storage may be a bucket
                shutil.copyfileobj(stored, copy, 1024 * 1024)
            original = probe(source)
            made = make_small(source, target)
        except (FfmpegFailed, *STORAGE_ERRORS) as error:
            logger.warning("The small rendition of video %s could not be made: %s", video_id, error)
            VideoRendition.objects.filter(pk=rendition.pk, source_name=source_name).update(
                status=VideoRendition.Status.FAILED, problem=str(error)[-2000:]
            )
            return
        _fill_in_what_the_editor_left_blank(video, original)
        with target.open("rb") as small:
            _keep(rendition, File(small, name=Path(source_name).name), made)


def _keep(rendition: VideoRendition, small: File, made) -> None:
    """Store the rendition and mark it ready, unless the video's file was replaced meanwhile."""
    with transaction.atomic():
        current = (
            VideoRendition.objects.select_for_update()
            .filter(pk=rendition.pk, source_name=rendition.source_name)
            .first()
        )
        if current is None:
            return
        previous = current.file.name
        current.file.save(small.name, small, save=False)
        current.size = current.file.size
        current.width, current.height = made.width, made.height
        current.bitrate_kbps = round(current.size * 8 / 1000 / made.duration) if made.duration else None
        current.status, current.made_at, current.problem = VideoRendition.Status.READY, timezone.now(), ""
        current.save()
    if previous:
        try:
            current.file.storage.delete(previous)
        except STORAGE_ERRORS:
            logger.warning("Could not remove the earlier small rendition %s", previous)


def _fill_in_what_the_editor_left_blank(video, original) -> None:
    """wagtailmedia asks editors for a video's duration and size: fill in those left blank, as ffmpeg read
    them (the page shows the duration beside the size)."""
    changes = {}
    if not video.duration and original.duration:
        changes["duration"] = round(original.duration, 2)
    if not video.width and original.width:
        changes["width"], changes["height"] = original.width, original.height
    if changes:
        type(video).objects.filter(pk=video.pk).update(**changes)
