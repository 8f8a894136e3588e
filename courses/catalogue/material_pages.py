"""Downloadable training materials: a page with one or more files kept in private storage."""

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
from wagtail.models import Page
from wagtail.search import index

from ..access.models import GatedItem
from ..licensing import rules as licensing
from .forms import MaterialPageForm
from .gating import GatedPageMixin, LicenceShown
from .translations import kept_per_language


class MaterialPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "courses.MaterialPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class MaterialPage(GatedPageMixin, LicenceShown, GatedItem, Page):
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
    # Each language version has its own files (a document written in that language, or in another one it
    # names), its topics in that language.
    override_translatable_fields = kept_per_language("language", "tags", "tagged_items", "files")

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    @classmethod
    def served_queryset(cls):
        """With its files too: the page lists them, and they change only when the page is published (they
        are edited with it), so they are kept in memory with the page (portal/speed/known_routes.py)."""
        return super().served_queryset().prefetch_related("files")

    def get_context(self, request, *args, **kwargs):
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
