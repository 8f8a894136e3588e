"""Finding courses and materials: the library's filters and topics, and the site search (Wagtail search
backend; full-text on PostgreSQL, FTS5 on SQLite). What they find is shown as listings
(courses/catalogue/listings.py), kept like every listing's pages and cards.

The filter menus' topics (`topics_in_use`) are kept under the page cache's generation too; the filter
forms, counts and page links are template fragments kept in the process's memory by the same generation
(templates/courses/*_index_page.html, search.html).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from taggit.models import Tag
from wagtail.models import Locale, Page

from portal.speed import page_cache

from .listings import TYPES, listed_page
from .search_terms import full_text_query, one_of, typed

logger = logging.getLogger(__name__)

SEARCH_PAGE_SIZE = 10


def _language_codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def language_filter(request) -> str:
    """A listing's language filter: one of the portal's languages, else none (an unknown value is ignored)."""
    return one_of(request, "language", _language_codes())


class Topic(NamedTuple):
    """A topic of the filter menus: what they show of a tag (cheaper to keep and read back than the tag)."""

    slug: str
    name: str


def topics_in_use(locale: Locale | int, request=None) -> list[Topic]:
    """Topics of live items in this language's tree, for the filter menus: the same for every visitor and
    changed only by publishing, so kept under the page cache's generation (a DISTINCT over the tags of every
    live item costs tens of milliseconds at 10,000 materials): in this process's memory, and in the shared
    cache for the processes that do not hold them yet. `locale` may be given as its id (a page's
    `locale_id`, read without a query)."""
    locale_id = getattr(locale, "pk", locale)
    return _kept_and_shared(request, f"topics:{locale_id}", lambda: _topics_in_use(locale_id))


def _kept_and_shared(request, key: str, compute):
    """`compute()`, kept in this process's memory under the generation (no round trip when warm), and in
    the shared cache under the same generation, so that the other processes need not compute it again."""
    shared_key = f"{key}:{page_cache.generation(request)}"

    def build():
        value = cache.get(shared_key)
        if value is None:
            value = compute()
            cache.set(shared_key, value, timeout=page_cache.TIMEOUT)
        return value

    return page_cache.kept(request, key, build)


def _topics_in_use(locale_id: int) -> list[Topic]:
    tags = (
        Tag.objects.filter(
            Q(
                courses_materialpagetag_items__content_object__live=True,
                courses_materialpagetag_items__content_object__locale=locale_id,
            )
            | Q(
                courses_coursepagetag_items__content_object__live=True,
                courses_coursepagetag_items__content_object__locale=locale_id,
            )
        )
        .distinct()
        .order_by("name")
    )
    return [Topic(slug, name) for slug, name in tags.values_list("slug", "name")]


@dataclass
class MaterialFilters:
    """The library's filters, read from the query string (unknown values are ignored, not errors)."""

    locale_id: int
    topic: str = ""
    language: str = ""
    topics: list[Topic] = field(default_factory=list)  # read when the menu is rendered, not kept whole

    @classmethod
    def from_request(cls, request, *, locale_id: int) -> MaterialFilters:
        return cls(
            locale_id=locale_id,
            topic=typed(request, "topic", 100),
            language=language_filter(request),
            topics=SimpleLazyObject(lambda: topics_in_use(locale_id, request)),
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
        return cls(
            # the active language's locale, without a query: the same row until pages are deleted
            locale=page_cache.kept(request, f"locale:{translation.get_language()}", Locale.get_active),
            query=typed(request, "q", 200),
            type=one_of(request, "type", TYPES),
            language=language_filter(request),
            topic=typed(request, "topic", 100),
        )

    def matching_ids(self):
        """Live items in this locale that pass the filters, as a condition on pages: the page's own columns
        (locale, type), and a subquery only for what the specific models hold (language, topic)."""
        models = [TYPES[self.type]] if self.type else list(TYPES.values())
        condition = Q(
            locale=self.locale, content_type__in=[ContentType.objects.get_for_model(m) for m in models]
        )
        if self.language or self.topic:
            narrowed = Q()
            for model in models:
                subset = model.objects.all()
                if self.language:
                    subset = subset.filter(language=self.language)
                if self.topic:
                    subset = subset.filter(tags__slug=self.topic)
                narrowed |= Q(id__in=subset.values("id"))
            condition &= narrowed
        return condition

    def results(self):
        pages = Page.objects.live().filter(self.matching_ids())
        if not self.query:
            return pages.order_by("title")
        words = full_text_query(self.query)
        if words is None:  # only punctuation typed: no word can match it
            return pages.none()
        if connection.vendor == "sqlite":
            # SQLite's backend re-runs the full-text match per row to rank by relevance (seconds at 10,000
            # items); the embedded default orders matches by title instead.
            return pages.order_by("title").search(words, order_by_relevance=False)
        return pages.search(words)

    def scope(self) -> tuple:
        """What decides the results (for the cache of listings)."""
        return ("search", self.locale.pk, self.query, self.type, self.language, self.topic)

    def page(self, request, number):
        """(page_obj, items with the policy's decisions, cards) of one page of results."""
        return listed_page(request, self.scope(), self.results, SEARCH_PAGE_SIZE, number)
