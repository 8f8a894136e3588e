"""Uploads kept while an editor corrects the rest of a refused form.

A browser cannot put a file back into a form: when the material form is refused for another field (the
licence refuses the price, a title is missing), the file just sent would have to be sent again, 200 MB over
a slow link. Instead the accepted upload is stored where the material will keep it (the private storage,
which no address serves), recorded with its owner, and named on the form again with a token; sent back
without a new file, the form takes the kept one, without copying it. Only the editor who sent it can claim
it (the token is looked up with its owner), and a kept upload left unused for a day is removed: each time a
new one is kept, and by `manage.py clear_kept_uploads` (daily). One a saved form used is the material's
file from then on: only its row goes.
"""

from __future__ import annotations

import datetime
import logging
import uuid

from django import forms
from django.conf import settings
from django.core.files import File
from django.db import models
from django.utils import timezone

from ..access.storage import STORAGE_ERRORS, material_upload_to, private_storage

logger = logging.getLogger(__name__)

KEEP_FOR = datetime.timedelta(days=1)
TOKEN_SUFFIX = "-kept"  # noqa: S105 — the hidden field beside a file input: "<input name>-kept"


class KeptUpload(models.Model):
    """A file an editor sent with a form that was refused for another field. The file is in the private
    storage already, where the material will use it; the row says whose it is, so that only that editor can
    claim it, and when it came, so that it is removed when left unused for a day. Never shown in the admin."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)  # as the editor's computer called it
    stored_name = models.CharField(max_length=255)  # in the private storage
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # When a saved form used it: from then on the file is a material's, and is never removed with the row.
    claimed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.name


class KeptFile(File):
    """A kept upload as a form field's value: its name and size, and the token the form sends back. Its
    content stays in the storage; it was checked when it came in, and is never read again to be saved."""

    already_checked = True

    def __init__(self, kept: KeptUpload):
        super().__init__(None, name=kept.name)
        self.kept = kept
        self.size = kept.size

    @property
    def token(self) -> str:
        return str(self.kept.pk)

    def __bool__(self):
        return True


class KeptUploadField(forms.FileField):
    """The form field of a material's file: shows the upload kept from a refused form again (Django's file
    field shows only a file stored before, for a browser cannot put a file back into a form)."""

    def bound_data(self, data, initial):
        return data if isinstance(data, KeptFile) else super().bound_data(data, initial)


def keep(upload, *, owner) -> KeptFile:
    """Store `upload` for `owner` until the form is sent again (raises a storage error when it cannot)."""
    clear_expired()
    name = upload.name.replace("\\", "/").rsplit("/", 1)[-1]
    upload.seek(0)
    stored_name = private_storage().save(material_upload_to(None, name), upload)
    kept = KeptUpload.objects.create(owner=owner, name=name, stored_name=stored_name, size=upload.size)
    return KeptFile(kept)


def find(token: str, *, owner) -> KeptFile | None:
    """The upload kept under `token` for `owner` and not expired; None for anyone else's or an unknown one."""
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    if owner is None or not owner.is_authenticated:
        return None
    kept = KeptUpload.objects.filter(pk=token, owner=owner, created_at__gte=timezone.now() - KEEP_FOR).first()
    return KeptFile(kept) if kept is not None else None


def claim(file: KeptFile) -> str:
    """The kept file becomes the material's: it will not be removed. The token still names it for the rest
    of the day, for the same form may be sent again (the admin's autosave, then the editor's own save)."""
    KeptUpload.objects.filter(pk=file.kept.pk, claimed_at__isnull=True).update(claimed_at=timezone.now())
    return file.kept.stored_name


def clear_expired() -> int:
    """Remove the kept uploads of more than a day and their files (the rows only of those a form used)."""
    storage = private_storage()
    removed = 0
    for kept in KeptUpload.objects.filter(created_at__lt=timezone.now() - KEEP_FOR):
        if kept.claimed_at is None:
            try:
                storage.delete(kept.stored_name)
            except STORAGE_ERRORS:  # tried again next time
                logger.warning("Could not remove the kept upload %s", kept.stored_name)
                continue
            removed += 1
        kept.delete()
    return removed
