"""Downloads by month: the series behind a report's month chart and its "by month" table.

Every month the period touches is in the series, those without downloads too, so that the chart
(courses/admin/reports/month_chart.py) and the CSV show the gaps. Months are the portal's time zone's.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models.functions import TruncMonth
from django.utils import timezone

from .figures import Downloads, audience_counts
from .period import Period


@dataclass
class MonthRow:
    month: datetime.date
    downloads: Downloads


def downloads_by_month(events, period: Period) -> list[MonthRow]:
    """The downloads of `events` (already limited to the period) in each month of the period (one query)."""
    months = {month: Downloads() for month in period.months()}
    for month, audience, count in audience_counts(events.annotate(month=TruncMonth("created_at")), "month"):
        # The first instant of the month in the portal's time zone: its date is the month.
        month = timezone.localtime(month).date() if isinstance(month, datetime.datetime) else month
        months.setdefault(month, Downloads()).add(audience, count)
    return [MonthRow(month, downloads) for month, downloads in sorted(months.items())]
