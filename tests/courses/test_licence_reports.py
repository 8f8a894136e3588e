"""Licensing reports for coordinators: per contributor and per licence, what was published and downloaded
(members, external users, visitors; by month, by country), with a CSV to hand to a partner, and revenue
with the contributor's share once a revenue source (payments) is registered."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from courses.licensing import changes as licensing_changes
from courses.licensing import rules as licensing
from courses.models import AccessLevel, DownloadEvent, Licence
from courses.reports import revenue
from courses.reports.contributors import contributor_report, contributors_overview
from courses.reports.licences import licence_report, licences_overview
from courses.reports.period import Period
from courses.reports.revenue import Revenue, register_revenue_source, unregister_revenue_source
from portal.roles import COORDINATORS, EDITORS

from .. import factories

PERIOD = {"start": "2025-06-01", "end": "2026-05-31"}
ZONE = timezone.get_fixed_timezone(-6 * 60)  # America/El_Salvador, the network's time zone (no summer time)


def at(year, month, day, hour=12, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=ZONE)


def downloaded(material, audience, when, *, country="", licence="terms") -> DownloadEvent:
    """A download as the download view records it, at a chosen time (created_at is set on insert)."""
    if licence == "terms":  # the version in force now, as the download view records it
        licence = licensing.item_terms(type(material).objects.select_related("licence").get(pk=material.pk))
    event = DownloadEvent.objects.create(
        material=material, licence=licence, audience=audience, country=country
    )
    DownloadEvent.objects.filter(pk=event.pk).update(created_at=when)
    return event


def url(name, *args, **query):
    address = reverse(f"licensing_reports:{name}", args=args)
    return f"{address}?{'&'.join(f'{key}={value}' for key, value in query.items())}" if query else address


def staff(group, email):
    user = factories.UserFactory(email=email)
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # the admin speaks English to this user: labels read as below
    profile.save()
    return user


@pytest.fixture
def coordinator(db):
    return staff(COORDINATORS, "coordinacion@clase.example")


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def network(tree, locales):
    """Two contributors; a partner agreement revised once (30 % share in force); published and draft items;
    downloads around the period 2025-06-01 to 2026-05-31, across the turn of the year."""
    fund = factories.ContributorFactory(name="Fondo Solidario")
    university = factories.ContributorFactory(name="Universidad Andina")
    agreement = factories.LicenceFactory(
        code="CONVENIO-FONDO", name="Convenio Fondo", label="Convenio Fondo", revenue_share=Decimal("20")
    )
    cc_by = factories.shipped("CC-BY-4.0")

    guide = factories.MaterialPageFactory(parent=tree.materials, title="Guía de la prima", licence=agreement)
    factories.add_file(guide)
    factories.credit(guide, fund)
    english = guide.copy_for_translation(locales["en"], copy_parents=True)
    english.save_revision().publish()
    english = english.specific
    plan = factories.MaterialPageFactory(parent=tree.materials, title="Plan de negocios", licence=cc_by)
    factories.add_file(plan)
    factories.credit(plan, fund, university)
    factories.credit(plan, university, role="funder")  # credited twice: still one item, one download each
    course = factories.CoursePageFactory(
        parent=tree.courses, title="Curso de cooperativas", licence=agreement
    )
    factories.credit(course, fund)
    draft = factories.MaterialPageFactory(
        parent=tree.materials, title="Borrador", licence=agreement, live=False
    )
    factories.credit(draft, fund)

    # Version 1 of the agreement: a download before the revision keeps it.
    downloaded(guide, "member", at(2025, 6, 1, 0, 0), country="Perú")  # the first minute of the period
    first_version = agreement
    agreement = licensing_changes.licence_new_version(
        licence=agreement, changes={"revenue_share": Decimal("30")}, by=None
    )
    guide.refresh_from_db()
    english.refresh_from_db()
    downloaded(guide, "member", at(2025, 5, 31, 23, 59), country="Perú")  # before the period
    downloaded(guide, "member", at(2025, 12, 31, 23, 30), country="Perú")  # December here, January in UTC
    downloaded(guide, "external", at(2026, 1, 2), country="México")
    downloaded(guide, "visitor", at(2026, 1, 15))
    downloaded(english, "external", at(2026, 2, 10), country="Chile")  # the same item, in English
    downloaded(plan, "member", at(2026, 3, 3), country="Perú")
    downloaded(draft, "visitor", at(2026, 1, 20))
    downloaded(guide, "member", at(2026, 6, 1, 0, 0), country="Perú")  # after the period
    return {
        "fund": fund,
        "university": university,
        "agreement": agreement,
        "first_version": first_version,
        "cc_by": cc_by,
        "guide": guide,
        "english": english,
        "plan": plan,
        "course": course,
        "draft": draft,
    }


def counts(downloads) -> tuple:
    return (downloads.total, downloads.member, downloads.external, downloads.visitor)


# --- the numbers ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_contributor_has_its_items_and_the_downloads_of_its_materials(coordinator_client, network):
    response = coordinator_client.get(url("contributors", **PERIOD))

    assert response.status_code == 200
    rows = {row.name: row for row in response.context["report"].rows}
    fund, university = rows["Fondo Solidario"], rows["Universidad Andina"]
    # Guide (two languages, counted once), plan and course; not the draft.
    assert fund.items == 3
    # Guide: 2 members, 2 external (one in English), 1 visitor; plan: 1 member; the draft's visitor.
    assert counts(fund.downloads) == (7, 3, 2, 2)
    assert university.items == 1
    assert counts(university.downloads) == (1, 1, 0, 0)
    assert counts(response.context["report"].downloads) == (7, 3, 2, 2)
    html = response.content.decode()
    detail = url("contributor", network["fund"].pk, **PERIOD).replace("&", "&amp;")
    assert detail in html
    assert "counts once whatever the number of its language versions" in html


@pytest.mark.django_db
def test_a_contributors_report_by_month_across_the_new_year_by_country_and_item(coordinator_client, network):
    response = coordinator_client.get(url("contributor", network["fund"].pk, **PERIOD))

    assert response.status_code == 200
    report = response.context["report"]
    assert counts(report.downloads) == (7, 3, 2, 2)
    months = {row.month.strftime("%Y-%m"): counts(row.downloads) for row in report.months}
    assert list(months) == [f"2025-{m:02}" for m in range(6, 13)] + [f"2026-{m:02}" for m in range(1, 6)]
    assert months["2025-06"] == (1, 1, 0, 0)
    assert months["2025-12"] == (1, 1, 0, 0)  # 23:30 on New Year's Eve in El Salvador
    assert months["2026-01"] == (3, 0, 1, 2)
    assert months["2026-02"] == (1, 0, 1, 0)
    assert months["2026-03"] == (1, 1, 0, 0)
    assert sum(total for total, *_rest in months.values()) == 7
    assert {row.country: counts(row.downloads) for row in report.countries} == {
        "Perú": (3, 3, 0, 0),
        "": (2, 0, 0, 2),
        "México": (1, 0, 1, 0),
        "Chile": (1, 0, 1, 0),
    }
    assert [(item.title, item.downloads.total) for item in report.top_items] == [
        ("Guía de la prima", 5),
        ("Borrador", 1),  # not published any more, downloaded in the period
        ("Plan de negocios", 1),
    ]
    items = {item.title: item for item in report.items}
    assert set(items) == {"Guía de la prima", "Plan de negocios", "Curso de cooperativas"}
    assert items["Guía de la prima"].languages == ["en", "es"]
    assert items["Guía de la prima"].licence == network["agreement"]  # the terms in force: version 2
    assert items["Plan de negocios"].access_level == AccessLevel.PUBLIC
    assert items["Plan de negocios"].roles == ["author"]

    html = response.content.decode()
    assert "<svg" in html and 'role="img"' in html and "<desc id=" in html
    assert "Show the numbers as a table" in html and "Chile" in html and "Not known" in html
    assert "<script" not in html.split('class="licensing-report"')[1].split("</main>")[0]


@pytest.mark.django_db
def test_a_licence_counts_every_version_and_its_downloads_under_it(coordinator_client, network):
    overview = coordinator_client.get(url("licences", **PERIOD))

    rows = {row.key: row for row in overview.context["report"].rows}
    assert rows["CONVENIO-FONDO"].items == 2  # guide (es + en) and course; not the draft
    assert counts(rows["CONVENIO-FONDO"].downloads) == (6, 2, 2, 2)  # the guide's 5 and the draft's 1
    assert rows["CC-BY-4.0"].items == 1 and counts(rows["CC-BY-4.0"].downloads) == (1, 1, 0, 0)
    assert "" not in rows  # every item has a licence

    response = coordinator_client.get(url("licence", "CONVENIO-FONDO", **PERIOD))
    report = response.context["report"]
    assert counts(report.downloads) == (6, 2, 2, 2)
    versions = {row.licence.version: counts(row.downloads) for row in report.versions}
    assert versions == {1: (1, 1, 0, 0), 2: (5, 1, 2, 2)}
    assert {item.title for item in report.items} == {"Guía de la prima", "Curso de cooperativas"}
    assert next(item for item in report.items if item.kind == "course").contributors == ["Fondo Solidario"]
    assert coordinator_client.get(url("licence", "NO-SUCH-LICENCE"), follow=True).status_code == 404


@pytest.mark.django_db
def test_the_period_filter(coordinator_client, network):
    january = coordinator_client.get(
        url("contributor", network["fund"].pk, start="2026-01-01", end="2026-01-31")
    )
    assert counts(january.context["report"].downloads) == (3, 0, 1, 2)
    assert [row.month for row in january.context["report"].months] == [datetime.date(2026, 1, 1)]

    rows = {
        row.name: row
        for row in coordinator_client.get(url("contributors", start="2026-03-01")).context["report"].rows
    }
    assert counts(rows["Fondo Solidario"].downloads) == (2, 2, 0, 0)  # up to today: June's download too

    today = timezone.localdate()
    recent = downloaded(network["guide"], "external", timezone.now(), country="Bolivia")
    default = coordinator_client.get(url("contributor", network["fund"].pk))
    assert default.context["period"] == Period.last_12_months(today)
    assert len(default.context["report"].months) == 12
    assert recent.country in {row.country for row in default.context["report"].countries}

    backwards = coordinator_client.get(url("contributors", start="2026-05-01", end="2026-01-01"))
    assert backwards.status_code == 200
    assert backwards.context["period"] == Period.last_12_months(today)
    assert "The period must end on or after the day it starts." in backwards.content.decode()


# --- who may read them ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_editors_get_neither_the_reports_nor_the_menu_items(client, coordinator, network):
    home = reverse("wagtailadmin_home")
    client.force_login(coordinator)
    assert url("contributors") in client.get(home).content.decode()
    assert url("licences") in client.get(home).content.decode()

    client.force_login(staff(EDITORS, "editora@clase.example"))
    for address in [
        url("contributors"),
        url("licences"),
        url("contributor", network["fund"].pk),
        url("licence", "CONVENIO-FONDO"),
        url("contributors", export="csv"),
        url("contributor", network["fund"].pk, export="csv"),
        url("licence", "CONVENIO-FONDO", export="csv"),
    ]:
        response = client.get(address)
        assert response.status_code == 302 and response["Location"] == home, address
    dashboard = client.get(home).content.decode()
    assert url("contributors") not in dashboard and url("licences") not in dashboard


# --- CSV ----------------------------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def section(rows, title) -> list[list[str]]:
    """The rows of one section of a report's CSV: after its title, up to the blank line."""
    start = rows.index([title]) + 1
    end = next((index for index in range(start, len(rows)) if not rows[index]), len(rows))
    return rows[start:end]


@pytest.mark.django_db
def test_the_overview_csv_is_what_the_screen_shows(coordinator_client, network):
    response = coordinator_client.get(url("contributors", **PERIOD, export="csv"))

    assert response["Content-Disposition"] == (
        'attachment; filename="licensing-contributors-2025-06-01-2026-05-31.csv"'
    )
    rows = read_csv(response)
    assert rows[0] == ["Contributor", "Items", "Downloads", "Members", "External users", "Visitors"]
    assert ["Fondo Solidario", "3", "7", "3", "2", "2"] in rows
    assert ["Universidad Andina", "1", "1", "1", "0", "0"] in rows

    licences = read_csv(coordinator_client.get(url("licences", **PERIOD, export="csv")))
    assert licences[0][:3] == ["Licence", "Code", "Items"]
    assert ["Convenio Fondo", "CONVENIO-FONDO", "2", "6", "2", "2", "2"] in licences


@pytest.mark.django_db
def test_a_contributors_csv_has_its_tables_accents_and_a_safe_name(coordinator_client, network):
    response = coordinator_client.get(url("contributor", network["fund"].pk, **PERIOD, export="csv"))

    assert response["Content-Disposition"] == (
        'attachment; filename="contributor-fondo-solidario-2025-06-01-2026-05-31.csv"'
    )
    rows = read_csv(response)
    assert rows[:3] == [["Contributor", "Fondo Solidario"], ["Kind", "Partner"], ["From", "2025-06-01"]]
    items = section(rows, "Items")
    assert items[0][:6] == ["Item", "Type", "Languages", "Licence", "Access level", "Role"]
    assert [
        "Guía de la prima",
        "Material",
        "en, es",
        "Convenio Fondo",
        "Public",
        "Author",
        "5",
        "2",
        "2",
        "1",
    ] in items
    months = section(rows, "Downloads by month")
    assert months[0] == ["Month", "Downloads", "Members", "External users", "Visitors"]
    assert ["2025-12", "1", "1", "0", "0"] in months and ["2026-01", "3", "0", "1", "2"] in months
    assert len(months) == 1 + 12
    assert ["Perú", "3", "3", "0", "0"] in section(rows, "Downloads by country")
    assert ["Not known", "2", "0", "0", "2"] in section(rows, "Downloads by country")
    assert section(rows, "Most downloaded items")[1] == ["Guía de la prima", "5", "2", "2", "1"]

    licence = coordinator_client.get(url("licence", "CONVENIO-FONDO", **PERIOD, export="csv"))
    assert (
        licence["Content-Disposition"]
        == 'attachment; filename="licence-convenio-fondo-2025-06-01-2026-05-31.csv"'
    )
    assert ["2", "Yes", "30.00", "5", "1", "2", "2"] in section(read_csv(licence), "Versions")


@pytest.mark.django_db
def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_quoted(coordinator_client, tree):
    partner = factories.ContributorFactory(name='=HYPERLINK("https://evil.example","Ver")')
    material = factories.MaterialPageFactory(parent=tree.materials, title="@SUM(A1:A9)")
    factories.credit(material, partner)
    today = timezone.localdate()
    downloaded(material, "external", timezone.now(), country="-2+3", licence=None)
    downloaded(material, "member", timezone.now(), country="+51 Lima", licence=None)

    overview = read_csv(coordinator_client.get(url("contributors", export="csv")))
    assert ['\'=HYPERLINK("https://evil.example","Ver")', "1", "2", "1", "1", "0"] in overview

    response = coordinator_client.get(url("contributor", partner.pk, export="csv"))
    rows = read_csv(response)
    assert rows[0] == ["Contributor", '\'=HYPERLINK("https://evil.example","Ver")']
    countries = {row[0] for row in section(rows, "Downloads by country")[1:]}
    assert countries == {"'-2+3", "'+51 Lima"}
    assert section(rows, "Most downloaded items")[1][0] == "'@SUM(A1:A9)"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    period = f"{Period.last_12_months(today).start}-{today}"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="contributor-hyperlinkhttpsevil-examplever-{period}.csv"'
    )


# --- revenue, once a source is registered -----------------------------------------------------------------


@pytest.fixture(autouse=True)
def no_installed_revenue_sources():
    """These tests state the reports' own contract: without a source, then with the fake one below. The
    payments app's real source (registered at start-up) is set aside meanwhile; tests/payments cover it."""
    installed = list(revenue._revenue_sources)
    revenue._revenue_sources.clear()
    yield
    revenue._revenue_sources[:] = installed


@pytest.fixture
def sales(network):
    """A stand-in for payments: the revenue-source contract, as payments will register it."""
    calls = []

    def source(keys, period):
        calls.append((keys, period))
        sold = [
            (network["guide"], "usd", Decimal("100.00"), network["agreement"]),  # version 2: 30 %
            (network["guide"], "usd", Decimal("40.00"), network["first_version"]),  # version 1: 20 %
            (network["plan"], "eur", Decimal("25.00"), network["cc_by"]),
            (network["course"], "usd", Decimal("10.05"), network["agreement"]),
        ]
        return [
            Revenue(item.translation_key, currency, amount, licence.pk)
            for item, currency, amount, licence in sold
            if item.translation_key in keys
        ]

    register_revenue_source(source)
    yield calls
    unregister_revenue_source(source)


@pytest.mark.django_db
def test_without_a_revenue_source_there_are_no_revenue_columns(coordinator_client, network):
    for address in [url("contributors", **PERIOD), url("contributor", network["fund"].pk, **PERIOD)]:
        html = coordinator_client.get(address).content.decode()
        assert "Share due" not in html and "Revenue" not in html
    assert "Share due" not in coordinator_client.get(url("contributors", export="csv")).content.decode()


@pytest.mark.django_db
def test_with_a_revenue_source_the_reports_show_revenue_and_the_share_due(coordinator_client, network, sales):
    cc_share = Licence.objects.get(pk=network["cc_by"].pk).revenue_share
    overview = coordinator_client.get(url("contributors", **PERIOD))
    assert "Share due" in overview.content.decode()
    keys, period = sales[-1]
    assert network["guide"].translation_key in keys and network["course"].translation_key in keys
    assert period == Period(datetime.date(2025, 6, 1), datetime.date(2026, 5, 31))
    rows = {row.name: row for row in overview.context["report"].rows}
    eur_share = (Decimal("25.00") * cc_share / 100).quantize(Decimal("0.01"))
    # 100 × 30 % + 40 × 20 % + 10.05 × 30 % (3.015, rounded half up)
    assert rows["Fondo Solidario"].revenue == {"usd": Decimal("150.05"), "eur": Decimal("25.00")}
    assert rows["Fondo Solidario"].share == {"usd": Decimal("41.02"), "eur": eur_share}
    assert rows["Universidad Andina"].revenue == {"eur": Decimal("25.00")}

    detail = coordinator_client.get(url("contributor", network["fund"].pk, **PERIOD))
    report = detail.context["report"]
    assert report.share["usd"] == Decimal("41.02")
    guide = next(item for item in report.items if item.title == "Guía de la prima")
    assert guide.revenue == {"usd": Decimal("140.00")} and guide.share == {"usd": Decimal("38.00")}
    assert "USD 150.05" in detail.content.decode()

    licence = coordinator_client.get(url("licence", "CONVENIO-FONDO", **PERIOD)).context["report"]
    assert licence.revenue == {"usd": Decimal("150.05")} and licence.share == {"usd": Decimal("41.02")}
    licences = {
        row.key: row for row in coordinator_client.get(url("licences", **PERIOD)).context["report"].rows
    }
    assert licences["CC-BY-4.0"].revenue == {"eur": Decimal("25.00")}

    rows = read_csv(coordinator_client.get(url("contributors", **PERIOD, export="csv")))
    assert rows[0][-4:] == ["Revenue (EUR)", "Share due (EUR)", "Revenue (USD)", "Share due (USD)"]
    assert rows[[row[0] for row in rows].index("Fondo Solidario")][-2:] == ["150.05", "41.02"]
    revenue = section(
        read_csv(coordinator_client.get(url("contributor", network["fund"].pk, **PERIOD, export="csv"))),
        "Revenue",
    )
    assert ["USD", "150.05", "41.02"] in revenue


# --- cost -------------------------------------------------------------------------------------------------


def grow(tree, contributor, licence, size):
    """`size` materials of the contributor under the licence, each downloaded in three months by everyone."""
    for number in range(size):
        material = factories.MaterialPageFactory(
            parent=tree.materials,
            title=f"Material {number}",
            slug=f"material-{size}-{number}",
            licence=licence,
        )
        factories.credit(material, contributor)
        for month in (1, 6, 11):
            for audience in ("member", "external", "visitor"):
                downloaded(
                    material, audience, at(2025 - (number % 2), month, 5), country=f"País {number % 7}"
                )


def queries(client, address) -> int:
    client.get(address)  # the first request of a session fills per-process caches
    with CaptureQueriesContext(connection) as context:
        response = client.get(address)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_the_reports_cost_the_same_number_of_queries_with_ten_times_the_items(coordinator_client, tree):
    fund = factories.ContributorFactory(name="Fondo")
    licence = factories.LicenceFactory(code="CONVENIO")
    period = {"start": "2024-01-01", "end": "2025-12-31"}
    addresses = [
        url("contributors", **period),
        url("licences", **period),
        url("contributor", fund.pk, **period),
        url("licence", "CONVENIO", **period),
        url("contributor", fund.pk, **period, export="csv"),
    ]
    grow(tree, fund, licence, 3)
    small = {address: queries(coordinator_client, address) for address in addresses}

    grow(tree, fund, licence, 27)

    assert {address: queries(coordinator_client, address) for address in addresses} == small
    report = contributor_report(fund, Period(datetime.date(2024, 1, 1), datetime.date(2025, 12, 31)))
    assert report.downloads.total == 30 * 9 and len(report.items) == 30


@pytest.mark.django_db
def test_the_report_functions_cost_a_fixed_number_of_queries(django_assert_max_num_queries, tree):
    fund = factories.ContributorFactory(name="Fondo")
    licence = factories.LicenceFactory(code="CONVENIO")
    grow(tree, fund, licence, 30)
    period = Period(datetime.date(2024, 1, 1), datetime.date(2025, 12, 31))

    with django_assert_max_num_queries(6):
        contributors_overview(period)
    with django_assert_max_num_queries(4):
        licences_overview(period)
    with django_assert_max_num_queries(8):
        contributor_report(fund, period)
    with django_assert_max_num_queries(10):
        licence_report("CONVENIO", period)
