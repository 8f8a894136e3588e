"""The files of a material: kept in private storage, each handed out by the download view as a licensed copy
(courses/access/delivery.py)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from ..access.storage import material_upload_to, private_storage
from .kept_uploads import KeptUploadField
from .validators import validate_material_file_size, validate_material_file_type
from .widgets import PrivateFileInput

FILE_KINDS = {
    "pdf": "PDF",
    "doc": "Word",
    "docx": "Word",
    "odt": "Word",
    "xls": "Excel",
    "xlsx": "Excel",
    "ods": "Excel",
    "csv": "CSV",
    "ppt": "PowerPoint",
    "pptx": "PowerPoint",
    "odp": "PowerPoint",
    "zip": "ZIP",
    "txt": "Text",
    "mp3": "Audio",
    "mp4": "Video",
    "jpg": "Image",
    "jpeg": "Image",
    "png": "Image",
}


class MaterialFileField(models.FileField):
    """A file field whose admin form shows an upload kept from a refused form
    (courses/catalogue/kept_uploads.py). Only the form differs: in the database and the migrations it is
    Django's FileField."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": KeptUploadField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.FileField", args, kwargs


class MaterialFile(Orderable):
    page = ParentalKey("courses.MaterialPage", on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=255, blank=True)
    file = MaterialFileField(
        _("file"),
        storage=private_storage,
        upload_to=material_upload_to,
        max_length=255,
        validators=[validate_material_file_size],
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)

    panels = [FieldPanel("title"), FieldPanel("file", widget=PrivateFileInput)]

    class Meta(Orderable.Meta):
        verbose_name = _("material file")
        verbose_name_plural = _("material files")

    def __str__(self):
        return self.display_title

    def clean(self):
        super().clean()
        # Only a newly uploaded file is read (one already stored, or kept from a refused form, was checked
        # when it came in).
        if (
            self.file
            and not getattr(self.file, "_committed", True)
            and not getattr(self.file.file, "already_checked", False)
        ):
            try:
                validate_material_file_type(self.file, self.file.name)
            except ValidationError as error:
                raise ValidationError({"file": error}) from error

    def save(self, *args, **kwargs):
        if self.file and not self.size:
            self.size = self.file.size
        super().save(*args, **kwargs)

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]

    @property
    def display_title(self) -> str:
        return self.title or self.filename

    @property
    def extension(self) -> str:
        return self.filename.rsplit(".", 1)[-1].lower() if "." in self.filename else ""

    @property
    def kind(self) -> str:
        return FILE_KINDS.get(self.extension, self.extension.upper() or _("File"))

    def get_download_url(self) -> str:
        return reverse("courses:download", kwargs={"file_id": self.pk})
