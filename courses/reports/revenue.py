"""Revenue in the licensing reports: the extension point through which payments adds it, and the share due.

Courses never imports payments: payments registers its source when it is ready (payments/apps.py), and
the reports ask every registered source. Once one is registered, the contributors' and licences' reports
show the columns "Revenue" and "Share due"; their tests register a stand-in of their own.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from courses.licensing import rules as licensing
from courses.models import Licence

from .period import Period

CENT = Decimal("0.01")


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


def revenue_of(keys: Iterable[uuid.UUID], period: Period) -> list[Revenue]:
    """What every registered source earned from the items with these translation keys in the period."""
    keys = frozenset(keys)
    if not keys:
        return []
    return [row for source in _revenue_sources for row in source(keys, period)]


# --- money held back: sales of the period that count as no revenue until decided (or ever) --------------


@dataclass(frozen=True)
class HeldBack:
    """Money of one item's sales in the period that counts in no revenue and no share due: disputed by the
    buyer's bank (held until the dispute is decided) or lost in a dispute. The reports say how much."""

    translation_key: uuid.UUID
    currency: str
    amount: Decimal
    licence_id: int | None = None


HeldBackSource = Callable[[frozenset[uuid.UUID], Period], Iterable[HeldBack]]
_held_back_sources: list[HeldBackSource] = []


def register_held_back_source(source: HeldBackSource) -> HeldBackSource:
    """Add a source of money held back, called as a revenue source is (`register_revenue_source`), at a
    fixed number of queries."""
    if source not in _held_back_sources:
        _held_back_sources.append(source)
    return source


def unregister_held_back_source(source: HeldBackSource) -> None:
    with suppress(ValueError):
        _held_back_sources.remove(source)


def held_back_of(keys: Iterable[uuid.UUID], period: Period) -> list[HeldBack]:
    keys = frozenset(keys)
    if not keys:
        return []
    return [row for source in _held_back_sources for row in source(keys, period)]


def share_of(row: Revenue, licences: dict[int, Licence]) -> Decimal:
    """The contributors' share of one revenue row, to the cent."""
    licence = licences.get(row.licence_id)
    rate = licence.revenue_share if licence is not None else Decimal("0")
    return (Decimal(row.amount) * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def share_parts_of(row: Revenue, licences: dict[int, Licence], credits) -> tuple[Decimal, dict[int, Decimal]]:
    """The share due on one revenue row, and each holder's part of it (`licensing.share_parts`); `credits`
    are the item's (contributor id, role) pairs, as `items.item_credits` reads them."""
    share = share_of(row, licences)
    return share, licensing.share_parts(share, licensing.share_holders(credits))
