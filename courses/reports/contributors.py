"""The contributors' report: what each contributor published, how often its materials were downloaded in
the period, and (with a revenue source) what its items earned and its part of the share due.

Coordinators read it in the admin ("Licensing: contributors", courses/admin/reports/contributors.py) and
hand one contributor's report to that partner. A contributor's items are those credited to it today, in
any language version; its downloads are those of its materials.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q, Subquery
from django.utils import timezone

from courses.models import (
    Contributor,
    CourseContributor,
    CoursePage,
    DownloadEvent,
    Licence,
    MaterialContributor,
    MaterialPage,
)

from .detail import Report, add_revenue, build_report
from .figures import Downloads, audience_counts
from .items import item_credits, item_keys, read_items
from .overview import Overview, Row
from .period import Period, created_in
from .revenue import has_revenue_sources, revenue_of, share_parts_of


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
    live = item_keys(live=True)
    for key in live & credited.keys():
        for contributor_id in credited[key]:
            rows[contributor_id].items += 1

    total = Downloads()
    events = DownloadEvent.objects.filter(created_in(period))
    for key, audience, count in audience_counts(events, "material__translation_key"):
        total.add(audience, count)
        for contributor_id in credited.get(key, ()):
            rows[contributor_id].downloads.add(audience, count)

    has_revenue = has_revenue_sources()
    overview = Overview(period=period, rows=list(rows.values()), downloads=total, has_revenue=has_revenue)
    if has_revenue:
        licences = Licence.objects.in_bulk()
        # Items credited to someone, and those published today (whose shares no one credited is owed).
        for revenue in revenue_of(live | credited.keys(), period):
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
    items = read_items(scopes, licences, today)
    for key, item in items.items():
        item.roles = roles.get(key, [])
    materials = MaterialContributor.objects.filter(contributor=contributor).values("page__translation_key")
    events = DownloadEvent.objects.filter(material__translation_key__in=Subquery(materials))
    report = build_report(period=period, items=items, events=events, licences=licences, today=today)
    if report.has_revenue:
        add_revenue(report, roles.keys(), items, licences, contributor=contributor)
    return report
