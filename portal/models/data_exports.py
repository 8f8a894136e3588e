"""A person's request for a copy of their data (portal/privacy/): prepared in the background, handed out to
them alone for a day, then gone."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# How long a prepared copy may be downloaded.
DOWNLOADABLE_FOR = timedelta(hours=24)


class DataExportQuerySet(models.QuerySet):
    def preparing(self):
        return self.filter(status=DataExport.Status.PREPARING)


class DataExport(models.Model):
    """One copy of everything the portal holds about its person: a ZIP in private storage (no address
    serves it; only the person's own download view hands it out), until `expires_at`."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be prepared")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_exports",
        verbose_name=_("user"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREPARING)
    requested_at = models.DateTimeField(_("asked on"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready on"), null=True, blank=True)
    expires_at = models.DateTimeField(_("downloadable until"), null=True, blank=True)
    # The ZIP's name in private storage; emptied when the file is removed after expiry.
    file_name = models.CharField(max_length=255, blank=True, editable=False)
    # Shown before the tap: many readers pay for every megabyte.
    file_size = models.PositiveIntegerField(_("size (bytes)"), default=0, editable=False)

    objects = DataExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("copy of a person's data")
        verbose_name_plural = _("copies of people's data")
        ordering = ["-requested_at"]
        constraints = [
            # Asking again while a copy is being prepared finds that one instead of making a second.
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="preparing"), name="one_data_export_in_preparation"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_status_display()}"

    def has_expired(self, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    def downloadable(self, now=None) -> bool:
        return self.status == self.Status.READY and bool(self.file_name) and not self.has_expired(now)
