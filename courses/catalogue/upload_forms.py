"""The admin's upload forms for Wagtail's documents and for videos and audio (wagtailmedia): the checks
material files get (courses/catalogue/validators.py), so that no public file's name says something its content
is not.

Wagtail's own fields keep their checks: a document's extension (WAGTAILDOCS_EXTENSIONS) and size
(WAGTAILDOCS_MAX_UPLOAD_SIZE); an image's extension against its real format, its size and its pixels
(WAGTAILIMAGES_*). Wired in portal/settings/base.py (WAGTAILDOCS_DOCUMENT_FORM_BASE, WAGTAILMEDIA)."""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm
from wagtailmedia.forms import BaseMediaForm

from .validators import ACCEPTED, AUDIO, PICTURES, TEXT, VIDEO, validate_file_size, validate_file_type


def _new_upload(form, field: str) -> UploadedFile | None:
    """The file just sent in `field`, if any (not one already stored, nor a cleared field)."""
    file = form.cleaned_data.get(field)
    return file if isinstance(file, UploadedFile) else None


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        upload = _new_upload(self, "file")
        allowed = {extension.lower() for extension in settings.WAGTAILDOCS_EXTENSIONS}
        extension = (
            upload.name.rsplit(".", 1)[-1].lower() if upload is not None and "." in upload.name else ""
        )
        if extension in allowed:  # other extensions: Wagtail's own check says which are allowed
            validate_file_type(
                upload,
                upload.name,
                {extension: kinds for extension, kinds in ACCEPTED.items() if extension in allowed},
                text=TEXT & allowed,
            )
        return file

    def _post_clean(self):
        refused = "file" in self._errors
        super()._post_clean()
        if refused:
            # Wagtail's extension check then sees no file at all and adds "File extension “” is not allowed":
            # keep only the reason the file was refused.
            del self._errors["file"][1:]


class MediaForm(BaseMediaForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        if (upload := _new_upload(self, "file")) is not None:
            validate_file_size(upload, settings.MATERIAL_MAX_UPLOAD_SIZE)
            validate_file_type(upload, upload.name, AUDIO if self.instance.type == "audio" else VIDEO)
        return file

    def clean_thumbnail(self):
        thumbnail = self.cleaned_data.get("thumbnail")
        if (upload := _new_upload(self, "thumbnail")) is not None:
            validate_file_size(upload, settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)
            validate_file_type(upload, upload.name, PICTURES)
        return thumbnail
