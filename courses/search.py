"""Finding courses and materials: the library's filters, the site search (Wagtail search backend;
full-text on PostgreSQL, FTS5 on SQLite), and the cards every listing shows.

What a listing shows is the same for everyone but the locks: which items are on a page of the catalogue,
the library or a search, and how many there are, depend only on the published pages; and a card depends
only on its item and on the access policy's decision for the viewer (open, or which next step). Both are
kept in the cache under the page cache's generation (courses/page_cache.py), which publishing,
unpublishing, moving or deleting a page, and saving a licence or a contributor renew:

- a listing's page: the ids of its items and the total count (`listed_page`), so a signed-in visitor's
  page neither counts nor sorts the catalogue again;
- a card's HTML (`cards`), keyed by the item, the language, today's date (an agreement that ends at midnight
  changes the badges), the host (its link) and the policy's decision for this viewer. The decision is
  always asked of the policy, per request, for the items shown (`access.with_decisions`): nothing personal
  is stored, and a viewer gets the card of their own decision.

The items shown are always read from the database (live ones only), so an item unpublished meanwhile is
never shown, whatever the cache holds; if the cache is unreachable, everything is computed as before.
"""

from __future__ import annotations

import hashlib
import logging
from contextlib import suppress
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.template.loader import get_template
from django.utils import timezone, translation
from taggit.models import Tag
from wagtail.models import Locale, Page

from . import access, page_cache
from .models import CoursePage, MaterialPage

logger = logging.getLogger(__name__)

SEARCH_PAGE_SIZE = 10
TYPES = {"course": CoursePage, "material": MaterialPage}


def _language_codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def topics_in_use(locale: Locale, request=None) -> list[Tag]:
    """Topics of live items in this language's tree, for the filter menus: the same for every visitor and
    changed only by publishing, so kept in the cache under the page cache's generation (a DISTINCT over the
    tags of every live item costs tens of milliseconds at 10,000 materials)."""
    key = f"topics:{page_cache.generation(request)}:{locale.pk}"
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
            topics=topics_in_use(locale, request),
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
        if self.query:
            if connection.vendor == "sqlite":
                # SQLite's backend re-runs the full-text match per row to rank by relevance (seconds at
                # 10,000 items); the embedded default orders matches by title instead.
                return pages.order_by("title").search(self.query, order_by_relevance=False)
            return pages.search(self.query)
        return pages.order_by("title")

    def scope(self) -> tuple:
        """What decides the results (for the cache of listings)."""
        return ("search", self.locale.pk, self.query, self.type, self.language, self.topic)

    def page(self, request, number):
        """(page_obj, items with the policy's decisions, cards) of one page of results."""
        return listed_page(request, self.scope(), self.results(), SEARCH_PAGE_SIZE, number)


# --- the listings' pages and cards, kept by generation -----------------------------------------------------


class KnownCountPaginator(Paginator):
    """A paginator told its count (read from the cache) instead of counting the listing again."""

    def __init__(self, object_list, per_page, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


def _cache_get_many(keys: list[str]) -> dict:
    try:
        return cache.get_many(keys)
    except Exception:
        logger.warning("The listings' cache is unreachable", exc_info=True)
        return {}


def _cache_set_many(values: dict) -> None:
    with suppress(Exception):  # an unreachable cache only costs the work done again
        cache.set_many(values, timeout=page_cache.TIMEOUT)


def _requested_number(number) -> int:
    try:
        return max(1, int(number))
    except (TypeError, ValueError):
        return 1


def listed_page(request, scope: tuple, results, per_page: int, number):
    """One page of a listing (a queryset, or search results) in its order: (page_obj, items paired with the
    access policy's decisions, their cards). The count and the ids of the page's items are read from the
    cache when this generation of the catalogue already computed them; the items themselves are always read
    (live ones only), and the decisions are always the policy's, for this request's viewer."""
    digest = hashlib.sha256(repr(scope).encode()).hexdigest()[:32]
    base = f"listing:{page_cache.generation(request)}:{digest}"
    count_key = f"{base}:count"
    wanted_key = f"{base}:page:{_requested_number(number)}"
    found = _cache_get_many([count_key, wanted_key])
    stored = {}
    count = found.get(count_key)
    if count is None:
        count = Paginator(results, per_page).count
        stored[count_key] = count
    page_obj = KnownCountPaginator(results, per_page, count).get_page(number)
    rows_key = f"{base}:page:{page_obj.number}"
    rows = found.get(rows_key) if rows_key == wanted_key else _cache_get_many([rows_key]).get(rows_key)
    if rows is None:
        rows = _rows(page_obj.object_list)
        stored[rows_key] = rows
    if stored:
        _cache_set_many(stored)
    items = access.with_decisions(request, load_items(rows))
    page_obj.object_list = [item for item, _decision in items]
    return page_obj, items, cards(request, items)


def _rows(object_list) -> list[tuple[int, int]]:
    """(id, content type id) of a page of a listing, in its order."""
    if isinstance(object_list, QuerySet):
        return list(object_list.values_list("pk", "content_type_id"))
    return [(page.pk, page.content_type_id) for page in object_list]


# What the access policy reads of an item (with its licence, joined), and the title: enough for a listing
# whose cards are in the cache. An item whose card must be rendered is read whole (`_render_cards`).
DECISION_FIELDS = (
    "title",
    "translation_key",
    "live",
    "content_type",
    "access_level",
    "price",
    "currency",
    "licence",
)


def load_items(rows) -> list:
    """The live items of these (id, content type id) rows, in their order, with what the policy reads: one
    query per page type."""
    by_model: dict[type, list[int]] = {}
    for pk, content_type_id in rows:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        by_model.setdefault(model, []).append(pk)
    found = {}
    for model, ids in by_model.items():
        queryset = model.objects.filter(pk__in=ids, live=True)
        if model in TYPES.values():
            queryset = queryset.select_related("licence__current_version").only(*DECISION_FIELDS)
        found.update((item.pk, item) for item in queryset)
    return [found[pk] for pk, _content_type_id in rows if pk in found]


def _card_key(request, item, decision, heading_level: str, generation, today, language) -> str:
    return ":".join(
        str(part)
        for part in (
            "card",
            generation,
            today,
            language,
            request.get_host(),
            heading_level,
            item.pk,
            int(decision.allowed),
            decision.next_step.value,
        )
    )


def cards(request, items, heading_level: str = "2") -> list[str]:
    """The HTML of each item's card (templates/includes/item_card.html), for its decision: from the cache,
    or rendered (credits loaded in one query per page type for all the cards missing) and stored."""
    if getattr(request, "is_preview", False):  # a preview shows drafts' content: never stored
        return _render_cards(request, items, heading_level)
    generation = page_cache.generation(request)
    today = timezone.localdate().isoformat()
    language = translation.get_language()
    keys = [
        _card_key(request, item, decision, heading_level, generation, today, language)
        for item, decision in items
    ]
    found = _cache_get_many(keys)
    missing = [(key, pair) for key, pair in zip(keys, items, strict=True) if key not in found]
    if missing:
        rendered = _render_cards(request, [pair for _key, pair in missing], heading_level)
        fresh = {key: html for (key, _pair), html in zip(missing, rendered, strict=True)}
        _cache_set_many(fresh)
        found.update(fresh)
    return [found[key] for key in keys]


def _render_cards(request, items, heading_level: str) -> list[str]:
    """Render these cards, the items read whole first (licence, cover image and credits: a few queries per
    page type, whatever the number of cards)."""
    whole = {}
    for model in {type(item) for item, _decision in items}:
        queryset = model.served_queryset() if hasattr(model, "served_queryset") else model.objects
        whole.update(
            (item.pk, item)
            for item in queryset.filter(pk__in=[item.pk for item, _ in items if type(item) is model])
        )
    items = [(whole.get(item.pk, item), decision) for item, decision in items]
    attach_credits([item for item, _decision in items])
    template = get_template("includes/item_card.html")
    context = {"heading_level": heading_level, "request": request}  # no context processors: nothing personal
    return [template.render({**context, "item": item, "decision": decision}) for item, decision in items]


def attach_credits(items) -> None:
    """Load the credits (contributors and roles) of mixed page types: one query per type, not per item."""
    for model in TYPES.values():
        of_type = [item for item in items if type(item) is model]
        if of_type:
            credits = model._meta.get_field("contributors").related_model
            prefetch_related_objects(
                of_type, Prefetch("contributors", queryset=credits.objects.select_related("contributor"))
            )
