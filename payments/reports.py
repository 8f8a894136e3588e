"""Sales figures: the sales report of the admin (payments/admin/sales.py) and the revenue source of the
licensing reports (`revenue`, registered in courses.reports.revenue by PaymentsConfig.ready).

Pure reads returning plain dataclasses, each costing a fixed number of queries whatever the number of
orders, items and months: the database sums the orders, grouped by month, item, currency and licence
version; the rest is arithmetic on those groups.

What is counted:
- A sale is an order paid in the period (by `paid_at`, in the portal's time zone) that is paid, partially
  refunded or refunded now. Orders under review (flagged: the amount paid did not match) are left out and
  reported apart, as are orders whose payment the buyer's bank disputes (the money is held by Stripe until
  the dispute closes: won, the sale counts again) or that were lost in a dispute (the money went back to the
  bank: never revenue, never a contributor's share); pending, failed and expired checkouts took no money.
- Net revenue is what was paid less what has been refunded of those sales, whenever the refund was made:
  the revenue of a period does not change when a refund comes in a later month, its net does.
- An item is a course or a material with all its language versions (one translation key). A sold item
  that has since been deleted keeps the title it was sold under, and has no contributors.
- A contributor's sales are those of the items it is credited on today (an item of two contributors counts
  in both rows). The share due on a sale is the revenue share of the licence version it was made under,
  rounded to the cent per item, currency and version, as the licensing reports round it; it is owed once,
  split among the item's holders as the licence rules say (`courses.licensing.rules.rules.share_parts`): a
  contributor's row shows its part, and the parts add up to the items' shares. The share of an item that
  credits no one is reported apart (`unattributed`).
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from wagtail.models import Page

from courses.licensing import rules as licensing
from courses.licensing.models import Contributor, Licence
from courses.reports.items import item_credits
from courses.reports.period import Period
from courses.reports.revenue import HeldBack, Revenue, share_of

from .models import Order, Refund

SOLD = (Order.Status.PAID, Order.Status.PARTIALLY_REFUNDED, Order.Status.REFUNDED)
HELD_APART = (Order.Status.FLAGGED, Order.Status.DISPUTED, Order.Status.CHARGED_BACK)
ZERO = Decimal("0.00")


def _cents(value) -> Decimal:
    """A sum as the database gives it (SQLite drops trailing zeros) to the cent."""
    return Decimal(value or 0).quantize(ZERO)


def _paid_in(period: Period) -> Q:
    start, after = period.bounds()
    return Q(paid_at__gte=start, paid_at__lt=after)


def sold_in(period: Period) -> QuerySet[Order]:
    """The orders that count as sales of the period."""
    return Order.objects.filter(_paid_in(period), status__in=SOLD)


# --- the revenue source of the licensing reports ----------------------------------------------------------


def revenue(keys: frozenset[uuid.UUID], period: Period) -> list[Revenue]:
    """Net revenue of the sales of the period, per item, currency and licence version (one query).

    The contract of `courses.reports.revenue.register_revenue_source`. Every item's sales are summed by the
    database and those of other items dropped here, so that a report over the whole catalogue does not
    send thousands of keys back to the database."""
    groups = (
        sold_in(period)
        .filter(item__isnull=False)
        .values("item__translation_key", "currency", "licence_id")
        .annotate(paid=Sum("amount"), refunded=Sum("amount_refunded"))
        .order_by()
    )
    return [
        Revenue(
            translation_key=group["item__translation_key"],
            currency=group["currency"],
            amount=_cents(group["paid"]) - _cents(group["refunded"]),
            licence_id=group["licence_id"],
        )
        for group in groups
        if group["item__translation_key"] in keys
    ]


def held_back(keys: frozenset[uuid.UUID], period: Period) -> list[HeldBack]:
    """What of the sales of the period the buyers' banks dispute or took back, per item, currency and
    licence version (one query): the contract of `courses.reports.revenue.register_held_back_source`."""
    groups = (
        Order.objects.filter(
            _paid_in(period),
            status__in=(Order.Status.DISPUTED, Order.Status.CHARGED_BACK),
            item__isnull=False,
        )
        .values("item__translation_key", "currency", "licence_id")
        .annotate(paid=Sum("amount"), refunded=Sum("amount_refunded"))
        .order_by()
    )
    return [
        HeldBack(
            translation_key=group["item__translation_key"],
            currency=group["currency"],
            amount=_cents(group["paid"]) - _cents(group["refunded"]),
            licence_id=group["licence_id"],
        )
        for group in groups
        if group["item__translation_key"] in keys
    ]


# --- the sales report -------------------------------------------------------------------------------------


@dataclass
class Amounts:
    """Sales of one group (a month, an item, a contributor …) in one currency."""

    orders: int = 0
    paid: Decimal = ZERO
    refunded: Decimal = ZERO
    share: Decimal = ZERO  # the contributors' share due (items and contributors only)

    @property
    def net(self) -> Decimal:
        return self.paid - self.refunded

    def add(self, other: Amounts) -> None:
        self.orders += other.orders
        self.paid += other.paid
        self.refunded += other.refunded
        self.share += other.share


@dataclass
class MonthRow:
    month: datetime.date
    currencies: dict[str, Amounts]  # every currency of the report, zero when nothing was sold


@dataclass
class ItemRow:
    key: str  # the translation key; the title sold under for a deleted item
    title: str
    page_id: int | None  # the version shown in the admin; None once deleted
    currency: str
    amounts: Amounts


@dataclass
class ContributorRow:
    contributor: Contributor
    currency: str
    amounts: Amounts


@dataclass
class SalesReport:
    period: Period
    currencies: list[str]
    totals: dict[str, Amounts]  # by currency
    months: list[MonthRow]
    items: list[ItemRow]  # most net revenue first
    contributors: list[ContributorRow]  # most net revenue first
    refunds: list[Refund]  # made in the period, whatever the month of the sale; newest first
    refunds_total: dict[str, Decimal]
    flagged: dict[str, Amounts]  # paid in the period, under review: counted nowhere else
    disputed: dict[str, Amounts]  # paid in the period, disputed now: counted nowhere else
    charged_back: dict[str, Amounts]  # paid in the period, lost in a dispute: counted nowhere else
    share_total: dict[str, Decimal]  # by currency: every share due once (the items' shares added up)
    unattributed: dict[str, Decimal]  # by currency: shares due on items that credit no contributor

    @property
    def orders(self) -> int:
        return sum(amounts.orders for amounts in self.totals.values())

    @property
    def orders_under_review(self) -> int:
        return sum(amounts.orders for amounts in self.flagged.values())


def _month(value) -> datetime.date:
    return timezone.localtime(value).date() if isinstance(value, datetime.datetime) else value


def _titles(keys: set[uuid.UUID]) -> dict[uuid.UUID, tuple[str, int]]:
    """Each item's title and page: a published version if any, in the default language if possible."""
    shown: dict[uuid.UUID, tuple] = {}
    pages = Page.objects.filter(translation_key__in=keys).values_list(
        "translation_key", "title", "pk", "live", "locale__language_code"
    )
    for key, title, pk, live, language in pages:
        rank = (not live, language != settings.LANGUAGE_CODE, pk)
        if key not in shown or rank < shown[key][0]:
            shown[key] = (rank, title, pk)
    return {key: (title, pk) for key, (_rank, title, pk) in shown.items()}


def _by_net(rows):
    return sorted(rows, key=lambda row: (-row.amounts.net, row.currency, _name(row).lower()))


def _name(row) -> str:
    return row.title if isinstance(row, ItemRow) else row.contributor.name


def sales_report(period: Period) -> SalesReport:
    """The sales of the period by month, item, contributor and currency, its refunds, and the orders under
    review, disputed or lost in a dispute. Eight queries at most."""
    groups = (
        sold_in(period)
        .annotate(month=TruncMonth("paid_at"))
        .values("month", "item__translation_key", "item_title", "currency", "licence_id")
        .annotate(orders=Count("pk"), paid=Sum("amount"), refunded=Sum("amount_refunded"))
        .order_by()
    )
    totals: dict[str, Amounts] = defaultdict(Amounts)
    months: dict[datetime.date, dict[str, Amounts]] = defaultdict(lambda: defaultdict(Amounts))
    # (item, currency, licence version) → amounts; the share is due per sale's licence version.
    sales: dict[tuple, Amounts] = defaultdict(Amounts)
    fallback_titles: dict[object, str] = {}
    for group in groups:
        amounts = Amounts(group["orders"], _cents(group["paid"]), _cents(group["refunded"]))
        currency = group["currency"]
        totals[currency].add(amounts)
        months[_month(group["month"])][currency].add(amounts)
        item = group["item__translation_key"] or group["item_title"]
        fallback_titles.setdefault(item, group["item_title"])
        sales[(item, currency, group["licence_id"])].add(amounts)

    keys = {item for item, _currency, _licence in sales if isinstance(item, uuid.UUID)}
    licences = Licence.objects.in_bulk({licence for _item, _currency, licence in sales if licence})
    titles = _titles(keys) if keys else {}
    credited = item_credits(keys) if keys else {}
    contributors = Contributor.objects.in_bulk({pk for pairs in credited.values() for pk, _role in pairs})

    items: dict[tuple, ItemRow] = {}
    by_contributor: dict[tuple, ContributorRow] = {}
    share_total: dict[str, Decimal] = defaultdict(lambda: ZERO)
    unattributed: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for (item, currency, licence_id), amounts in sales.items():
        amounts.share = share_of(Revenue(item, currency, amounts.net, licence_id), licences)
        if (item, currency) not in items:
            title, page_id = titles.get(item, (fallback_titles[item], None))
            items[(item, currency)] = ItemRow(str(item), title, page_id, currency, Amounts())
        items[(item, currency)].amounts.add(amounts)
        share_total[currency] += amounts.share
        credits = credited.get(item, ())
        parts = licensing.share_parts(amounts.share, licensing.share_holders(credits))
        if not parts and amounts.share:
            unattributed[currency] += amounts.share
        for contributor_id in dict.fromkeys(contributor_id for contributor_id, _role in credits):
            row = by_contributor.setdefault(
                (contributor_id, currency),
                ContributorRow(contributors[contributor_id], currency, Amounts()),
            )
            part = parts.get(contributor_id, ZERO)
            row.amounts.add(Amounts(amounts.orders, amounts.paid, amounts.refunded, part))

    currencies = sorted(totals)
    month_rows = []
    for month in sorted({*period.months(), *months}):
        sold = months.get(month, {})
        month_rows.append(
            MonthRow(month, {currency: sold.get(currency, Amounts()) for currency in currencies})
        )

    start, after = period.bounds()
    refunds = list(
        # A second payment given back was never revenue: its refund is not one of the sales' refunds.
        Refund.objects.filter(status__in=Refund.COUNTED, created_at__gte=start, created_at__lt=after)
        .exclude(second_payment=True)
        .select_related("order", "created_by")
        .order_by("-created_at", "-pk")
    )
    refunds_total: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for refund in refunds:
        refunds_total[refund.order.currency] += refund.amount

    # Paid in the period but counted in no sale: under review, disputed, lost in a dispute (one query).
    apart: dict[str, dict[str, Amounts]] = {status: {} for status in HELD_APART}
    held = (
        Order.objects.filter(_paid_in(period), status__in=HELD_APART)
        .values("status", "currency")
        .annotate(orders=Count("pk"), paid=Sum("amount"), refunded=Sum("amount_refunded"))
        .order_by("status", "currency")
    )
    for group in held:
        refunded = _cents(group["refunded"]) if group["status"] != Order.Status.FLAGGED else ZERO
        apart[group["status"]][group["currency"]] = Amounts(group["orders"], _cents(group["paid"]), refunded)

    return SalesReport(
        period=period,
        currencies=currencies,
        totals={currency: totals[currency] for currency in currencies},
        months=month_rows,
        items=_by_net(items.values()),
        contributors=_by_net(by_contributor.values()),
        refunds=refunds,
        refunds_total=dict(sorted(refunds_total.items())),
        flagged=apart[Order.Status.FLAGGED],
        disputed=apart[Order.Status.DISPUTED],
        charged_back=apart[Order.Status.CHARGED_BACK],
        share_total=dict(sorted(share_total.items())),
        unattributed=dict(sorted(unattributed.items())),
    )
