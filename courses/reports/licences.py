"""The licences' report: what was published under each licence, how many files were handed out under it in
the period, version by version, and (with a revenue source) what was sold under it and the share due.

Coordinators read it in the admin ("Licensing: licences", courses/admin/reports/licences.py) to see what a
licence, all its versions together, covers and yields. A licence's downloads are those handed out under
one of its versions (each download records the version in force at the time), whatever licence the item
has today.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from courses.models import (
    CourseContributor,
    CoursePage,
    DownloadEvent,
    Licence,
    MaterialContributor,
    MaterialPage,
)

from .detail import Report, VersionRow, add_revenue, build_report
from .figures import Downloads, Money, audience_counts
from .items import item_keys, read_items
from .overview import Overview, Row
from .period import Period, created_in
from .revenue import has_revenue_sources, revenue_of, share_of


def licences_overview(period: Period) -> Overview:
    """Every licence (all its versions together): published items under it, and downloads handed out under
    it in the period. Items and downloads without a licence have a row of their own, when there are any."""
    licences = Licence.objects.in_bulk()
    rows: dict[str | None, Row] = {}
    for licence in sorted(licences.values(), key=lambda licence: licence.code):
        if licence.is_current:
            rows[licence.code] = Row(key=licence.code, name=licence.shown_name, licence=licence)
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
    events = DownloadEvent.objects.filter(created_in(period))
    for code, audience, count in audience_counts(events, "licence__code"):
        total.add(audience, count)
        row_for(code).downloads.add(audience, count)

    revenue_total, share_total = Money(), Money()
    if has_revenue := has_revenue_sources():
        for revenue in revenue_of(item_keys(), period):
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


def licence_report(code: str, period: Period, *, today: datetime.date | None = None) -> Report:
    """The items under any version of a licence, and the downloads handed out under it in the period.

    Raises Licence.DoesNotExist for an unknown code."""
    today = today or timezone.localdate()
    licences = Licence.objects.in_bulk()
    versions = sorted((lic for lic in licences.values() if lic.code == code), key=lambda lic: lic.version)
    if not versions:
        raise Licence.DoesNotExist(code)
    condition = Q(licence__code=code)
    items = read_items({CoursePage: condition, MaterialPage: condition}, licences, today)
    for credits in (CourseContributor, MaterialContributor):
        names = credits.objects.filter(page__licence__code=code).order_by("sort_order")
        for key, name in names.values_list("page__translation_key", "contributor__name"):
            if key in items and name not in items[key].contributors:
                items[key].contributors.append(name)
    events = DownloadEvent.objects.filter(licence__code=code)
    report = build_report(period=period, items=items, events=events, licences=licences, today=today)
    by_version: dict[int, Downloads] = defaultdict(Downloads)
    for licence_id, audience, count in audience_counts(events.filter(created_in(period)), "licence_id"):
        by_version[licence_id].add(audience, count)
    report.versions = [VersionRow(licence, by_version[licence.pk]) for licence in versions]
    if report.has_revenue:
        # Every item: one sold under this licence may be under another one today.
        add_revenue(report, item_keys(), items, licences, code=code)
    return report
