"""What the two overview screens share (every contributor, every licence): one row each, with tabs between
them, the period's totals and the same table as CSV. Drawn by templates/courses/admin/reports/overview.html.
"""

from __future__ import annotations

from django.utils.translation import gettext

from courses.reports.figures import Money
from courses.reports.overview import Row

from .columns import audience_headings, audience_values, money_headings, money_values
from .screen import ReportView


class OverviewView(ReportView):
    template_name = "courses/admin/reports/overview.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def detail_url(self, row: Row) -> str:
        raise NotImplementedError

    def row_name(self, row: Row) -> str:
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
                + money_values(Money(), overview.unattributed, currencies)
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
