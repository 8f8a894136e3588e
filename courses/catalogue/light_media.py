"""The light forms of a lesson's video: its small rendition and its captions, kept beside the uploaded video
(wagtailmedia's `Media`).

Both are stored where the video itself is, in the private storage (courses/access/storage.py), under a random
folder: only the lesson media view hands them out, to a reader the access policy lets open a lesson playing
the video (courses/catalogue/media_addresses.py, docs/reach.md, *Light media*). The rendition is made in the
background (courses/catalogue/media_tasks.py) by ffmpeg (courses/catalogue/renditions.py); captions are
attached by editors on the video's own edit screen (courses/catalogue/upload_forms.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils.crypto import get_random_string
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from ..access.storage import lesson_media_storage


def _base_name(filename: str) -> str:
    name = get_valid_filename(filename.replace("\\", "/").rsplit("/", 1)[-1]) or "video"
    return name.rsplit(".", 1)[0][-80:]


def rendition_upload_to(instance, filename: str) -> str:
    # A random folder: the small copy's address cannot be guessed from the original's.
    return f"media/light/{get_random_string(16).lower()}/{_base_name(filename)}-360p.mp4"


def captions_upload_to(instance, filename: str) -> str:
    base = _base_name(filename).removesuffix(f".{instance.language}")  # "asamblea.es.vtt" stays so
    return f"media/captions/{get_random_string(16).lower()}/{base}.{instance.language}.vtt"


class VideoRendition(models.Model):
    """The small copy of an uploaded video (360p, about 400 kbit/s, H.264 and AAC in MP4) that phones and
    readers saving data are served. One per video, made again when the video's file is replaced."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be made")

    video = models.OneToOneField(
        "wagtailmedia.Media",
        on_delete=models.CASCADE,
        related_name="small_rendition",
        verbose_name=_("video"),
    )
    # The video's file this copy is (being) made from: a replaced file makes it stale.
    source_name = models.CharField(max_length=255)
    source_size = models.PositiveBigIntegerField(default=0)  # its size, shown beside the rendition's
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    file = models.FileField(
        upload_to=rendition_upload_to, storage=lesson_media_storage, max_length=255, blank=True
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    bitrate_kbps = models.PositiveIntegerField(_("bit rate (kbit/s)"), null=True, blank=True)
    made_at = models.DateTimeField(null=True, blank=True)
    problem = models.TextField(blank=True)  # ffmpeg's last words when it failed, for whoever looks into it

    class Meta:
        verbose_name = _("small rendition")
        verbose_name_plural = _("small renditions")

    def __str__(self):
        return f"{self.source_name} (360p)"

    @property
    def ready(self) -> bool:
        return self.status == self.Status.READY and bool(self.file)


class VideoCaptions(models.Model):
    """A WebVTT captions track of a video, in one of the portal's languages."""

    video = models.ForeignKey(
        "wagtailmedia.Media", on_delete=models.CASCADE, related_name="captions", verbose_name=_("video")
    )
    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES)
    file = models.FileField(
        _("captions file"), upload_to=captions_upload_to, storage=lesson_media_storage, max_length=255
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)

    class Meta:
        verbose_name = _("captions")
        verbose_name_plural = _("captions")
        constraints = [
            models.UniqueConstraint(fields=["video", "language"], name="one_captions_track_per_language")
        ]

    def __str__(self):
        return f"{self.video_id} ({self.language})"

    @property
    def label(self) -> str:
        """The language's name in that language, as the language switcher writes it."""
        return dict(settings.LANGUAGES).get(self.language, self.language)


def remove_file(sender, instance, **kwargs) -> None:
    """post_delete of a rendition or a captions track (wired in courses/apps.py): its file goes with it, as
    wagtailmedia removes a deleted video's."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
