"""The period a report covers: its days, its bounds in the portal's time zone and the months it touches.

Every report takes one (the licensing reports here, the sales report in payments/reports.py); the admin's
period filter (courses/admin/reports/period_filter.py) turns the chosen dates into one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone


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


def created_in(period: Period) -> Q:
    """The condition on `created_at` of what happened within the period (downloads, here)."""
    start, after = period.bounds()
    return Q(created_at__gte=start, created_at__lt=after)
