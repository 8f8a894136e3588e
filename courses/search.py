"""Finding courses and materials: the library's filters and the site search (Wagtail search backend;
full-text on PostgreSQL, FTS5 on SQLite)."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q, prefetch_related_objects
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from .models import CoursePage, MaterialPage
from .models.licensing import licensing_prefetches

SEARCH_PAGE_SIZE = 10
TYPES = {"course": CoursePage, "material": MaterialPage}


def _language_codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def topics_in_use(locale: Locale) -> list[Tag]:
    """Topics of live items in this language's tree, for the filter menus: the same for every visitor and
    changed only by publishing, so kept in the cache under the page cache's generation (a DISTINCT over the
    tags of every live item costs tens of milliseconds at 10,000 materials)."""
    from django.core.cache import cache

    from . import page_cache

    key = f"topics:{page_cache.generation()}:{locale.pk}"
    try:
        topics = cache.get(key)
    except Exception:
        topics = None
    if topics is None:
        topics = _topics_in_use(locale)
        with suppress(Exception):  # an unreachable cache only costs the query
            cache.set(key, topics, timeout=page_cache.TIMEOUT)
    return topics


def _topics_in_use(locale: Locale) -> list[Tag]:
    return list(
        Tag.objects.filter(
            Q(
                courses_materialpagetag_items__content_object__live=True,
                courses_materialpagetag_items__content_object__locale=locale,
            )
            | Q(
                courses_coursepagetag_items__content_object__live=True,
                courses_coursepagetag_items__content_object__locale=locale,
            )
        )
        .distinct()
        .order_by("name")
    )


@dataclass
class MaterialFilters:
    """The library's filters, read from the query string (unknown values are ignored, not errors)."""

    locale: Locale
    topic: str = ""
    language: str = ""
    topics: list[Tag] = field(default_factory=list)

    @classmethod
    def from_request(cls, request, *, locale: Locale) -> MaterialFilters:
        language = request.GET.get("language", "")
        return cls(
            locale=locale,
            topic=request.GET.get("topic", "")[:100],
            language=language if language in _language_codes() else "",
            topics=topics_in_use(locale),
        )

    @property
    def active(self) -> bool:
        return bool(self.topic or self.language)

    def apply(self, queryset):
        if self.topic:
            queryset = queryset.filter(tags__slug=self.topic)
        if self.language:
            queryset = queryset.filter(language=self.language)
        return queryset


@dataclass
class SiteSearch:
    """A search over courses and materials of the current language's tree, filtered and paginated."""

    locale: Locale
    query: str = ""
    type: str = ""
    language: str = ""
    topic: str = ""

    @classmethod
    def from_request(cls, request) -> SiteSearch:
        type_ = request.GET.get("type", "")
        language = request.GET.get("language", "")
        return cls(
            locale=Locale.get_active(),
            query=request.GET.get("q", "").strip()[:200],
            type=type_ if type_ in TYPES else "",
            language=language if language in _language_codes() else "",
            topic=request.GET.get("topic", "")[:100],
        )

    def matching_ids(self):
        """Ids of live items in this locale that pass the filters (a subquery, not a list)."""
        models = [TYPES[self.type]] if self.type else list(TYPES.values())
        condition = Q()
        for model in models:
            subset = model.objects.live().filter(locale=self.locale)
            if self.language:
                subset = subset.filter(language=self.language)
            if self.topic:
                subset = subset.filter(tags__slug=self.topic)
            condition |= Q(id__in=subset.values("id"))
        return condition

    def results(self):
        pages = Page.objects.live().filter(self.matching_ids())
        if self.query:
            if connection.vendor == "sqlite":
                # SQLite's backend re-runs the full-text match per row to rank by relevance (seconds at
                # 10,000 items); the embedded default orders matches by title instead.
                return pages.order_by("title").search(self.query, order_by_relevance=False)
            return pages.search(self.query)
        return pages.order_by("title")

    def page(self, number):
        page_obj = Paginator(self.results(), SEARCH_PAGE_SIZE).get_page(number)
        ids = [page.pk for page in page_obj.object_list]
        specific = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()} if ids else {}
        items = [specific[pk] for pk in ids if pk in specific]
        attach_cover_images(items)
        attach_licensing(items)
        return page_obj, items


def attach_cover_images(items) -> None:
    """Load the cover images of mixed page types in one query instead of one per item."""
    image_ids = {item.cover_image_id for item in items if getattr(item, "cover_image_id", None)}
    images = (
        {image.pk: image for image in get_image_model().objects.filter(pk__in=image_ids)} if image_ids else {}
    )
    for item in items:
        if getattr(item, "cover_image_id", None) in images:
            item.cover_image = images[item.cover_image_id]


def attach_licensing(items) -> None:
    """Load the licences and credits of mixed page types: a few queries per type, not per item."""
    for model in TYPES.values():
        of_type = [item for item in items if type(item) is model]
        if of_type:
            prefetch_related_objects(of_type, *licensing_prefetches(model))
