"""An upload kept for the editor who sent it, while the rest of the form is corrected
(courses/kept_uploads.py)."""

import uuid

from django.conf import settings
from django.db import models


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
