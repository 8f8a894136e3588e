"""The sales report in the admin's Reports menu: revenue by month (a chart per currency), by item, by
contributor and by currency, the refunds of the period and the orders under review; the period filter and
a CSV that Excel opens safely."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from courses.reports.period import Period
from payments import fulfilment, reports
from payments.models import Order, Refund
from portal.roles import COORDINATORS

from .. import factories
from .helpers import open_order, session_for

PERIOD = {"start": "2026-01-01", "end": "2026-06-30"}
ZONE = timezone.get_fixed_timezone(-6 * 60)  # America/El_Salvador, the network's time zone by default


def at(year, month, day, hour=12) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=ZONE)


def report_url(**query) -> str:
    address = reverse("sales_reports:report")
    return f"{address}?{'&'.join(f'{key}={value}' for key, value in query.items())}" if query else address


def sold(item, when, *, licence=None, refunded="0", buyer=None, amount_total=None) -> Order:
    """An order of the item paid on `when` (settled as the webhook does), with `refunded` given back."""
    order = open_order(buyer or factories.UserFactory(), item, licence=licence)
    changes = {} if amount_total is None else {"amount_total": amount_total}
    fulfilment.fulfil(session=session_for(order, **changes))
    order.refresh_from_db()
    refunded = Decimal(refunded)
    status = order.status
    if refunded:
        status = Order.Status.REFUNDED if refunded == order.amount else Order.Status.PARTIALLY_REFUNDED
    Order.objects.filter(pk=order.pk).update(
        created_at=when, paid_at=when, amount_refunded=refunded, status=status
    )
    return Order.objects.get(pk=order.pk)


def refund(order, amount, when, *, reason="", by=None) -> Refund:
    made = Refund.objects.create(
        order=order,
        stripe_id=f"re_test_{order.pk}_{amount}",
        amount=Decimal(amount),
        status="succeeded",
        reason=reason,
        created_by=by,
    )
    Refund.objects.filter(pk=made.pk).update(created_at=when)
    return made


@pytest.fixture
def coordinator(db):
    user = factories.UserFactory(email="coordinacion@clase.example", full_name="Rosa Coordinadora")
    user.groups.add(Group.objects.get(name=COORDINATORS))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def sales(tree, coordinator):
    """January to March 2026, in dollars and euros: a manual sold twice (once partly refunded) under the
    fund's agreement (20 %), a course fully refunded later, a guide in euros; plus what does not count: a
    sale before the period, an order under review and an open checkout."""
    fund = factories.ContributorFactory(name="Fondo Solidario")
    university = factories.ContributorFactory(name="Universidad Andina")
    agreement = factories.LicenceFactory(
        code="CONVENIO-FONDO", label="Convenio Fondo", may_be_sold=True, revenue_share=Decimal("20")
    )
    manual = factories.MaterialPageFactory(
        parent=tree.materials, title="Manual de costos", access_level="authorised", price=Decimal("12.50")
    )
    factories.credit(manual, fund)
    course = factories.CoursePageFactory(
        parent=tree.courses, title="Curso de exportación", access_level="authorised", price=Decimal("40.00")
    )
    factories.credit(course, university)
    guide = factories.MaterialPageFactory(
        parent=tree.materials,
        title="Guía de la prima",
        access_level="authorised",
        price=Decimal("30.00"),
        currency="eur",
    )
    factories.credit(guide, fund)

    first = sold(manual, at(2026, 1, 15), licence=agreement)
    second = sold(manual, at(2026, 2, 10), licence=agreement, refunded="2.50")
    refund(second, "2.50", at(2026, 3, 1), reason="Archivo dañado", by=coordinator)
    refunded = sold(course, at(2026, 2, 20), refunded="40.00")
    refund(refunded, "40.00", at(2026, 7, 2))  # after the period: the sale's net counts it, the list not
    euros = sold(guide, at(2026, 3, 5))
    sold(manual, at(2025, 12, 31, 23), licence=agreement)  # the last hour before the period
    sold(manual, at(2026, 3, 1), amount_total=100)  # paid 1.00 for 12.50: under review
    open_order(factories.UserFactory(), manual)
    return {
        "fund": fund,
        "university": university,
        "manual": manual,
        "course": course,
        "guide": guide,
        "orders": [first, second, refunded, euros],
    }


def amounts(row) -> tuple:
    return (row.orders, row.paid, row.refunded, row.net)


@pytest.mark.django_db
def test_the_sales_of_the_period_by_currency_month_item_and_contributor(coordinator_client, sales):
    response = coordinator_client.get(report_url(**PERIOD))

    assert response.status_code == 200
    report = response.context["report"]
    assert report.period == Period(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    assert report.currencies == ["eur", "usd"]
    assert amounts(report.totals["usd"]) == (3, Decimal("65.00"), Decimal("42.50"), Decimal("22.50"))
    assert amounts(report.totals["eur"]) == (1, Decimal("30.00"), Decimal("0.00"), Decimal("30.00"))

    months = {row.month: row.currencies for row in report.months}
    assert list(months) == [datetime.date(2026, month, 1) for month in range(1, 7)]
    assert amounts(months[datetime.date(2026, 1, 1)]["usd"]) == (1, Decimal("12.50"), 0, Decimal("12.50"))
    assert amounts(months[datetime.date(2026, 2, 1)]["usd"]) == (
        2,
        Decimal("52.50"),
        Decimal("42.50"),
        Decimal("10.00"),
    )
    assert amounts(months[datetime.date(2026, 3, 1)]["eur"]) == (1, Decimal("30.00"), 0, Decimal("30.00"))
    assert months[datetime.date(2026, 3, 1)]["usd"].orders == 0  # the order under review is not a sale

    items = {(row.title, row.currency): row.amounts for row in report.items}
    assert amounts(items[("Manual de costos", "usd")]) == (
        2,
        Decimal("25.00"),
        Decimal("2.50"),
        Decimal("22.50"),
    )
    assert items[("Manual de costos", "usd")].share == Decimal("4.50")  # 20 % of the net
    assert (
        items[("Curso de exportación", "usd")].net == 0 and items[("Curso de exportación", "usd")].share == 0
    )
    assert items[("Guía de la prima", "eur")].share == 0  # sold without a licence: no share due
    assert [row.title for row in report.items][:1] == ["Guía de la prima"]  # most net revenue first

    contributors = {(row.contributor.name, row.currency): row.amounts for row in report.contributors}
    assert amounts(contributors[("Fondo Solidario", "usd")])[3] == Decimal("22.50")
    assert contributors[("Fondo Solidario", "usd")].share == Decimal("4.50")
    assert contributors[("Fondo Solidario", "eur")].net == Decimal("30.00")
    assert amounts(contributors[("Universidad Andina", "usd")]) == (1, Decimal("40.00"), Decimal("40.00"), 0)

    assert [(refund.amount, refund.reason) for refund in report.refunds] == [
        (Decimal("2.50"), "Archivo dañado")
    ]
    assert report.refunds_total == {"usd": Decimal("2.50")}
    assert report.orders_under_review == 1 and report.flagged["usd"].paid == Decimal("12.50")

    html = response.content.decode()
    assert "Manual de costos" in html and "Universidad Andina" in html and "Archivo dañado" in html
    assert "?status=flagged" in html  # the orders under review, one click away


@pytest.mark.django_db
def test_the_chart_draws_each_currencys_months(coordinator_client, sales):
    response = coordinator_client.get(report_url(**PERIOD))

    html = response.content.decode()
    assert html.count('<svg viewBox="0 0 760 260" role="img"') == 2
    assert "Revenue by month (USD)" in html and "Revenue by month (EUR)" in html
    charts = {currency: chart for chart, currency, _rows in response.context["charts"]}
    february = charts["usd"].bars[1]
    assert [segment.audience for segment in february.segments] == ["net", "refunded"]
    assert february.segments[1].height > february.segments[0].height  # 42.50 refunded over 10.00 net
    assert "USD 52.50 paid in 2 orders, USD 42.50 refunded, USD 10.00 net" in february.title
    assert len(charts["usd"].bars) == 6 and not charts["usd"].bars[5].segments  # nothing in June

    empty = coordinator_client.get(report_url(start="2024-01-01", end="2024-12-31")).content.decode()
    assert "<svg viewBox" not in empty and "No sales in this period." in empty


@pytest.mark.django_db
def test_the_period_filter(coordinator_client, sales):
    march = coordinator_client.get(report_url(start="2026-03-01", end="2026-03-31")).context["report"]
    assert list(march.totals) == ["eur"] and [refund.amount for refund in march.refunds] == [Decimal("2.50")]

    december = coordinator_client.get(report_url(start="2025-12-31", end="2025-12-31")).context["report"]
    assert december.totals["usd"].orders == 1  # 23:00 in El Salvador is the next day in UTC: still Dec 31

    default = coordinator_client.get(report_url())
    assert default.context["period"] == Period.last_12_months(timezone.localdate())
    wrong = coordinator_client.get(report_url(start="2026-05-01", end="2026-01-01"))
    assert wrong.status_code == 200 and "The period must end on or after the day it starts." in (
        wrong.content.decode()
    )


@pytest.mark.django_db
def test_coordinators_find_the_report_in_the_reports_menu(coordinator_client, sales):
    assert report_url() in coordinator_client.get("/admin/").content.decode()


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def section(rows, title) -> list[list[str]]:
    start = rows.index([title]) + 1
    end = next((index for index in range(start, len(rows)) if not rows[index]), len(rows))
    return rows[start:end]


@pytest.mark.django_db
def test_the_csv_has_the_same_tables(coordinator_client, sales):
    response = coordinator_client.get(report_url(**PERIOD, export="csv"))

    assert response["Content-Disposition"] == 'attachment; filename="sales-2026-01-01-2026-06-30.csv"'
    rows = read_csv(response)
    assert rows[:3] == [["Sales"], ["From", "2026-01-01"], ["To", "2026-06-30"]]
    assert section(rows, "By currency") == [
        ["Currency", "Orders", "Paid", "Refunded", "Net revenue"],
        ["EUR", "1", "30.00", "0.00", "30.00"],
        ["USD", "3", "65.00", "42.50", "22.50"],
    ]
    assert ["2026-02", "USD", "2", "52.50", "42.50", "10.00"] in section(rows, "By month")
    assert ["Manual de costos", "USD", "2", "25.00", "2.50", "22.50", "4.50"] in section(rows, "By item")
    assert ["Fondo Solidario", "USD", "2", "25.00", "2.50", "22.50", "4.50"] in section(
        rows, "By contributor"
    )
    refunds = section(rows, "Refunds made in the period")
    # A moment in ISO 8601 with its offset, in the network's zone; Stripe's status in words.
    assert refunds[1][:2] == ["2026-03-01T12:00:00-06:00", sales["orders"][1].reference]
    assert refunds[1][4:] == ["2.50", "refund completed", "coordinacion@clase.example", "Archivo dañado"]
    assert section(rows, "Under review") == [["Currency", "Orders", "Amount"], ["USD", "1", "12.50"]]


@pytest.mark.django_db
def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_quoted(coordinator_client, tree, coordinator):
    item = factories.MaterialPageFactory(
        parent=tree.materials,
        title='=HYPERLINK("https://evil.example","ver")',
        access_level="authorised",
        price=Decimal("5.00"),
    )
    refund(sold(item, at(2026, 2, 1), refunded="1.00"), "1.00", at(2026, 2, 2), reason="@SUM(A1:A9)")

    rows = read_csv(coordinator_client.get(report_url(**PERIOD, export="csv")))

    assert section(rows, "By item")[1][0] == """'=HYPERLINK("https://evil.example","ver")"""
    refunds = section(rows, "Refunds made in the period")
    assert (
        refunds[1][2] == """'=HYPERLINK("https://evil.example","ver")""" and refunds[1][-1] == "'@SUM(A1:A9)"
    )
    assert section(rows, "By month")[2][2:] == ["1", "5.00", "1.00", "4.00"]  # numbers stay numbers


@pytest.mark.django_db
def test_the_report_costs_a_fixed_number_of_queries(django_assert_max_num_queries, sales, tree):
    for number in range(20):
        item = factories.MaterialPageFactory(
            parent=tree.materials, access_level="authorised", price=Decimal("3.00")
        )
        factories.credit(item, factories.ContributorFactory())
        refund(sold(item, at(2026, 1 + number % 6, 3), refunded="1.00"), "1.00", at(2026, 6, 1))

    with django_assert_max_num_queries(8):
        report = reports.sales_report(Period(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)))
    assert report.totals["usd"].orders == 23 and len(report.refunds) == 21
