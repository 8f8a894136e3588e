"""What the screens of one contributor's and one licence's report share: the summary, the items, the month
chart, the countries, the most downloaded items, and the same tables as CSV. Drawn by
templates/courses/admin/reports/detail.html.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext, pgettext

from courses.reports.items import Item
from portal.countries import country_name

from .columns import audience_headings, audience_values, money_headings, money_values
from .month_chart import downloads_chart
from .screen import ReportView


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

    def item_people(self, item: Item) -> str:
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
            chart=downloads_chart(report.months, title=gettext("Downloads by month")),
            # The month chart's table: each month with its downloads (templates/includes/month_chart.html).
            month_rows=[(row, row.downloads) for row in report.months],
            overview_url=self.overview_url(),
        )
        return context


def item_kind(item: Item) -> str:
    return gettext("Course") if item.kind == "course" else pgettext("item type", "Material")


def licence_label(licence) -> str:
    return licence.shown_label if licence is not None else gettext("No licence")


def country_label(country: str) -> str:
    """A download's country in the reader's language (older text that named no country, as written)."""
    return country_name(country) or gettext("Not known")


def page_edit_url(item: Item) -> str:
    return reverse("wagtailadmin_pages:edit", args=[item.page_id])
