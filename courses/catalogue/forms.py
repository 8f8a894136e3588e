"""Forms of the courses app: the editor's form for courses and materials (the licence rules are checked
before publishing) and the reader's acceptance of licence terms.

Saving a draft is never refused for the licence (Wagtail defers validation for drafts); publishing,
submitting for review and approving are, with the licence rules' own message on the field to change.
Whatever gets published, the access policy applies the licence in force at every request.
"""

import logging
import re

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from portal.pages import PortalPageForm

from ..access.storage import STORAGE_ERRORS
from ..licensing import rules as licensing
from ..licensing.models import Licence
from . import kept_uploads

logger = logging.getLogger(__name__)


class LicensedPageForm(PortalPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("licence")
        if field is not None:
            field.queryset = Licence.objects.current().order_by("name")
            # An item made under a version since revised is offered the version in force.
            if self.instance.licence_id:
                self.initial["licence"] = licensing.item_terms(self.instance).pk

    def clean(self):
        cleaned_data = super().clean()
        if self.is_deferred_validation:
            return cleaned_data
        problems = licensing.publishing_problems(
            licence=cleaned_data.get("licence"),
            access_level=cleaned_data.get("access_level", self.instance.access_level),
            price=cleaned_data.get("price"),
            contributors=self.contributor_names(),
            today=timezone.localdate(),
        )
        for problem in problems:
            if problem.field not in self.errors:  # a field already refused says enough
                self.add_error(problem.field, problem.message)
        return cleaned_data

    def contributor_names(self) -> list[str]:
        formset = self.formsets.get("contributors")
        if formset is None or not formset.is_valid():
            return []
        return licensing.credited_names(
            form.instance
            for form in formset.forms
            if form.cleaned_data.get("contributor") and not form.cleaned_data.get("DELETE")
        )


class MaterialPageForm(LicensedPageForm):
    """The material editor's form: newly uploaded files are stored once the whole form is valid, before
    anything is written to the database. When the storage cannot take them (S3 down, a disk full) the form
    is refused with a message on the file, and no page, file row or revision is saved pointing at a file
    that is not stored. (Wagtail would otherwise store them half-way through saving: the page row first.)

    When the form is refused for another field, each file accepted on its own is kept for the editor
    (courses/catalogue/kept_uploads.py) and named on the form again: sent back without a new file, the form
    uses it."""

    KEPT_TOKEN = re.compile(rf"^(files-\d+-file){kept_uploads.TOKEN_SUFFIX}$")

    def __init__(self, data=None, files=None, *args, **kwargs):
        # A preview posts the form without its files: it may show a kept upload, but never claims it.
        self.claims_kept_uploads = files is not None
        if data is not None:
            files = self._with_kept_uploads(data, files, kwargs.get("for_user"))
        super().__init__(data, files, *args, **kwargs)

    @classmethod
    def _with_kept_uploads(cls, data, files, user) -> MultiValueDict:
        """The files sent, and the kept upload of each file input sent back empty beside its token."""
        files = files.copy() if files is not None else MultiValueDict()
        for key in data:
            match = cls.KEPT_TOKEN.match(key)
            kept = kept_uploads.find(data[key], owner=user) if match and not files.get(match[1]) else None
            if kept is not None:
                files[match[1]] = kept
        return files

    def is_valid(self):
        if not super().is_valid():
            self._keep_uploads()
            return False
        stored = []
        for form in self.formsets["files"].forms:
            upload = form.instance.file
            if form.cleaned_data.get("DELETE") or not upload or getattr(upload, "_committed", True):
                continue
            if isinstance(upload.file, kept_uploads.KeptFile):  # in the storage already: used where it is
                kept = upload.file
                form.instance.file = kept.kept.stored_name
                form.instance.size = kept.size
                if self.claims_kept_uploads:
                    kept_uploads.claim(kept)
                continue
            try:
                form.instance.size = upload.size  # known from the upload: no request to the storage later
                upload.save(upload.name, upload.file, save=False)  # as FileField.pre_save would, later
            except STORAGE_ERRORS as error:
                logger.warning("A material file could not be stored: %r", error)
                form.add_error(
                    "file",
                    _(
                        "The file could not be stored: the storage of files cannot be reached just now. "
                        "Nothing was saved; please try again in a few minutes."
                    ),
                )
                _remove(stored)
                return False
            stored.append(upload)
        return True

    def _keep_uploads(self) -> None:
        """Keep each newly sent file that was accepted, for the form to name it again (not one refused)."""
        for form in self.formsets["files"].forms:
            cleaned = getattr(form, "cleaned_data", None) or {}
            upload = cleaned.get("file")
            if not isinstance(upload, UploadedFile) or "file" in form.errors or cleaned.get("DELETE"):
                continue
            try:
                form.files[form.add_prefix("file")] = kept_uploads.keep(upload, owner=self.for_user)
            except STORAGE_ERRORS as error:  # then it is sent again, as before
                logger.warning("An upload could not be kept: %r", error)


def _remove(files) -> None:
    """Remove the files this form stored before one failed: no object is left that no row names."""
    for stored in files:
        try:
            stored.storage.delete(stored.name)
        except STORAGE_ERRORS:
            logger.warning("Could not remove %s after a failed upload", stored.name)


class AcceptTermsForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read these terms and accept them."),
        error_messages={"required": _("To go on, tick the box to accept the terms.")},
    )
