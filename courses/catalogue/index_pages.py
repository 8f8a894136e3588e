"""The home page and the two catalogues (courses, material library) of each language's page tree."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from portal.pages import FramedPreview, PortalPageForm
from portal.speed import page_cache
from portal.speed.known_routes import WithoutViewRestrictions

from .course_pages import CoursePage
from .learning_glance import with_reader_state
from .material_pages import MaterialPage
from .search import MaterialFilters, language_filter, listed_page

PAGE_SIZE = 12


class ListingPage(FramedPreview, WithoutViewRestrictions, Page):
    """Abstract: a page the same for every visitor who is not signed in (it lists what is open to them)."""

    base_form_class = PortalPageForm

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        return page_cache.mark_cacheable(request, super().serve(request, *args, **kwargs))


class HomePage(ListingPage):
    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = RichTextField(_("body"), blank=True)
    visitor_invitation = RichTextField(
        _("invitation to visitors"),
        blank=True,
        help_text=_(
            "Shown after the body only to visitors who are not signed in (how to sign up and get access): "
            "signed-in readers see their own learning and next step instead."
        ),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        FieldPanel("visitor_invitation"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    # The catalogues, and the site's own pages (privacy, terms, help, contact: portal/models/site_pages.py).
    subpage_types = [
        "courses.CourseIndexPage",
        "courses.MaterialIndexPage",
        "portal.InfoPage",
        "portal.ContactPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)

        def latest(model):  # only built when the list is not kept already
            return lambda: model.objects.live().descendant_of(self).order_by("-first_published_at", "pk")

        # Kept and their cards cached like a catalogue's page (courses/catalogue/search.py); the hero image
        # opens the page, so no card image is fetched eagerly.
        lists = {"courses": (CoursePage, 3), "materials": (MaterialPage, 4)}
        for name, (model, size) in lists.items():
            _page, context[name], context[f"{name}_cards"] = listed_page(
                request,
                (f"home-{name}", self.pk),
                latest(model),
                size,
                1,
                heading_level="3",
                eager_first=False,
            )
        if request.user.is_authenticated:  # a visitor's page is stored whole and the same for everyone
            context["courses_cards"] = with_reader_state(
                request, context["courses"], context["courses_cards"]
            )
        context["course_index"], context["material_index"] = page_cache.kept(
            request,
            f"home-indexes:{self.pk}",
            lambda: (
                CourseIndexPage.objects.live().child_of(self).first(),
                MaterialIndexPage.objects.live().child_of(self).first(),
            ),
        )
        return context


class CourseIndexPage(ListingPage):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["courses.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        language = language_filter(request)

        def courses():  # only built when the listing's page is not kept already
            courses = CoursePage.objects.live().child_of(self).order_by("title")
            return courses.filter(language=language) if language else courses

        context["page_obj"], context["items"], context["cards"] = listed_page(
            request, ("courses", self.pk, language), courses, PAGE_SIZE, request.GET.get("page")
        )
        if request.user.is_authenticated:  # a visitor's page is stored whole and the same for everyone
            context["cards"] = with_reader_state(request, context["items"], context["cards"])
        return context


class MaterialIndexPage(ListingPage):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["courses.HomePage"]
    subpage_types = ["courses.MaterialPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("material library")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = MaterialFilters.from_request(request, locale_id=self.locale_id)
        context["filters"] = filters
        context["page_obj"], context["items"], context["cards"] = listed_page(
            request,
            ("materials", self.pk, filters.topic, filters.language),
            lambda: filters.apply(self.materials()),  # only built when the listing's page is not kept already
            PAGE_SIZE,
            request.GET.get("page"),
        )
        return context

    def materials(self):
        """The library's live materials in title order (the cards read what they show with the items)."""
        return MaterialPage.objects.live().child_of(self).order_by("title")
