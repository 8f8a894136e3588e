"""The columns the licensing reports repeat, on screen and in their CSV: downloads by audience, revenue and
share due per currency; and the CSV file's name (payments' sales report names its CSV the same way).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from courses.reports.figures import Downloads, Money
from courses.reports.period import Period

AUDIENCES = [
    ("member", _("Members")),
    ("external", _("External users")),
    ("visitor", _("Visitors")),
]


def csv_filename(*parts: str, period: Period) -> str:
    slug = "-".join(filter(None, (slugify(part.replace(".", "-")) for part in parts)))
    return f"{slug}-{period.start.isoformat()}-{period.end.isoformat()}.csv"


def audience_headings() -> list[str]:
    return [gettext("Downloads"), *(str(label) for _audience, label in AUDIENCES)]


def audience_values(downloads: Downloads) -> list[int]:
    return [downloads.total, *(getattr(downloads, audience) for audience, _label in AUDIENCES)]


def money_headings(currencies: list[str]) -> list[str]:
    return [
        heading % {"currency": currency.upper()}
        for currency in currencies
        for heading in (gettext("Revenue (%(currency)s)"), gettext("Share due (%(currency)s)"))
    ]


def money_values(revenue: Money, share: Money, currencies: list[str]) -> list[Decimal]:
    zero = Decimal("0.00")
    return [
        value for currency in currencies for value in (revenue.get(currency, zero), share.get(currency, zero))
    ]
