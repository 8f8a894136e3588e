"""The shape of an overview: one row per contributor (courses/reports/contributors.py) or per licence
(courses/reports/licences.py), with the period's totals, as the overview screens and their CSV show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from courses.models import Contributor, Licence

from .figures import Downloads, Money
from .period import Period


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
