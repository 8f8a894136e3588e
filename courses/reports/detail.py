"""What one contributor's report and one licence's report share: their shape (`Report`), the downloads of
their items in the period by item, month and country with the most downloaded items, and their revenue.

courses/reports/contributors.py and courses/reports/licences.py choose the items and the downloads; the
detail screen (courses/admin/reports/detail.py) shows the result.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from courses.models import Contributor, Licence, MaterialPage

from .figures import Downloads, Money, audience_counts
from .items import Item, item_credits, read_items
from .months import MonthRow, downloads_by_month
from .period import Period, created_in
from .revenue import has_revenue_sources, held_back_of, revenue_of, share_of, share_parts_of

TOP_ITEMS = 10


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
    held_back: Money = field(default_factory=Money)  # in dispute or lost in one: counted nowhere else
    versions: list[VersionRow] = field(default_factory=list)  # a licence's report: every version

    @property
    def currencies(self) -> list[str]:
        return sorted({*self.revenue, *self.share})


def build_report(
    *,
    period: Period,
    items: dict[uuid.UUID, Item],
    events,
    licences: dict[int, Licence],
    today: datetime.date,
) -> Report:
    """The downloads of `events` in the period by item, month and country, and the most downloaded items;
    `items` are those the report lists (their downloads are filled in)."""
    events = events.filter(created_in(period))
    total = Downloads()
    downloaded: dict[uuid.UUID, Downloads] = defaultdict(Downloads)
    for key, audience, count in audience_counts(events, "material__translation_key"):
        total.add(audience, count)
        downloaded[key].add(audience, count)
    for key, item in items.items():
        item.downloads = downloaded.get(key, item.downloads)

    months = downloads_by_month(events, period)

    countries: dict[str, Downloads] = defaultdict(Downloads)
    for country, audience, count in audience_counts(events, "country"):
        countries[(country or "").strip()].add(audience, count)

    ranked = sorted(downloaded, key=lambda key: -downloaded[key].total)
    cut = downloaded[ranked[TOP_ITEMS - 1]].total if len(ranked) > TOP_ITEMS else 0
    top = [key for key in ranked if downloaded[key].total >= cut]  # ties at the cut are ordered by title
    others = {}
    if missing := [key for key in top if key not in items]:
        # Downloaded under a licence the item no longer has: it is in the top list, not among the items.
        others = read_items({MaterialPage: Q(translation_key__in=missing)}, licences, today)
        for key, item in others.items():
            item.downloads = downloaded[key]
    titled = [items.get(key) or others[key] for key in top if key in items or key in others]
    titled.sort(key=lambda item: (-item.downloads.total, item.title.lower()))

    return Report(
        period=period,
        items=sorted((item for item in items.values() if item.live), key=lambda item: item.title.lower()),
        downloads=total,
        months=months,
        countries=[
            CountryRow(country, downloads)
            for country, downloads in sorted(countries.items(), key=lambda pair: (-pair[1].total, pair[0]))
        ],
        top_items=titled[:TOP_ITEMS],
        has_revenue=has_revenue_sources(),
    )


def add_revenue(
    report: Report,
    keys,
    items: dict[uuid.UUID, Item],
    licences: dict[int, Licence],
    *,
    code: str | None = None,
    contributor: Contributor | None = None,
) -> None:
    """Add the revenue of these items (of those sold under licence `code`, if given) to the report, and
    the share due on it: the whole share, or `contributor`'s part of it (`licensing.share_parts`)."""
    credits = item_credits(keys) if contributor is not None else {}
    for revenue in revenue_of(keys, report.period):
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
    for held in held_back_of(keys, report.period):
        licence = licences.get(held.licence_id)
        if code is None or (licence is not None and licence.code == code):
            report.held_back.add(held.currency, Decimal(held.amount))
