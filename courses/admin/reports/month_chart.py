"""The month charts of the admin's reports: a stacked bar per month, drawn on the server as inline SVG.

`month_bars_chart` computes the geometry that templates/includes/month_chart.html draws, for every month
chart, so that they all look and read alike: the downloads of a contributor's or licence's report
(`downloads_chart`, here) and the revenue of payments' sales report (payments/admin/sales.py).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext

from courses.reports.months import MonthRow

from .columns import AUDIENCES


@dataclass
class Segment:
    audience: str
    y: float
    height: float


@dataclass
class Bar:
    x: float
    width: float
    center: float
    label: str  # the month, abbreviated; empty when there is no room for every label
    year: str  # under the first month and every January
    title: str
    segments: list[Segment]


@dataclass
class Chart:
    width: int
    height: int
    left: int
    top: int
    bottom: int  # the y of the baseline
    right: int
    bars: list[Bar]
    ticks: list[tuple[float, int]]  # (y, value)
    title: str
    description: str


def round_ticks(peak: int) -> list[int]:
    """Round values from 0 to at least `peak`, about four steps."""
    raw = max(peak, 1) / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, math.ceil(step))
    top = max(step, math.ceil(max(peak, 1) / step) * step)
    return list(range(0, top + 1, step))


@dataclass
class MonthBar:
    """What one month's bar shows: its parts from the bottom up, (css part, value), and its tooltip."""

    month: datetime.date
    parts: list[tuple[str, float]]
    title: str


def month_bars_chart(
    months: list[MonthBar],
    *,
    title: str,
    description: str,
    left: int = 48,
    width: int = 760,
    most_labels: int = 18,
) -> Chart:
    """The geometry of a stacked bar per month, shared by the admin's month charts (downloads here, revenue
    in payments/admin/sales.py) and the managers' chart of completions (a narrower one, for phones:
    courses/views/organisation_learning.py), so that they all look and read alike. At most `most_labels`
    months are named under the bars."""
    height, right, top, bottom = 260, width - 12, 12, 212
    peak = max((sum(value for _part, value in row.parts) for row in months), default=0)
    ticks = round_ticks(math.ceil(peak))
    scale = (bottom - top) / ticks[-1]
    slot = (right - left) / max(len(months), 1)
    every = math.ceil(len(months) / most_labels)
    bars = []
    for index, row in enumerate(months):
        segments, y = [], float(bottom)
        for part, value in row.parts:
            size = float(value) * scale
            if size:
                y -= size
                segments.append(Segment(part, round(y, 2), round(size, 2)))
        bars.append(
            Bar(
                x=round(left + index * slot + slot * 0.15, 2),
                width=round(slot * 0.7, 2),
                center=round(left + (index + 0.5) * slot, 2),
                label=date_format(row.month, "M") if index % every == 0 else "",
                year=str(row.month.year) if index == 0 or row.month.month == 1 else "",
                title=row.title,
                segments=segments,
            )
        )
    return Chart(
        width=width,
        height=height,
        left=left,
        top=top,
        bottom=bottom,
        right=right,
        bars=bars,
        ticks=[(round(bottom - value * scale, 2), value) for value in ticks],
        title=title,
        description=description,
    )


def downloads_chart(months: list[MonthRow], *, title: str) -> Chart:
    """A stacked bar per month (members at the bottom, then external users, then visitors)."""
    bars = []
    for row in months:
        counts = {audience: getattr(row.downloads, audience) for audience, _label in AUDIENCES}
        tooltip = gettext(
            "%(month)s: %(total)s downloads (members %(member)s, external users %(external)s, "
            "visitors %(visitor)s)"
        ) % {**counts, "month": date_format(row.month, "YEAR_MONTH_FORMAT"), "total": row.downloads.total}
        parts = [(audience, counts[audience]) for audience, _label in AUDIENCES]
        bars.append(MonthBar(row.month, parts, tooltip))
    total = sum(row.downloads.total for row in months)
    peak = max(months, key=lambda row: row.downloads.total, default=None)
    description = gettext(
        "Downloads per month from %(start)s to %(end)s, each bar split into members, external users and "
        "visitors: %(total)s in all."
    ) % {
        "start": date_format(months[0].month, "YEAR_MONTH_FORMAT") if months else "",
        "end": date_format(months[-1].month, "YEAR_MONTH_FORMAT") if months else "",
        "total": total,
    }
    if peak is not None and peak.downloads.total:
        description += " " + gettext("Most in %(month)s: %(count)s.") % {
            "month": date_format(peak.month, "YEAR_MONTH_FORMAT"),
            "count": peak.downloads.total,
        }
    return month_bars_chart(bars, title=title, description=description)
