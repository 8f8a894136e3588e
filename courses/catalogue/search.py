"""Finding courses and materials: the library's filters, the site search (Wagtail search backend;
full-text on PostgreSQL, FTS5 on SQLite), and the cards every listing shows.

What a listing shows is the same for everyone but the locks: which items are on a page of the catalogue,
the library or a search, and how many there are, depend only on the published pages; and a card depends
only on its item and on the access policy's decision for the viewer (open, or which next step). Both are
kept under the page cache's generation (portal/speed/page_cache.py), which publishing, unpublishing, moving or
deleting a page, and saving a licence or a contributor renew:

- a listing's page: the count, and the page's items with what the policy reads of them (`listed_page`),
  in each process's memory (`page_cache.kept`: no round trip to Redis when warm), the count and the ids
  also in the shared cache for the processes that do not hold them yet, so a signed-in visitor's page
  neither counts nor sorts the catalogue again;
- a card's HTML (`cards`), keyed by the item, the language, today's date (an agreement that ends at midnight
  changes the badges), the host (its link) and the policy's decision for this viewer: in the shared cache,
  and a page's cards together in each process's memory. The decision is always asked of the policy, per
  request, for the items shown (`access.with_decisions`): nothing personal is stored, and a viewer gets
  the card of their own decision;
- the filter menus' topics (`topics_in_use`); the filter forms, counts and page links are template
  fragments kept in the process's memory by the same generation (templates/courses/*_index_page.html,
  search.html).

Which of the page's items are live is read from the database on every request, so an item taken offline
meanwhile is never shown, whatever is kept. If the cache is unreachable the generation is unknown: nothing
is kept in the process's memory and everything is computed as before.
"""

from __future__ import annotations

import hashlib
import logging
from contextlib import suppress
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache, caches
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from taggit.models import Tag
from wagtail.models import Locale, Page

from portal.speed import page_cache

from ..access import policy as access
from .course_pages import CoursePage
from .material_pages import MaterialPage
from .search_terms import full_text_query, one_of, typed

logger = logging.getLogger(__name__)

SEARCH_PAGE_SIZE = 10
TYPES = {"course": CoursePage, "material": MaterialPage}


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
        try:
            value = cache.get(shared_key)
        except Exception:
            value = None
        if value is None:
            value = compute()
            with suppress(Exception):  # an unreachable cache only costs the work done again
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


def listed_page(
    request, scope: tuple, results, per_page: int, number, *, heading_level="2", eager_first=True
):
    """One page of a listing in its order: (page_obj, items paired with the access policy's decisions, their
    cards). `results` is a queryset or search results, or a function that makes them (a warm page then does
    not even build the search).

    What the page holds (the count, the page's number, its items with what the policy reads) is kept in
    this process's memory under the generation (`page_cache.kept`), so a warm page costs no round trip to
    the shared cache and no rows turned into pages; a process that does not hold it yet reads the count and
    the ids from the shared cache when another process computed them. Only the live ids are read every
    time, so an item taken offline without a new generation is still never shown. The decisions are always
    the policy's, for this request's viewer."""
    digest = hashlib.sha256(repr((scope, per_page)).encode()).hexdigest()[:32]
    requested = _requested_number(number)
    count, page_number, items = page_cache.kept(
        request,
        f"listing:{digest}:{requested}",
        lambda: _listing_page(request, digest, results, per_page, requested),
    )
    if items:
        live = _live_ids([item.pk for item in items])
        items = [item for item in items if item.pk in live]
    page_obj = KnownCountPaginator((), per_page, count).get_page(page_number)
    page_obj.object_list = items
    pairs = access.with_decisions(request, items)
    return page_obj, pairs, cards(request, pairs, heading_level, eager_first=eager_first)


def _live_ids(ids: list[int]) -> set[int]:
    """Which of these pages are live: asked on every listing, so written as SQL directly (building the
    equivalent queryset costs more than the database takes to answer it)."""
    quote = connection.ops.quote_name
    id_, table, live = quote("id"), quote(Page._meta.db_table), quote("live")
    placeholders = ", ".join(["%s"] * len(ids))
    sql = f"SELECT {id_} FROM {table} WHERE {live} AND {id_} IN ({placeholders})"  # noqa: S608 (values as parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        return {row[0] for row in cursor.fetchall()}


def _listing_page(request, digest: str, results, per_page: int, requested: int) -> tuple[int, int, list]:
    """(count, page number, items) of a page of a listing: the count and the page's (id, type) rows from the
    shared cache when this generation computed them already, else counted and sorted here and stored; the
    items read from the database (live ones only)."""
    base = f"listing:{page_cache.generation(request)}:{digest}"
    count_key, wanted_key = f"{base}:count", f"{base}:page:{requested}"
    found = _cache_get_many([count_key, wanted_key])
    stored = {}
    count = found.get(count_key)
    if callable(results):
        results = results()
    if count is None:
        count = Paginator(results, per_page).count
        stored[count_key] = count
    page_obj = KnownCountPaginator(results, per_page, count).get_page(requested)
    rows_key = f"{base}:page:{page_obj.number}"
    rows = found.get(rows_key) if rows_key == wanted_key else _cache_get_many([rows_key]).get(rows_key)
    if rows is None:
        rows = _rows(page_obj.object_list)
        stored[rows_key] = rows
    if stored:
        _cache_set_many(stored)
    return count, page_obj.number, load_items(rows)


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


def _card_key(request, item, decision, heading_level: str, generation, today, language, first: bool) -> str:
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
            int(first),
        )
    )


def cards(request, items, heading_level: str = "2", *, eager_first: bool = True) -> list[str]:
    """The HTML of each item's card (templates/includes/item_card.html), for its decision: a page's cards
    together from this process's memory, else each from the shared cache, else rendered (credits loaded in
    one query per page type for all the cards missing) and stored. The keys hold the generation, so the
    process's memory is only used while it is known (the shared cache reachable).

    The first card's image is the largest thing painted first: it is fetched at once with a high priority,
    the others lazily (a card's HTML is kept apart for the first place); `eager_first=False` where something
    else opens the page (the home page's hero image)."""
    if getattr(request, "is_preview", False):  # a preview shows drafts' content: never stored
        return _render_cards(request, items, heading_level, first_of_page=eager_first)
    generation = page_cache.generation(request)
    today = timezone.localdate().isoformat()
    language = translation.get_language()
    keys = [
        _card_key(
            request,
            item,
            decision,
            heading_level,
            generation,
            today,
            language,
            first=eager_first and index == 0,
        )
        for index, (item, decision) in enumerate(items)
    ]
    if not generation:
        return _shared_cards(request, items, keys, heading_level, eager_first)
    # A page of cards mostly comes back with the same decisions (a member's, a visitor's): kept whole in
    # memory, one entry per page (not per card, which would crowd out the other pages' entries).
    local = caches[page_cache.LOCAL]
    whole_key = "cards:" + hashlib.sha256("|".join(keys).encode()).hexdigest()[:32]
    whole = local.get(whole_key)
    if whole is None:
        whole = _shared_cards(request, items, keys, heading_level, eager_first)
        local.set(whole_key, whole, timeout=page_cache.TIMEOUT)
    return whole


def _shared_cards(request, items, keys: list[str], heading_level: str, eager_first: bool) -> list[str]:
    """The cards of these keys from the shared cache, the missing ones rendered and stored."""
    found = _cache_get_many(keys)
    missing = [(key, pair) for key, pair in zip(keys, items, strict=True) if key not in found]
    if missing:
        rendered = _render_cards(
            request,
            [pair for _key, pair in missing],
            heading_level,
            first_of_page=eager_first and keys[0] == missing[0][0],
        )
        fresh = {key: html for (key, _pair), html in zip(missing, rendered, strict=True)}
        _cache_set_many(fresh)
        found.update(fresh)
    return [found[key] for key in keys]


def _render_cards(request, items, heading_level: str, first_of_page: bool = True) -> list[str]:
    """Render these cards, the items read whole first (licence, cover image and credits: a few queries per
    page type, whatever the number of cards); the first one's image eagerly when it opens the page."""
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
    return [
        template.render(
            {**context, "item": item, "decision": decision, "eager": first_of_page and index == 0}
        )
        for index, (item, decision) in enumerate(items)
    ]


def attach_credits(items) -> None:
    """Load the credits (contributors and roles) of mixed page types: one query per type, not per item."""
    for model in TYPES.values():
        of_type = [item for item in items if type(item) is model]
        if of_type:
            credits = model._meta.get_field("contributors").related_model
            prefetch_related_objects(
                of_type, Prefetch("contributors", queryset=credits.objects.select_related("contributor"))
            )
