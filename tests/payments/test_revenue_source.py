"""Payments is the licensing reports' revenue source: once the app is ready, the reports per contributor and
per licence show what each item earned in the period, net of refunds, and the contributors' share due under
the licence version each sale was made under."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from courses.licensing import changes as licensing_changes
from courses.reports import revenue as licensing_revenue
from courses.reports.contributors import contributors_overview
from courses.reports.period import Period
from courses.reports.revenue import Revenue
from payments import fulfilment, reports
from payments.models import Order
from portal.roles import COORDINATORS

from .. import factories
from .helpers import open_order, session_for

PERIOD = {"start": "2026-01-01", "end": "2026-06-30"}
ZONE = timezone.get_fixed_timezone(-6 * 60)  # America/El_Salvador, the network's time zone by default


def at(year, month, day) -> datetime.datetime:
    return datetime.datetime(year, month, day, 12, tzinfo=ZONE)


def licensing_url(name, *args, **query) -> str:
    address = reverse(f"licensing_reports:{name}", args=args)
    return f"{address}?{'&'.join(f'{key}={value}' for key, value in query.items())}" if query else address


def sold(item, when, *, licence, refunded="0", status=None) -> Order:
    order = open_order(factories.UserFactory(), item, licence=licence)
    fulfilment.fulfil(session=session_for(order))
    changes = {"created_at": when, "paid_at": when, "amount_refunded": Decimal(refunded)}
    if status is not None:
        changes["status"] = status
    Order.objects.filter(pk=order.pk).update(**changes)
    return Order.objects.get(pk=order.pk)


@pytest.fixture
def coordinator_client(client, db):
    user = factories.UserFactory(email="coordinacion@clase.example")
    user.groups.add(Group.objects.get(name=COORDINATORS))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def catalogue(tree, locales):
    """The fund's manual under its partner agreement (20 % share), in Spanish and English."""
    fund = factories.ContributorFactory(name="Fondo Solidario")
    agreement = factories.LicenceFactory(
        code="CONVENIO-FONDO",
        name="Convenio Fondo",
        label="Convenio Fondo",
        may_be_sold=True,
        revenue_share=Decimal("20"),
    )
    manual = factories.MaterialPageFactory(
        parent=tree.materials,
        title="Manual de costos",
        access_level="authorised",
        price=Decimal("12.50"),
        licence=agreement,
    )
    factories.add_file(manual)
    factories.credit(manual, fund)
    english = manual.copy_for_translation(locales["en"], copy_parents=True)
    english.save_revision().publish()
    return {"fund": fund, "agreement": agreement, "manual": manual, "english": english.specific}


@pytest.mark.django_db
def test_payments_registers_its_revenue_source_when_ready():
    assert licensing_revenue.has_revenue_sources()
    assert reports.revenue in licensing_revenue._revenue_sources


@pytest.mark.django_db
def test_a_paid_order_shows_in_the_licensing_reports_with_the_share_due(coordinator_client, catalogue):
    sold(catalogue["manual"], at(2026, 2, 3), licence=catalogue["agreement"])

    overview = coordinator_client.get(licensing_url("contributors", **PERIOD))
    rows = {row.name: row for row in overview.context["report"].rows}
    assert rows["Fondo Solidario"].revenue == {"usd": Decimal("12.50")}
    assert rows["Fondo Solidario"].share == {"usd": Decimal("2.50")}  # 20 % under the agreement
    html = overview.content.decode()
    assert "Share due" in html and "USD 12.50" in html and "USD 2.50" in html

    detail = coordinator_client.get(licensing_url("contributor", catalogue["fund"].pk, **PERIOD))
    item = next(item for item in detail.context["report"].items if item.title == "Manual de costos")
    assert item.revenue == {"usd": Decimal("12.50")} and item.share == {"usd": Decimal("2.50")}

    licence = coordinator_client.get(licensing_url("licence", "CONVENIO-FONDO", **PERIOD)).context["report"]
    assert licence.revenue == {"usd": Decimal("12.50")} and licence.share == {"usd": Decimal("2.50")}

    csv_rows = list(
        csv.reader(
            io.StringIO(
                coordinator_client.get(licensing_url("contributors", **PERIOD, export="csv")).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert csv_rows[0][-2:] == ["Revenue (USD)", "Share due (USD)"]
    assert csv_rows[[row[0] for row in csv_rows].index("Fondo Solidario")][-2:] == ["12.50", "2.50"]


@pytest.mark.django_db
def test_revenue_is_net_of_refunds_per_licence_version_and_only_of_sales_in_the_period(catalogue):
    manual, english, agreement = catalogue["manual"], catalogue["english"], catalogue["agreement"]
    sold(manual, at(2026, 1, 10), licence=agreement)  # 12.50 under version 1
    sold(english, at(2026, 2, 10), licence=agreement, refunded="2.50", status=Order.Status.PARTIALLY_REFUNDED)
    sold(manual, at(2026, 3, 10), licence=agreement, refunded="12.50", status=Order.Status.REFUNDED)
    revised = licensing_changes.licence_new_version(
        licence=agreement, changes={"revenue_share": Decimal("30")}, by=None
    )
    sold(manual, at(2026, 4, 10), licence=revised)  # 12.50 under version 2
    # Not sales: before the period, under review, an open checkout, a failed one.
    sold(manual, at(2025, 12, 31), licence=agreement)
    sold(manual, at(2026, 5, 1), licence=agreement, status=Order.Status.FLAGGED)
    open_order(factories.UserFactory(), manual, licence=agreement)
    failed = open_order(factories.UserFactory(), manual, licence=agreement)
    Order.objects.filter(pk=failed.pk).update(status=Order.Status.FAILED)

    period = Period(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    rows = sorted(
        reports.revenue(frozenset({manual.translation_key}), period), key=lambda row: row.licence_id
    )

    assert rows == [
        Revenue(manual.translation_key, "usd", Decimal("22.50"), agreement.pk),  # 12.50 + 10.00 + 0.00
        Revenue(manual.translation_key, "usd", Decimal("12.50"), revised.pk),
    ]
    overview = contributors_overview(period)
    fund = next(row for row in overview.rows if row.name == "Fondo Solidario")
    assert fund.revenue == {"usd": Decimal("35.00")}
    assert fund.share == {"usd": Decimal("8.25")}  # 22.50 × 20 % + 12.50 × 30 %
    assert reports.revenue(frozenset(), period) == []  # other items' sales are not asked for


@pytest.mark.django_db
def test_the_source_costs_one_query_whatever_the_number_of_sales(django_assert_num_queries, catalogue, tree):
    keys = {catalogue["manual"].translation_key}
    for number in range(12):
        item = factories.MaterialPageFactory(
            parent=tree.materials, access_level="authorised", price=Decimal("2")
        )
        keys.add(item.translation_key)
        sold(item, at(2026, 1 + number % 6, 5), licence=catalogue["agreement"])
    period = Period(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))

    with django_assert_num_queries(1):
        rows = reports.revenue(frozenset(keys), period)
    assert len(rows) == 12 and sum(row.amount for row in rows) == Decimal("24.00")
