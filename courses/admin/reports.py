"""The licensing reports in the admin ("Reports" menu): an overview per contributor and per licence, a
report for each, their CSV exports and the month chart. The numbers come from courses/reports.py.

Coordinators show these to a partner, so they read like a statement: what the period is, what is counted
and how (in the page's help text), and a CSV with the same tables that Excel opens with accents intact.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permissions import policy_registry

from portal.countries import country_name
from portal.spreadsheets import CsvExport, csv_response

from .. import reports
from ..models import Contributor, Licence, Role

URL_NAMESPACE = "licensing_reports"
PERMISSION = "view"  # on licences: the Learning coordinators group's courses.view_licence
AUDIENCES = [
    ("member", _("Members")),
    ("external", _("External users")),
    ("visitor", _("Visitors")),
]
MAX_YEARS = 10


def may_read_reports(user) -> bool:
    return policy_registry.get_by_type(Licence).user_has_permission(user, PERMISSION)


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_read_reports(request.user)


# --- the period filter ------------------------------------------------------------------------------------


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.default = reports.Period.last_12_months(today)

    def clean(self):
        cleaned_data = super().clean()
        start = cleaned_data.get("start") or self.default.start
        end = cleaned_data.get("end") or self.default.end
        if start > end:
            raise ValidationError(_("The period must end on or after the day it starts."))
        if end.year - start.year > MAX_YEARS:
            raise ValidationError(_("Choose a period of at most %(years)s years.") % {"years": MAX_YEARS})
        cleaned_data["period"] = reports.Period(start, end)
        return cleaned_data

    @property
    def period(self) -> reports.Period:
        """The chosen period; the last 12 months when none (or an impossible one) was chosen."""
        return self.cleaned_data["period"] if self.is_valid() else self.default


def period_query(period: reports.Period, **extra) -> str:
    return urlencode({"start": period.start.isoformat(), "end": period.end.isoformat(), **extra})


def presets(today: datetime.date) -> list[tuple[str, reports.Period]]:
    year = today.year
    return [
        (_("Last 12 months"), reports.Period.last_12_months(today)),
        (_("This year"), reports.Period(datetime.date(year, 1, 1), today)),
        (_("Last year"), reports.Period(datetime.date(year - 1, 1, 1), datetime.date(year - 1, 12, 31))),
    ]


# --- CSV --------------------------------------------------------------------------------------------------


def csv_filename(*parts: str, period: reports.Period) -> str:
    slug = "-".join(filter(None, (slugify(part.replace(".", "-")) for part in parts)))
    return f"{slug}-{period.start.isoformat()}-{period.end.isoformat()}.csv"


def audience_headings() -> list[str]:
    return [gettext("Downloads"), *(str(label) for _audience, label in AUDIENCES)]


def audience_values(downloads: reports.Downloads) -> list[int]:
    return [downloads.total, *(getattr(downloads, audience) for audience, _label in AUDIENCES)]


def money_headings(currencies: list[str]) -> list[str]:
    return [
        heading % {"currency": currency.upper()}
        for currency in currencies
        for heading in (gettext("Revenue (%(currency)s)"), gettext("Share due (%(currency)s)"))
    ]


def money_values(revenue: reports.Money, share: reports.Money, currencies: list[str]) -> list[Decimal]:
    zero = Decimal("0.00")
    return [
        value for currency in currencies for value in (revenue.get(currency, zero), share.get(currency, zero))
    ]


# --- the month chart --------------------------------------------------------------------------------------


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


def month_bars_chart(months: list[MonthBar], *, title: str, description: str, left: int = 48) -> Chart:
    """The geometry of a stacked bar per month, shared by the admin's month charts (downloads here, revenue
    in payments/admin/sales.py), so that they all look and read alike."""
    width, height, right, top, bottom = 760, 260, 748, 12, 212
    peak = max((sum(value for _part, value in row.parts) for row in months), default=0)
    ticks = round_ticks(math.ceil(peak))
    scale = (bottom - top) / ticks[-1]
    slot = (right - left) / max(len(months), 1)
    every = math.ceil(len(months) / 18)
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


def month_chart(months: list[reports.MonthRow], *, title: str) -> Chart:
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


# --- the views --------------------------------------------------------------------------------------------


class ReportView(CsvExport, PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """A report for a period chosen in the GET form; `?export=csv` downloads it."""

    permission_required = PERMISSION
    header_icon = "table"
    kind = ""  # "contributors" or "licences"

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(Licence)

    def get(self, request, *args, **kwargs):
        self.today = timezone.localdate()
        # The dates left empty are the default period's, so that the form shows the period on screen.
        default = reports.Period.last_12_months(self.today)
        data = request.GET.copy()
        data["start"] = data.get("start") or default.start.isoformat()
        data["end"] = data.get("end") or default.end.isoformat()
        self.form = PeriodForm(data, today=self.today)
        self.period = self.form.period
        self.report = self.get_report()
        if request.GET.get("export") == "csv":
            return csv_response(self.get_csv_filename(), self.get_csv_rows())
        return super().get(request, *args, **kwargs)

    def get_report(self):
        raise NotImplementedError

    def get_csv_filename(self) -> str:
        raise NotImplementedError

    def get_csv_rows(self) -> list[list]:
        raise NotImplementedError

    def overview_url(self, kind: str | None = None) -> str:
        return reverse(f"{URL_NAMESPACE}:{kind or self.kind}") + "?" + period_query(self.period)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=self.form,
            period=self.period,
            report=self.report,
            kind=self.kind,
            audiences=AUDIENCES,
            csv_url=self.request.path + "?" + period_query(self.period, export="csv"),
            presets=[
                (label, self.request.path + "?" + period_query(period), period == self.period)
                for label, period in presets(self.today)
            ],
        )
        return context


class OverviewView(ReportView):
    template_name = "courses/admin/reports/overview.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def detail_url(self, row: reports.Row) -> str:
        raise NotImplementedError

    def row_name(self, row: reports.Row) -> str:
        return row.name or gettext("Without a licence")

    def get_csv_rows(self):
        overview, currencies = self.report, self.report.currencies
        header = [self.name_heading, *self.extra_headings(), gettext("Items"), *audience_headings()]
        rows = [header + (money_headings(currencies) if overview.has_revenue else [])]
        for row in overview.rows:
            values = [self.row_name(row), *self.extra_values(row), row.items, *audience_values(row.downloads)]
            if overview.has_revenue:
                values += money_values(row.revenue, row.share, currencies)
            rows.append(values)
        blank = [""] * len(self.extra_headings())
        if overview.has_revenue and overview.unattributed:
            rows.append(
                [gettext("No contributor credited"), *blank, "", *[""] * len(audience_headings())]
                + money_values(reports.Money(), overview.unattributed, currencies)
            )
        # Each download and each sale once, whoever's rows count them: the shares above add up to it.
        total = [gettext("Total"), *blank, "", *audience_values(overview.downloads)]
        if overview.has_revenue:
            total += money_values(overview.revenue, overview.share, currencies)
        rows.append(total)
        return rows

    def extra_headings(self) -> list[str]:
        return []

    def extra_values(self, row) -> list:
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            rows=[(row, self.row_name(row), self.detail_url(row)) for row in self.report.rows],
            name_heading=self.name_heading,
            help_text=self.help_text,
            tabs=[
                (gettext("By contributor"), self.overview_url("contributors"), self.kind == "contributors"),
                (gettext("By licence"), self.overview_url("licences"), self.kind == "licences"),
            ],
        )
        return context


class ContributorsView(OverviewView):
    kind = "contributors"
    page_title = _("Licensing: contributors")
    name_heading = _("Contributor")
    help_text = _(
        "Items: the published courses and materials that credit the contributor; an item counts once "
        "whatever the number of its language versions. Downloads: the files of its materials handed out in "
        "the period, in any language; who downloaded is as they were at the time."
    )

    def get_report(self):
        return reports.contributors_overview(self.period)

    def detail_url(self, row):
        return reverse(f"{URL_NAMESPACE}:contributor", args=[row.key]) + "?" + period_query(self.period)

    def get_csv_filename(self):
        return csv_filename("licensing-contributors", period=self.period)


class LicencesView(OverviewView):
    kind = "licences"
    page_title = _("Licensing: licences")
    name_heading = _("Licence")
    help_text = _(
        "Each licence with all its versions. Items: the published courses and materials under it; an item "
        "counts once whatever the number of its language versions. Downloads: the files handed out in the "
        "period under any version of the licence (the version in force at the time of each download)."
    )

    def get_report(self):
        return reports.licences_overview(self.period)

    def detail_url(self, row):
        if not row.key:
            return ""
        return reverse(f"{URL_NAMESPACE}:licence", args=[quote(row.key)]) + "?" + period_query(self.period)

    def extra_headings(self):
        return [gettext("Code")]

    def extra_values(self, row):
        return [row.key]

    def get_csv_filename(self):
        return csv_filename("licensing-licences", period=self.period)


class DetailView(ReportView):
    template_name = "courses/admin/reports/detail.html"
    overview_label = ""

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self.overview_url(), "label": self.overview_label},
            {"url": "", "label": self.get_page_title()},
        ]

    def summary(self) -> list[tuple[str, str]]:
        return []

    def item_people(self, item: reports.Item) -> str:
        raise NotImplementedError

    def get_csv_rows(self):
        report, currencies = self.report, self.report.currencies
        money = report.has_revenue
        period = [
            [gettext("From"), report.period.start],
            [gettext("To"), report.period.end],
        ]
        rows = [[str(self.page_title), self.get_page_title()], *([str(k), v] for k, v in self.summary())]
        rows += [*period, []]
        rows += [
            [gettext("Items")],
            [
                gettext("Item"),
                gettext("Type"),
                gettext("Languages"),
                gettext("Licence"),
                gettext("Access level"),
                self.people_heading,
                *audience_headings(),
                *(money_headings(currencies) if money else []),
            ],
        ]
        for item in report.items:
            rows.append(
                [
                    item.title,
                    item_kind(item),
                    ", ".join(item.languages),
                    licence_label(item.licence),
                    item.effective_level_label,
                    self.item_people(item),
                    *audience_values(item.downloads),
                    *(money_values(item.revenue, item.share, currencies) if money else []),
                ]
            )
        rows += [[], [gettext("Downloads by month")], [gettext("Month"), *audience_headings()]]
        rows += [[row.month.strftime("%Y-%m"), *audience_values(row.downloads)] for row in report.months]
        rows += [[], [gettext("Downloads by country")], [gettext("Country"), *audience_headings()]]
        rows += [[country_label(row.country), *audience_values(row.downloads)] for row in report.countries]
        rows += [[], [gettext("Most downloaded items")], [gettext("Item"), *audience_headings()]]
        rows += [[item.title, *audience_values(item.downloads)] for item in report.top_items]
        if report.versions:
            rows += [
                [],
                [gettext("Versions")],
                [gettext("Version"), gettext("In force"), gettext("Revenue share (%)"), *audience_headings()],
            ]
            rows += [
                [
                    row.licence.version,
                    gettext("Yes") if row.licence.is_current else gettext("No"),
                    row.licence.revenue_share,
                    *audience_values(row.downloads),
                ]
                for row in report.versions
            ]
        if money:
            rows += [
                [],
                [gettext("Revenue")],
                [gettext("Currency"), gettext("Revenue"), gettext("Share due")],
            ]
            rows += [
                [currency.upper(), *money_values(report.revenue, report.share, [currency])]
                for currency in currencies
            ]
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report
        context.update(
            summary=self.summary(),
            people_heading=self.people_heading,
            items=[
                (item, item_kind(item), self.item_people(item), page_edit_url(item)) for item in report.items
            ],
            top_items=[(item, page_edit_url(item)) for item in report.top_items],
            countries=[(row, country_label(row.country)) for row in report.countries],
            chart=month_chart(report.months, title=gettext("Downloads by month")),
            overview_url=self.overview_url(),
        )
        return context


class ContributorView(DetailView):
    kind = "contributors"
    overview_label = _("Licensing: contributors")
    people_heading = _("Role")
    help_text = ContributorsView.help_text

    page_title = _("Contributor")

    def get_page_title(self):
        return self.contributor.name

    def summary(self):
        return [(_("Kind"), self.contributor.get_kind_display())]

    def item_people(self, item):
        return ", ".join(str(Role(role).label) for role in item.roles if role in Role.values)

    def get_report(self):
        self.contributor = get_object_or_404(Contributor, pk=self.kwargs["pk"])
        return reports.contributor_report(self.contributor, self.period, today=self.today)

    def get_csv_filename(self):
        return csv_filename(
            "contributor", self.contributor.name or str(self.contributor.pk), period=self.period
        )


class LicenceView(DetailView):
    kind = "licences"
    overview_label = _("Licensing: licences")
    people_heading = _("Contributors")
    help_text = LicencesView.help_text
    page_title = _("Licence")

    def get_report(self):
        self.code = unquote(self.kwargs["code"])
        try:
            report = reports.licence_report(self.code, self.period, today=self.today)
        except Licence.DoesNotExist as error:
            raise Http404(gettext("No licence with this code.")) from error
        self.licence = next(row.licence for row in report.versions if row.licence.is_current)
        return report

    def get_page_title(self):
        return self.licence.name

    def summary(self):
        return [(_("Code"), self.licence.code), (_("Version in force"), str(self.licence.version))]

    def item_people(self, item):
        return ", ".join(item.contributors)

    def get_csv_filename(self):
        return csv_filename("licence", self.code, period=self.period)


def item_kind(item: reports.Item) -> str:
    return gettext("Course") if item.kind == "course" else pgettext("item type", "Material")


def licence_label(licence) -> str:
    return licence.label if licence is not None else gettext("No licence")


def country_label(country: str) -> str:
    """A download's country in the reader's language (older text that named no country, as written)."""
    return country_name(country) or gettext("Not known")


def page_edit_url(item: reports.Item) -> str:
    return reverse("wagtailadmin_pages:edit", args=[item.page_id])


urlpatterns = [
    path("contributors/", ContributorsView.as_view(), name="contributors"),
    path("contributors/<int:pk>/", ContributorView.as_view(), name="contributor"),
    path("licences/", LicencesView.as_view(), name="licences"),
    path("licences/<str:code>/", LicenceView.as_view(), name="licence"),
]
