"""A person's copy of their data, from asking to expiry: asked for on "My account", prepared in the background
(portal/privacy/tasks.py), kept in private storage (no address serves it), handed out to that person alone
for DOWNLOADABLE_FOR, then removed by the daily retention command."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from ..emails import address_of, send_to
from ..models import DataExport
from ..models.data_exports import DOWNLOADABLE_FOR
from .export import zip_of


def private_storage():
    return storages["private"]


def download_name(export: DataExport) -> str:
    return f"clase-data-{timezone.localdate(export.ready_at or export.requested_at):%Y-%m-%d}.zip"


def latest_of(user) -> DataExport | None:
    return user.data_exports.order_by("-requested_at", "-pk").first()


def data_export_request(*, user) -> tuple[DataExport, bool]:
    """The copy being prepared for this person, or a new one (True when new: the caller queues it).

    Asking again, from another tab or a double tap, finds the one in preparation: the database refuses a
    second (one_data_export_in_preparation)."""
    existing = user.data_exports.preparing().first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return DataExport.objects.create(user=user), True
    except IntegrityError:
        return user.data_exports.preparing().get(), False


def data_export_prepare(*, export_id: int) -> DataExport:
    """Build the ZIP, keep it privately for a day, and tell the person by e-mail (if they have an address)."""
    export = DataExport.objects.select_related("user").get(pk=export_id)
    if export.status != DataExport.Status.PREPARING:
        return export  # a task run twice does the work once
    user = export.user
    now = timezone.now()
    content = zip_of(user, made_at=now)
    # A random folder: a name nobody can guess, and that never collides with another copy.
    name = private_storage().save(
        f"data-exports/{get_random_string(24).lower()}/data.zip", ContentFile(content)
    )
    export.file_name, export.file_size = name, len(content)
    export.status = DataExport.Status.READY
    export.ready_at = now
    export.expires_at = now + DOWNLOADABLE_FOR
    export.save(update_fields=["file_name", "file_size", "status", "ready_at", "expires_at"])
    send_to(
        recipients=[address_of(user)],
        language=user.language or settings.LANGUAGE_CODE,
        template="data_export_ready",
        context={"user": user, "export": export},
    )
    return export


def data_export_failed(*, export_id: int) -> None:
    """The copy could not be made: the person may ask again (and is not left waiting for good)."""
    DataExport.objects.filter(pk=export_id, status=DataExport.Status.PREPARING).update(
        status=DataExport.Status.FAILED
    )


def data_exports_clear(*, now=None) -> int:
    """Remove the files of copies no longer downloadable; their rows stay, saying when they expired."""
    now = now or timezone.now()
    storage = private_storage()
    cleared = 0
    for export in DataExport.objects.filter(expires_at__lte=now).exclude(file_name=""):
        storage.delete(export.file_name)
        export.file_name = ""
        export.save(update_fields=["file_name"])
        cleared += 1
    return cleared


def data_exports_forget(*, user) -> None:
    """A person erasing their account: the files of their copies go too (they hold everything about them),
    once the erasure is committed, since removing a file cannot be rolled back. The rows go with the user."""
    kept = DataExport.objects.filter(user=user).exclude(file_name="")
    names = list(kept.values_list("file_name", flat=True))
    storage = private_storage()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
