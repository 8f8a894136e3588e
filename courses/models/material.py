"""Downloadable training materials: a page with one or more files kept in private storage."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..forms import MaterialPageForm
from ..kept_uploads import KeptUploadField
from ..storage import material_upload_to, private_storage
from ..validators import validate_material_file_size, validate_material_file_type
from ..widgets import PrivateFileInput
from .base import GatedItem
from .gating import GatedPageMixin

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


class MaterialPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "courses.MaterialPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class MaterialPage(GatedPageMixin, GatedItem, Page):
    description = RichTextField(_("description"))
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cover image"),
    )
    tags = ClusterTaggableManager(through=MaterialPageTag, blank=True, verbose_name=_("topics"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("description"),
        FieldPanel("cover_image"),
        FieldRowPanel([FieldPanel("language"), FieldPanel("tags")]),
        InlinePanel("files", label=_("Files"), min_num=1),
        *GatedItem.access_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("language"),
        index.FilterField("access_level"),
    ]
    parent_page_types = ["courses.MaterialIndexPage"]
    subpage_types = []
    base_form_class = MaterialPageForm

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    @classmethod
    def served_queryset(cls):
        """With its files too: the page lists them, and they change only when the page is published (they
        are edited with it), so they are kept in memory with the page (courses/routing.py)."""
        return super().served_queryset().prefetch_related("files")

    def get_context(self, request, *args, **kwargs):
        from .. import licensing

        context = super().get_context(request, *args, **kwargs)
        decision = context["decision"]
        if decision.allowed:
            context["terms_to_accept"] = licensing.acceptance_needed(request.user, self)
        if decision.held:  # "Bought on … · Download": the file itself when there is one, else the list
            context["download_url"] = self._download_url(context["terms_to_accept"])
        return context

    def _download_url(self, terms_to_accept) -> str:
        files = list(self.files.all())
        if len(files) != 1:
            return "#files"
        url = files[0].get_download_url()
        if terms_to_accept:
            url = f"{reverse('courses:accept_terms', kwargs={'page_id': self.pk})}?{urlencode({'next': url})}"
        return url

    @property
    def summary(self) -> str:
        """The description as plain text, for cards and search results."""
        return strip_tags(self.description.replace("</p>", "</p> ").replace("<li>", " <li>")).strip()


class MaterialFileField(models.FileField):
    """A file field whose admin form shows an upload kept from a refused form (courses/kept_uploads.py).
    Only the form differs: in the database and the migrations it is Django's FileField."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": KeptUploadField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.FileField", args, kwargs


class MaterialFile(Orderable):
    page = ParentalKey(MaterialPage, on_delete=models.CASCADE, related_name="files")
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


class DownloadEvent(models.Model):
    """One handed-out file: who, which item and file, under which licence version, when.

    Who the downloader was (member or not, organisation, country) is copied at the time of the download,
    so the contributors' reports stay true after memberships and authorisations change.
    """

    class Audience(models.TextChoices):
        MEMBER = "member", _("Member")
        EXTERNAL = "external", _("External user")
        VISITOR = "visitor", _("Visitor (not signed in)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="downloads"
    )
    material = models.ForeignKey(MaterialPage, on_delete=models.CASCADE, related_name="download_events")
    file = models.ForeignKey(
        MaterialFile, null=True, on_delete=models.SET_NULL, related_name="download_events"
    )
    licence = models.ForeignKey(
        "courses.Licence",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="download_events",
        verbose_name=_("licence version"),
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.VISITOR, db_index=True
    )
    organisation = models.ForeignKey(
        "portal.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation"),
    )
    # A country code (portal/countries.py); older free text that named no country, as it was typed.
    country = models.CharField(_("country"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.material} · {self.created_at:%Y-%m-%d %H:%M}"
