"""Courses and their ordered lessons."""

import math

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal import save_data
from portal.pages import PortalPageForm
from portal.speed import page_cache

from ..access.models import GatedItem
from ..learning.progress import Outline, outline_of
from ..licensing.models import with_licensing
from .blocks import LessonBodyBlock
from .forms import LicensedPageForm
from .gating import GatedPageMixin, LicenceShown
from .translations import kept_per_language


class CoursePageTag(TaggedItemBase):
    content_object = ParentalKey("courses.CoursePage", on_delete=models.CASCADE, related_name="tagged_items")


class CoursePage(GatedPageMixin, LicenceShown, GatedItem, Page):
    summary = models.TextField(_("summary"), max_length=600)
    audience = models.CharField(_("audience"), max_length=255, blank=True)
    estimated_hours = models.DecimalField(_("estimated hours"), max_digits=5, decimal_places=1, default=1)
    learning_outcomes = StreamField(
        [("outcome", blocks.CharBlock(label=_("Outcome")))], blank=True, verbose_name=_("what you will learn")
    )
    overview = RichTextField(_("overview"), blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cover image"),
    )
    tags = ClusterTaggableManager(through=CoursePageTag, blank=True, verbose_name=_("topics"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [FieldPanel("audience"), FieldRowPanel([FieldPanel("language"), FieldPanel("estimated_hours")])],
            heading=_("Who and how long"),
        ),
        FieldPanel("learning_outcomes"),
        FieldPanel("overview"),
        FieldPanel("tags"),
        *GatedItem.access_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("audience"),
        index.SearchField("overview"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("language"),
        index.FilterField("access_level"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]
    base_form_class = LicensedPageForm
    # Each language version says its own language and lists its topics in that language.
    override_translatable_fields = kept_per_language("language", "tags", "tagged_items")

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    @property
    def hours(self) -> int | float:
        """Estimated hours as a number for plural-aware display (4, 4.5)."""
        return (
            int(self.estimated_hours)
            if self.estimated_hours == int(self.estimated_hours)
            else float(self.estimated_hours)
        )

    @property
    def hours_count(self) -> int:
        """The whole number that picks the plural form for `hours` (gettext plurals take integers)."""
        return math.ceil(self.estimated_hours)

    def lessons(self, *, drafts: bool = False):
        """The live lessons; with `drafts`, those not published yet too (for a preview)."""
        lessons = LessonPage.objects.child_of(self)
        return lessons if drafts else lessons.live()

    @classmethod
    def lessons_of(cls, children):
        """The live lessons matching `children` (a condition on their tree paths), for the learning rules
        that read several courses' outlines in one query without naming the lesson page model."""
        return LessonPage.objects.live().filter(children)

    LESSON_FIELDS = ("id", "title", "url_path", "path", "depth", "live", "duration_minutes")

    def keep_outline(self, request):
        """The live lessons in order (without their bodies) and the quizzes in them (an `Outline` of
        courses/learning/progress.py), kept in the process's memory until lessons are published again: a
        page view then unpickles titles and addresses, not every lesson's body.

        A preview lists the lessons not published yet too, for the reviewer to see the course as it will be
        once they are: that outline is read afresh and never kept, so no reader is ever given a draft."""
        if not hasattr(self, "_outline"):
            if getattr(request, "is_preview", False):
                self._outline = self._read_outline(drafts=True)
            else:
                self._outline = page_cache.kept(request, f"outline:{self.pk}", self._read_outline)
        return self._outline

    def _read_outline(self, *, drafts: bool = False):
        # Two reads, once per generation and process: the bodies only to find the quizzes, the lessons kept
        # without them.
        quizzes = outline_of(self.read_lessons(with_body=True, drafts=drafts)).quizzes
        return Outline(tuple(self.read_lessons(with_body=False, drafts=drafts)), quizzes)

    def read_lessons(self, *, with_body: bool, drafts: bool = False) -> list:
        """The live lessons in order (with `drafts`, every lesson); with their bodies when the quizzes in
        them are needed."""
        fields = (*self.LESSON_FIELDS, "body") if with_body else self.LESSON_FIELDS
        return list(self.lessons(drafts=drafts).only(*fields).order_by("path"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = self.keep_outline(request).lessons
        return context


class LessonPage(GatedPageMixin, Page):
    """A lesson inherits its course's access rules: the policy decides on the course."""

    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=15)
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("duration_minutes"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []
    base_form_class = PortalPageForm

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    @property
    def has_embedded_video(self) -> bool:
        """Whether the page needs the script that starts an embedded video's player on a tap."""
        return any(block["type"] == "embed" for block in self.body.raw_data)

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        save_data.depends_on_it(response)  # its videos differ for a reader saving data
        return response

    @property
    def gated_item(self):
        if not hasattr(self, "_course"):
            self._course = with_licensing(
                CoursePage.objects.parent_of(self).select_related("cover_image")
            ).first()
        return self._course

    def get_context(self, request, *args, **kwargs):
        # Kept in memory until pages are published again; a preview (of a lesson perhaps not saved yet,
        # without an id) reads its course afresh.
        if not hasattr(self, "_course") and not getattr(request, "is_preview", False):
            self._course = page_cache.kept(request, f"course-of:{self.pk}", lambda: self.gated_item)
        context = super().get_context(request, *args, **kwargs)
        course = self.gated_item
        outline = course.keep_outline(request)
        siblings = list(outline.lessons)
        position = next((i for i, lesson in enumerate(siblings) if lesson.pk == self.pk), None)
        if position is None:
            # Not in the outline: a lesson not saved yet, in a preview. It takes its place in the tree.
            position = sum(1 for lesson in siblings if lesson.path < self.path)
            siblings.insert(position, self)
        context.update(
            course=course,
            outline=outline,
            lessons=siblings,
            position=position + 1,
            previous_lesson=siblings[position - 1] if position > 0 else None,
            next_lesson=siblings[position + 1] if position + 1 < len(siblings) else None,
        )
        return context
