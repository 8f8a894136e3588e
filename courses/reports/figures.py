"""What the reports add up: downloads by audience (as the database counts them) and money by currency.

Every report's rows, items and totals hold these; the admin screens and their CSV read them. Money is
written as everywhere else in the portal, by courses/currencies.py (`money`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from courses.currencies import money
from courses.models import DownloadEvent


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


def audience_counts(events, *fields: str) -> Iterable[tuple]:
    """(*values of fields, audience, count) for each group of downloads: one query, counted by the
    database."""
    for row in events.values(*fields, "audience").annotate(count=Count("pk")).order_by():
        yield (*(row[name] for name in fields), row["audience"], row["count"])


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
        """Each currency's amount as the reader's language writes it (courses/currencies.py, `money`):
        ["USD 1,234.50", "PYG 150,000"] in English."""
        return [money(amount, currency) for currency, amount in sorted(self.items())]

    def __str__(self):
        return " · ".join(self.lines)
