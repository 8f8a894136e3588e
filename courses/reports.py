"""The licensing reports: what happened to each contributor's and each licence's items in a period.

Pure reads returning plain dataclasses, for the admin screens (courses/admin/reports.py) and their CSV
exports. Each function costs a fixed number of queries whatever the number of items, downloads and
months: the database counts the downloads (grouped by item, month, country or version, and audience);
items are read once per page type.

What is counted:
- An item is a course or a material whatever its language versions (pages sharing a translation key):
  it counts once. The items counted and listed are those published today; downloads count for every
  item, published today or not.
- A contributor's downloads are those of the materials it is credited on today, in any language version;
  a licence's downloads are those handed out under one of its versions (each download records the version
  in force at the time), whatever licence the item has today.
- Who downloaded (member, external user, visitor) and their country are as recorded at the time.

Revenue comes from sources that other apps register (payments, once it exists; courses never imports
them): see `register_revenue_source`.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import number_format

from .licensing import rules as licensing
from .models import (
    AccessLevel,
    Contributor,
    CourseContributor,
    CoursePage,
    DownloadEvent,
    Licence,
    MaterialContributor,
    MaterialPage,
)

TOP_ITEMS = 10
CENT = Decimal("0.01")


# --- the period -------------------------------------------------------------------------------------------


def add_months(month: datetime.date, count: int) -> datetime.date:
    """The first day of the month `count` months after (or before) `month`'s."""
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included, in the portal's time zone."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def last_12_months(cls, today: datetime.date) -> Period:
        """This month so far and the eleven before it."""
        return cls(add_months(today.replace(day=1), -11), today)

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The first instant of the period and the first instant after it."""
        zone = timezone.get_current_timezone()
        day_after = self.end + datetime.timedelta(days=1)
        return (
            datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone),
            datetime.datetime.combine(day_after, datetime.time.min, tzinfo=zone),
        )

    def months(self) -> list[datetime.date]:
        """The first day of every month the period touches."""
        month, last, months = self.start.replace(day=1), self.end.replace(day=1), []
        while month <= last:
            months.append(month)
            month = add_months(month, 1)
        return months


# --- counts and amounts -----------------------------------------------------------------------------------


@dataclass
class Downloads:
    """Downloads by audience, as recorded at the time of each download."""

    member: int = 0
    external: int = 0
    visitor: int = 0

    @property
    def total(self) -> int:
        return self.member + self.external + self.visitor

    def add(self, audience: str, count: int) -> None:
        if audience not in DownloadEvent.Audience.values:
            audience = DownloadEvent.Audience.VISITOR
        setattr(self, audience, getattr(self, audience) + count)


class Money(dict):
    """Amounts by currency code (lower case, as stored): {"usd": Decimal("12.50")}."""

    def add(self, currency: str, amount: Decimal) -> None:
        currency = currency.lower()
        self[currency] = self.get(currency, Decimal("0")) + amount

    def merge(self, other: Money) -> None:
        for currency, amount in other.items():
            self.add(currency, amount)

    @property
    def lines(self) -> list[str]:
        """Each currency's amount as the reader's language writes it: ["EUR 1.234,50", "USD 12,00"]."""
        return [
            f"{currency.upper()} {number_format(amount, 2, use_l10n=True, force_grouping=True)}"
            for currency, amount in sorted(self.items())
        ]

    def __str__(self):
        return " · ".join(self.lines)


# --- revenue: the extension point for payments ------------------------------------------------------------


@dataclass(frozen=True)
class Revenue:
    """What one source earned from one item in the period, in one currency, under one licence version.

    `licence_id` is the licence version the sales were made under (an order records it); the contributors'
    share is that version's `revenue_share` of `amount`. None: sold without a licence, no share due."""

    translation_key: uuid.UUID
    currency: str
    amount: Decimal
    licence_id: int | None = None


RevenueSource = Callable[[frozenset[uuid.UUID], Period], Iterable[Revenue]]
_revenue_sources: list[RevenueSource] = []


def register_revenue_source(source: RevenueSource) -> RevenueSource:
    """Add a source of revenue to the reports; usable as a decorator.

    A source is called as `source(translation_keys, period)` with the translation keys of the items a
    report covers (a frozenset of UUIDs; every language version of an item shares its key) and the
    `Period`, and returns `Revenue` rows: net revenue per item, currency and licence version, of sales made
    within the period. It must cost a fixed number of queries. Once a source is registered, the reports
    show the columns "Revenue" and "Share due"."""
    if source not in _revenue_sources:
        _revenue_sources.append(source)
    return source


def unregister_revenue_source(source: RevenueSource) -> None:
    with suppress(ValueError):
        _revenue_sources.remove(source)


def has_revenue_sources() -> bool:
    return bool(_revenue_sources)


def _revenue(keys: Iterable[uuid.UUID], period: Period) -> list[Revenue]:
    keys = frozenset(keys)
    if not keys:
        return []
    return [row for source in _revenue_sources for row in source(keys, period)]


def share_of(row: Revenue, licences: dict[int, Licence]) -> Decimal:
    """The contributors' share of one revenue row, to the cent."""
    licence = licences.get(row.licence_id)
    rate = licence.revenue_share if licence is not None else Decimal("0")
    return (Decimal(row.amount) * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)


# --- what the reports return ------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of an overview: one contributor, or one licence (all its versions)."""

    key: str  # the contributor's id or the licence code; empty for items without a licence
    name: str
    items: int = 0
    downloads: Downloads = field(default_factory=Downloads)
    revenue: Money = field(default_factory=Money)
    share: Money = field(default_factory=Money)
    contributor: Contributor | None = None
    licence: Licence | None = None  # the version in force


@dataclass
class Overview:
    period: Period
    rows: list[Row]
    downloads: Downloads  # every download in the period, whoever's
    has_revenue: bool
    revenue: Money = field(default_factory=Money)  # every sale once, whoever's items
    share: Money = field(default_factory=Money)  # every share due once: the rows' shares add up to it
    unattributed: Money = field(default_factory=Money)  # shares of items that credit no contributor

    @property
    def currencies(self) -> list[str]:
        return sorted({currency for row in self.rows for currency in [*row.revenue, *row.share]})


@dataclass
class Item:
    """A course or a material, all its language versions together."""

    translation_key: uuid.UUID
    kind: str  # "course" or "material"
    title: str
    page_id: int  # the version shown: a published one, in the default language if there is one
    languages: list[str]
    live: bool
    licence: Licence | None  # the terms in force
    access_level: str
    effective_level: str
    roles: list[str] = field(default_factory=list)  # the contributor's, in a contributor's report
    contributors: list[str] = field(default_factory=list)  # in a licence's report
    downloads: Downloads = field(default_factory=Downloads)
    revenue: Money = field(default_factory=Money)
    share: Money = field(default_factory=Money)

    @property
    def access_level_label(self) -> str:
        return AccessLevel(self.access_level).label

    @property
    def effective_level_label(self) -> str:
        return AccessLevel(self.effective_level).label

    @property
    def is_limited_by_licence(self) -> bool:
        return self.effective_level != self.access_level


@dataclass
class MonthRow:
    month: datetime.date
    downloads: Downloads


@dataclass
class CountryRow:
    country: str  # empty: not known (visitors, users who never said)
    downloads: Downloads


@dataclass
class VersionRow:
    licence: Licence
    downloads: Downloads


@dataclass
class Report:
    """One contributor's or one licence's items and what happened to them in the period."""

    period: Period
    items: list[Item]  # published today, by title
    downloads: Downloads
    months: list[MonthRow]
    countries: list[CountryRow]  # most downloads first
    top_items: list[Item]  # most downloaded first
    has_revenue: bool
    revenue: Money = field(default_factory=Money)
    share: Money = field(default_factory=Money)
    versions: list[VersionRow] = field(default_factory=list)  # a licence's report: every version

    @property
    def currencies(self) -> list[str]:
        return sorted({*self.revenue, *self.share})


# --- overviews --------------------------------------------------------------------------------------------


def _in_period(period: Period) -> Q:
    start, after = period.bounds()
    return Q(created_at__gte=start, created_at__lt=after)


def _audience_counts(events, *fields: str) -> Iterable[tuple]:
    """(*values of fields, audience, count) for each group of downloads."""
    for row in events.values(*fields, "audience").annotate(count=Count("pk")).order_by():
        yield (*(row[name] for name in fields), row["audience"], row["count"])


def _keys(**conditions) -> set[uuid.UUID]:
    """The translation keys of the courses and materials matching these conditions (two queries)."""
    return {
        key
        for model in (CoursePage, MaterialPage)
        for key in model.objects.filter(**conditions).values_list("translation_key", flat=True)
    }


def item_credits(keys: Iterable[uuid.UUID] | None = None) -> dict[uuid.UUID, list[tuple[int, str]]]:
    """Each item's credits (contributor id, role) in credit order, of all its language versions; of every
    item, or of those with these translation keys. Two queries."""
    credited: dict[uuid.UUID, list[tuple[int, str]]] = defaultdict(list)
    for credits in (CourseContributor, MaterialContributor):
        rows = credits.objects.all()
        if keys is not None:
            rows = rows.filter(page__translation_key__in=keys)
        for key, contributor_id, role in rows.values_list(
            "page__translation_key", "contributor_id", "role"
        ).order_by("sort_order", "pk"):
            credited[key].append((contributor_id, role))
    return credited


def share_parts_of(row: Revenue, licences: dict[int, Licence], credits) -> tuple[Decimal, dict[int, Decimal]]:
    """The share due on one revenue row, and each holder's part of it (`licensing.share_parts`)."""
    share = share_of(row, licences)
    return share, licensing.share_parts(share, licensing.share_holders(credits))


def contributors_overview(period: Period) -> Overview:
    """Every contributor: published items credited to it, and downloads of its materials in the period.
    Its revenue is that of the items credited to it (an item of two contributors counts in both rows); its
    share due is its part of their shares, so that the rows' shares add up to what is owed."""
    rows = {
        contributor.pk: Row(key=str(contributor.pk), name=contributor.name, contributor=contributor)
        for contributor in Contributor.objects.all()
    }
    credits = item_credits()
    credited = {key: {contributor_id for contributor_id, _role in pairs} for key, pairs in credits.items()}
    live = _keys(live=True)
    for key in live & credited.keys():
        for contributor_id in credited[key]:
            rows[contributor_id].items += 1

    total = Downloads()
    events = DownloadEvent.objects.filter(_in_period(period))
    for key, audience, count in _audience_counts(events, "material__translation_key"):
        total.add(audience, count)
        for contributor_id in credited.get(key, ()):
            rows[contributor_id].downloads.add(audience, count)

    has_revenue = has_revenue_sources()
    overview = Overview(period=period, rows=list(rows.values()), downloads=total, has_revenue=has_revenue)
    if has_revenue:
        licences = Licence.objects.in_bulk()
        # Items credited to someone, and those published today (whose shares no one credited is owed).
        for revenue in _revenue(live | credited.keys(), period):
            key, currency = revenue.translation_key, revenue.currency
            share, parts = share_parts_of(revenue, licences, credits.get(key, ()))
            overview.revenue.add(currency, Decimal(revenue.amount))
            overview.share.add(currency, share)
            if not parts and share:
                overview.unattributed.add(currency, share)
            for contributor_id in credited.get(key, ()):
                rows[contributor_id].revenue.add(currency, Decimal(revenue.amount))
                rows[contributor_id].share.add(currency, parts.get(contributor_id, Decimal("0.00")))
    return overview


def licences_overview(period: Period) -> Overview:
    """Every licence (all its versions together): published items under it, and downloads handed out under
    it in the period. Items and downloads without a licence have a row of their own, when there are any."""
    licences = Licence.objects.in_bulk()
    rows: dict[str | None, Row] = {}
    for licence in sorted(licences.values(), key=lambda licence: licence.code):
        if licence.is_current:
            rows[licence.code] = Row(key=licence.code, name=licence.name, licence=licence)
    without = Row(key="", name="")

    def row_for(code: str | None) -> Row:
        return rows.get(code, without) if code is not None else without

    for model in (CoursePage, MaterialPage):
        pairs = (
            model.objects.filter(live=True)
            .values_list("translation_key", "licence__code")
            .order_by()
            .distinct()
        )
        for _key, code in pairs:
            row_for(code).items += 1

    total = Downloads()
    events = DownloadEvent.objects.filter(_in_period(period))
    for code, audience, count in _audience_counts(events, "licence__code"):
        total.add(audience, count)
        row_for(code).downloads.add(audience, count)

    revenue_total, share_total = Money(), Money()
    if has_revenue := has_revenue_sources():
        for revenue in _revenue(_keys(), period):
            licence = licences.get(revenue.licence_id)
            row = row_for(licence.code if licence is not None else None)
            share = share_of(revenue, licences)
            row.revenue.add(revenue.currency, Decimal(revenue.amount))
            row.share.add(revenue.currency, share)
            revenue_total.add(revenue.currency, Decimal(revenue.amount))
            share_total.add(revenue.currency, share)
    result = list(rows.values())
    if without.items or without.downloads.total or without.revenue:
        result.append(without)
    return Overview(
        period=period,
        rows=result,
        downloads=total,
        has_revenue=has_revenue,
        revenue=revenue_total,
        share=share_total,
    )


# --- one contributor's or one licence's report ------------------------------------------------------------


def _items(scopes: dict, licences: dict[int, Licence], today: datetime.date) -> dict[uuid.UUID, Item]:
    """The items of pages matching each model's condition, every language version of each item together.

    The version shown is a published one if any, in the default language if possible."""
    default = settings.LANGUAGE_CODE
    items: dict[uuid.UUID, Item] = {}
    fields = ("pk", "title", "translation_key", "live", "locale__language_code", "licence_id", "access_level")
    for model, condition in scopes.items():
        kind = model._meta.model_name.removesuffix("page")
        pages = model.objects.filter(condition).values(*fields).order_by("pk")
        versions: dict[uuid.UUID, list[dict]] = defaultdict(list)
        for page in pages:
            versions[page["translation_key"]].append(page)
        for key, pages in versions.items():
            shown = min(pages, key=lambda p: (not p["live"], p["locale__language_code"] != default, p["pk"]))
            live = [page for page in pages if page["live"]]
            licence = licences.get(shown["licence_id"])
            terms = licences.get(licence.current_version_id, licence) if licence is not None else None
            level = shown["access_level"]
            items[key] = Item(
                translation_key=key,
                kind=kind,
                title=shown["title"],
                page_id=shown["pk"],
                languages=sorted({page["locale__language_code"] for page in live or pages}),
                live=bool(live),
                licence=terms,
                access_level=level,
                effective_level=licensing.narrower(level, licensing.widest_level(terms, today)),
            )
    return items


def _report(
    *, period: Period, items: dict[uuid.UUID, Item], events, licences: dict[int, Licence], today
) -> Report:
    """What both reports share: the downloads of `events` in the period by item, month and country, and
    the most downloaded items."""
    events = events.filter(_in_period(period))
    total = Downloads()
    downloaded: dict[uuid.UUID, Downloads] = defaultdict(Downloads)
    for key, audience, count in _audience_counts(events, "material__translation_key"):
        total.add(audience, count)
        downloaded[key].add(audience, count)
    for key, item in items.items():
        item.downloads = downloaded.get(key, item.downloads)

    months = {month: Downloads() for month in period.months()}
    for month, audience, count in _audience_counts(events.annotate(month=TruncMonth("created_at")), "month"):
        month = timezone.localtime(month).date() if isinstance(month, datetime.datetime) else month
        months.setdefault(month, Downloads()).add(audience, count)

    countries: dict[str, Downloads] = defaultdict(Downloads)
    for country, audience, count in _audience_counts(events, "country"):
        countries[(country or "").strip()].add(audience, count)

    ranked = sorted(downloaded, key=lambda key: -downloaded[key].total)
    cut = downloaded[ranked[TOP_ITEMS - 1]].total if len(ranked) > TOP_ITEMS else 0
    top = [key for key in ranked if downloaded[key].total >= cut]  # ties at the cut are ordered by title
    others = {}
    if missing := [key for key in top if key not in items]:
        # Downloaded under a licence the item no longer has: it is in the top list, not among the items.
        others = _items({MaterialPage: Q(translation_key__in=missing)}, licences, today)
        for key, item in others.items():
            item.downloads = downloaded[key]
    titled = [items.get(key) or others[key] for key in top if key in items or key in others]
    titled.sort(key=lambda item: (-item.downloads.total, item.title.lower()))

    return Report(
        period=period,
        items=sorted((item for item in items.values() if item.live), key=lambda item: item.title.lower()),
        downloads=total,
        months=[MonthRow(month, downloads) for month, downloads in sorted(months.items())],
        countries=[
            CountryRow(country, downloads)
            for country, downloads in sorted(countries.items(), key=lambda pair: (-pair[1].total, pair[0]))
        ],
        top_items=titled[:TOP_ITEMS],
        has_revenue=has_revenue_sources(),
    )


def _add_revenue(
    report: Report, keys, items: dict[uuid.UUID, Item], licences, *, code=None, contributor=None
) -> None:
    """Add the revenue of these items (of those sold under licence `code`, if given) to the report, and
    the share due on it: the whole share, or `contributor`'s part of it (`licensing.share_parts`)."""
    credits = item_credits(keys) if contributor is not None else {}
    for revenue in _revenue(keys, report.period):
        licence = licences.get(revenue.licence_id)
        if code is not None and (licence is None or licence.code != code):
            continue  # sold under another licence: that licence's revenue
        amount, share = Decimal(revenue.amount), share_of(revenue, licences)
        if contributor is not None:
            _share, parts = share_parts_of(revenue, licences, credits.get(revenue.translation_key, ()))
            share = parts.get(contributor.pk, Decimal("0.00"))
        if (item := items.get(revenue.translation_key)) is not None:
            item.revenue.add(revenue.currency, amount)
            item.share.add(revenue.currency, share)
        report.revenue.add(revenue.currency, amount)
        report.share.add(revenue.currency, share)


def contributor_report(
    contributor: Contributor, period: Period, *, today: datetime.date | None = None
) -> Report:
    """The items credited to a contributor, and the downloads of its materials in the period."""
    today = today or timezone.localdate()
    licences = Licence.objects.in_bulk()
    roles: dict[uuid.UUID, list[str]] = defaultdict(list)
    scopes = {}
    for model, credits in ((CoursePage, CourseContributor), (MaterialPage, MaterialContributor)):
        mine = credits.objects.filter(contributor=contributor)
        for key, role in mine.values_list("page__translation_key", "role").order_by("sort_order"):
            if role not in roles[key]:
                roles[key].append(role)
        scopes[model] = Q(translation_key__in=Subquery(mine.values("page__translation_key")))
    items = _items(scopes, licences, today)
    for key, item in items.items():
        item.roles = roles.get(key, [])
    materials = MaterialContributor.objects.filter(contributor=contributor).values("page__translation_key")
    events = DownloadEvent.objects.filter(material__translation_key__in=Subquery(materials))
    report = _report(period=period, items=items, events=events, licences=licences, today=today)
    if report.has_revenue:
        _add_revenue(report, roles.keys(), items, licences, contributor=contributor)
    return report


def licence_report(code: str, period: Period, *, today: datetime.date | None = None) -> Report:
    """The items under any version of a licence, and the downloads handed out under it in the period.

    Raises Licence.DoesNotExist for an unknown code."""
    today = today or timezone.localdate()
    licences = Licence.objects.in_bulk()
    versions = sorted((lic for lic in licences.values() if lic.code == code), key=lambda lic: lic.version)
    if not versions:
        raise Licence.DoesNotExist(code)
    condition = Q(licence__code=code)
    items = _items({CoursePage: condition, MaterialPage: condition}, licences, today)
    for credits in (CourseContributor, MaterialContributor):
        names = credits.objects.filter(page__licence__code=code).order_by("sort_order")
        for key, name in names.values_list("page__translation_key", "contributor__name"):
            if key in items and name not in items[key].contributors:
                items[key].contributors.append(name)
    events = DownloadEvent.objects.filter(licence__code=code)
    report = _report(period=period, items=items, events=events, licences=licences, today=today)
    by_version: dict[int, Downloads] = defaultdict(Downloads)
    for licence_id, audience, count in _audience_counts(events.filter(_in_period(period)), "licence_id"):
        by_version[licence_id].add(audience, count)
    report.versions = [VersionRow(licence, by_version[licence.pk]) for licence in versions]
    if report.has_revenue:
        # Every item: one sold under this licence may be under another one today.
        _add_revenue(report, _keys(), items, licences, code=code)
    return report
