"""The admin's upload forms for Wagtail's documents and for videos and audio (wagtailmedia): the checks
material files get (courses/catalogue/validators.py), so that no public file's name says something its content
is not. A video's form also takes its captions, one WebVTT file per language (courses/catalogue/captions.py),
and says how its small rendition is coming along (courses/catalogue/media_tasks.py).

Wagtail's own fields keep their checks: a document's extension (WAGTAILDOCS_EXTENSIONS) and size
(WAGTAILDOCS_MAX_UPLOAD_SIZE); an image's extension against its real format, its size and its pixels
(WAGTAILIMAGES_*). Wired in portal/settings/cms.py (WAGTAILDOCS_DOCUMENT_FORM_BASE, WAGTAILMEDIA)."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtailmedia.forms import BaseMediaForm

from portal.data_sizes import data_size

from ..access.storage import STORAGE_ERRORS, private_storage
from . import kept_uploads
from .captions import validate_webvtt
from .light_media import VideoCaptions, VideoRendition
from .validators import ACCEPTED, AUDIO, PICTURES, TEXT, VIDEO, validate_file_size, validate_file_type
from .widgets import CaptionsInput, MediaFileInput

logger = logging.getLogger(__name__)


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


def captions_field(language: str) -> str:
    return f"captions_{language}"


class MediaForm(BaseMediaForm):
    def __init__(self, data=None, files=None, *args, **kwargs):
        self.editor = kwargs.get("user")
        if data is not None:
            files = self._with_kept_uploads(data, files, self.editor)
        super().__init__(data, files, *args, **kwargs)
        self.stored_file = self.instance.file.name if self.instance.pk else ""
        if "file" in self.fields:
            # The video or recording just sent is kept when the form is refused for another field, and named
            # again: a browser cannot put a file back into a form, and megabytes are dear on a slow line.
            sent = self.fields["file"]
            self.fields["file"] = kept_uploads.KeptUploadField(
                required=sent.required,
                label=sent.label,
                help_text=sent.help_text,
                max_length=sent.max_length,
                widget=MediaFileInput(attrs=sent.widget.attrs, recording=self.instance.type == "audio"),
            )
        self.caption_languages = (
            [code for code, _name in settings.LANGUAGES] if self.instance.type == "video" else []
        )
        attached = (
            {track.language: track for track in self.instance.captions.all()} if self.instance.pk else {}
        )
        for code, name in settings.LANGUAGES if self.caption_languages else ():
            field = captions_field(code)
            self.fields[field] = kept_uploads.KeptUploadField(
                required=False,
                label=_("Captions: %(language)s") % {"language": name},
                help_text=_("A WebVTT file (.vtt). Readers see the captions in the page's language first."),
                widget=CaptionsInput(attrs={"accept": ".vtt,text/vtt"}),
            )
            if code in attached:
                self.initial[field] = attached[code].file
        if self.caption_languages and self.instance.pk and "file" in self.fields:
            self.fields["file"].help_text = self._rendition_news()

    @classmethod
    def _with_kept_uploads(cls, data, files, user) -> MultiValueDict:
        """The files sent, and the upload kept from a refused form (the media file, captions) for each input
        sent back empty."""
        files = files.copy() if files is not None else MultiValueDict()
        for field in ["file", *(captions_field(code) for code, _name in settings.LANGUAGES)]:
            token = data.get(f"{field}{kept_uploads.TOKEN_SUFFIX}")
            if token and not files.get(field) and (kept := kept_uploads.find(token, owner=user)) is not None:
                files[field] = kept
        return files

    def _rendition_news(self) -> str:
        rendition = VideoRendition.objects.filter(video=self.instance).first()
        if rendition is None:
            return ""
        if rendition.ready:
            return _("Small version for phones and for saving data: %(size)s, %(width)s × %(height)s.") % {
                "size": data_size(rendition.size),
                "width": rendition.width,
                "height": rendition.height,
            }
        if rendition.status == VideoRendition.Status.FAILED:
            return _("The small version for phones could not be made: readers get the video as uploaded.")
        return _(
            "The small version for phones is being made; until it is ready readers get the video as uploaded."
        )

    def clean(self):
        cleaned = super().clean()
        for code in self.caption_languages:
            field = captions_field(code)
            if isinstance(upload := cleaned.get(field), UploadedFile):
                try:
                    validate_webvtt(upload)
                except ValidationError as error:
                    self.add_error(field, error)
        return cleaned

    def is_valid(self):
        if super().is_valid():
            self._use_kept_file()
            return True
        # Refused for another field: the files accepted are kept, and named on the form again; the screen
        # still shows the file the video has (the refused form put the new one in its place).
        if self.stored_file:
            self.instance.file = self.stored_file
        for field in ["file", *(captions_field(code) for code in self.caption_languages)]:
            upload = self.cleaned_data.get(field) if hasattr(self, "cleaned_data") else None
            if isinstance(upload, UploadedFile) and field not in self.errors:
                try:
                    self.files[field] = kept_uploads.keep(upload, owner=self.editor)
                except STORAGE_ERRORS as error:  # then it is sent again, as before
                    logger.warning("An upload could not be kept: %r", error)
        return False

    def _use_kept_file(self) -> None:
        """A kept video or recording is in the private storage already, where the media keeps its file: it is
        used where it is, not copied, and never cleared with the kept uploads."""
        value = self.cleaned_data.get("file")
        if isinstance(value, kept_uploads.KeptFile):
            self.instance.file = kept_uploads.claim(value)

    def _save_m2m(self):
        super()._save_m2m()
        for code in self.caption_languages:
            self._save_captions(code, self.cleaned_data.get(captions_field(code)))

    def _save_captions(self, language: str, value) -> None:
        attached = VideoCaptions.objects.filter(video=self.instance, language=language).first()
        if value is False:  # "Remove these captions"
            if attached is not None:
                attached.delete()
            return
        if isinstance(value, kept_uploads.KeptFile):
            value = File(private_storage().open(value.kept.stored_name), name=value.name)
        elif not isinstance(value, UploadedFile):
            return  # nothing sent: the track attached stays
        track = attached or VideoCaptions(video=self.instance, language=language)
        previous = track.file.name if attached is not None else ""
        track.file.save(value.name, value, save=False)
        track.size = track.file.size
        track.save()
        if previous:
            track.file.storage.delete(previous)

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
