"""A sale's revenue share is owed once: with two co-contributors on one item, the coordinators' reports
(the sales report and the licensing overview by contributor, on screen and in CSV) show each holder's part,
and the contributors' shares add up to what the items owe."""

from decimal import Decimal

import pytest
from django.urls import reverse

from courses.licensing import rules as licensing
from courses.reports.period import Period
from payments import reports as sales_reports

from .. import factories
from .test_sales_report import (
    PERIOD,
    at,
    coordinator,
    coordinator_client,
    read_csv,
    report_url,
    section,
    sold,
)

__all__ = ["coordinator", "coordinator_client"]  # fixtures


@pytest.fixture
def co_owned(tree):
    """A manual at 100.00 USD under an agreement giving contributors 30 %, co-owned by a fund and a
    university (copyright holders) and written by an author; sold once in February 2026. A guide at
    33.35 USD under the same agreement, by two authors and no copyright holder, sold once."""
    fund = factories.ContributorFactory(name="Fondo Solidario")
    university = factories.ContributorFactory(name="Universidad Andina")
    author = factories.ContributorFactory(name="Autora Invitada")
    agreement = factories.LicenceFactory(
        code="CONVENIO-COMPARTIDO", may_be_sold=True, revenue_share=Decimal("30")
    )
    manual = factories.MaterialPageFactory(
        parent=tree.materials, title="Manual compartido", access_level="authorised", price=Decimal("100.00")
    )
    factories.credit(manual, fund, university, role="copyright_holder")
    factories.credit(manual, author, role="author")
    guide = factories.MaterialPageFactory(
        parent=tree.materials, title="Guía a dos manos", access_level="authorised", price=Decimal("33.35")
    )
    first, second = factories.ContributorFactory(name="Ana Autora"), factories.ContributorFactory(name="Beto")
    factories.credit(guide, first, second, role="author")
    sold(manual, at(2026, 2, 10), licence=agreement)
    sold(guide, at(2026, 2, 11), licence=agreement)
    return {"fund": fund, "university": university, "author": author, "first": first, "second": second}


def test_the_share_goes_to_the_copyright_holders_in_equal_cents_that_add_up():
    holders = [(1, "author"), (2, "copyright_holder"), (3, "copyright_holder")]
    assert licensing.share_holders(holders) == [2, 3]
    assert licensing.share_holders([(1, "author"), (2, "funder"), (1, "author")]) == [1, 2]
    assert licensing.share_parts(Decimal("10.01"), [2, 3]) == {2: Decimal("5.01"), 3: Decimal("5.00")}
    assert licensing.share_parts(Decimal("0.02"), [1, 2, 3]) == {1: Decimal("0.01"), 2: Decimal("0.01"), 3: 0}
    assert licensing.share_parts(Decimal("7.00"), []) == {}


@pytest.mark.django_db
def test_two_co_owners_each_see_half_the_share_and_the_shares_add_up(coordinator_client, co_owned):
    report = sales_reports.sales_report(Period(*(at(2026, 1, 1).date(), at(2026, 6, 30).date())))

    shares = {row.contributor.name: row.amounts.share for row in report.contributors}
    # 30 % of 100.00 is 30.00, owed once: 15.00 to each co-owner, nothing to the author beside them. The
    # guide's 10.01 (30 % of 33.35) is its two authors': 5.01 and 5.00.
    assert shares == {
        "Fondo Solidario": Decimal("15.00"),
        "Universidad Andina": Decimal("15.00"),
        "Autora Invitada": Decimal("0.00"),
        "Ana Autora": Decimal("5.01"),
        "Beto": Decimal("5.00"),
    }
    items_share = sum(row.amounts.share for row in report.items)
    assert sum(shares.values()) == items_share == report.share_total["usd"] == Decimal("40.01")

    rows = read_csv(coordinator_client.get(report_url(**PERIOD, export="csv")))
    by_contributor = section(rows, "By contributor")
    assert by_contributor[0][-1] == "Share due"
    csv_shares = {row[0]: Decimal(row[-1]) for row in by_contributor[1:] if row[0] != "Total"}
    assert csv_shares == shares
    assert ["Total", "USD", "", "", "", "", "40.01"] in by_contributor

    html = coordinator_client.get(report_url(**PERIOD)).content.decode()
    assert "15.00" in html and "30.00" not in html.split('id="sales-contributors"')[1].split("</section>")[0]


@pytest.mark.django_db
def test_the_licensing_overview_by_contributor_adds_up_too(coordinator_client, co_owned):
    url = reverse("licensing_reports:contributors") + "?start=2026-01-01&end=2026-06-30"

    overview = coordinator_client.get(url).context["report"]
    shares = {row.name: row.share.get("usd") for row in overview.rows}
    assert shares["Fondo Solidario"] == shares["Universidad Andina"] == Decimal("15.00")
    assert shares["Autora Invitada"] == Decimal("0.00")
    assert overview.share == {"usd": Decimal("40.01")} == {"usd": sum(shares.values())}
    assert overview.revenue == {"usd": Decimal("133.35")}  # each sale once

    rows = read_csv(coordinator_client.get(url + "&export=csv"))
    header, body = rows[0], rows[1:]
    share_column = header.index("Share due (USD)")
    total = next(row for row in body if row[0] == "Total")
    named = [row for row in body if row[0] != "Total"]
    assert (
        sum(Decimal(row[share_column] or 0) for row in named)
        == Decimal(total[share_column])
        == Decimal("40.01")
    )
    assert total[header.index("Revenue (USD)")] == "133.35"
