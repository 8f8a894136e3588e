"""The sales report in the admin ("Reports" menu): revenue by month (a chart per currency), by item, by
contributor and by currency, the refunds of the period and the orders under review, with the period filter
and the CSV export of the licensing reports (courses/admin/reports/), whose pieces it reuses. The numbers
come from payments/reports.py.
"""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.permissions import policy_registry

from courses.admin.reports.columns import csv_filename
from courses.admin.reports.month_chart import Chart, MonthBar, month_bars_chart
from courses.admin.reports.screen import ReportView
from courses.currencies import money

from .. import reports
from ..models import Order

URL_NAMESPACE = "sales_reports"
PERMISSION = "view"  # on orders: the Learning coordinators group's payments.view_order
PARTS = [("net", _("Net revenue")), ("refunded", _("Refunded"))]  # a bar's segments, from the bottom


def may_read_sales(user) -> bool:
    return policy_registry.get_by_type(Order).user_has_permission(user, PERMISSION)


class SalesMenuItem(MenuItem):
    def is_shown(self, request):
        return may_read_sales(request.user)


# --- the month chart --------------------------------------------------------------------------------------


def revenue_chart(months: list[reports.MonthRow], currency: str) -> Chart:
    """A bar per month of what was paid in one currency: net revenue at the bottom, refunds on top (the
    geometry of the licensing reports' month chart)."""
    bars = []
    for row in months:
        amounts = row.currencies[currency]
        tooltip = gettext(
            "%(month)s: %(paid)s paid in %(orders)s orders, %(refunded)s refunded, %(net)s net"
        ) % {
            "month": date_format(row.month, "YEAR_MONTH_FORMAT"),
            "paid": money(amounts.paid, currency),
            "orders": amounts.orders,
            "refunded": money(amounts.refunded, currency),
            "net": money(amounts.net, currency),
        }
        bars.append(MonthBar(row.month, [("net", amounts.net), ("refunded", amounts.refunded)], tooltip))
    net = sum((row.currencies[currency].net for row in months), start=reports.ZERO)
    description = gettext(
        "Sales per month from %(start)s to %(end)s in %(currency)s, each bar what was paid, split into net "
        "revenue and refunds: %(net)s net in all."
    ) % {
        "start": date_format(months[0].month, "YEAR_MONTH_FORMAT") if months else "",
        "end": date_format(months[-1].month, "YEAR_MONTH_FORMAT") if months else "",
        "currency": currency.upper(),
        "net": money(net, currency),
    }
    title = gettext("Revenue by month (%(currency)s)") % {"currency": currency.upper()}
    # A wider left margin: amounts take more room on the axis than download counts.
    return month_bars_chart(bars, title=title, description=description, left=56)


# --- the view ---------------------------------------------------------------------------------------------


def amount_headings() -> list[str]:
    return [gettext("Orders"), gettext("Paid"), gettext("Refunded"), gettext("Net revenue")]


def amount_values(amounts: reports.Amounts) -> list:
    return [amounts.orders, amounts.paid, amounts.refunded, amounts.net]


class SalesReportView(ReportView):
    template_name = "payments/admin/sales/report.html"
    permission_required = PERMISSION
    page_title = _("Sales")
    header_icon = "tag"
    kind = "sales"
    help_text = _(
        "Sales: the orders paid in the period (whatever happened to them since), by the day they were paid. "
        "Refunded: what has been given back of those sales, whenever it was. Net revenue: paid less "
        "refunded. "
        "Share due: for each sale, the revenue share of the licence version it was made under, owed once: to "
        "the item's copyright holders in equal parts, or, when it credits none, to all its contributors in "
        "equal parts; a contributor's row shows its part, and the parts add up to the total. Orders under "
        "review, in dispute or lost in a dispute are counted apart."
    )

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(Order)

    def get_report(self):
        return reports.sales_report(self.period)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_csv_filename(self):
        return csv_filename("sales", period=self.period)

    def get_csv_rows(self):
        report = self.report
        rows = [
            [str(self.page_title)],
            [gettext("From"), report.period.start],
            [gettext("To"), report.period.end],
            [],
            [gettext("By currency")],
            [gettext("Currency"), *amount_headings()],
        ]
        rows += [[currency.upper(), *amount_values(amounts)] for currency, amounts in report.totals.items()]
        rows += [[], [gettext("By month")], [gettext("Month"), gettext("Currency"), *amount_headings()]]
        rows += [
            [row.month.strftime("%Y-%m"), currency.upper(), *amount_values(amounts)]
            for row in report.months
            for currency, amounts in row.currencies.items()
        ]
        share = gettext("Share due")
        rows += [[], [gettext("By item")], [gettext("Item"), gettext("Currency"), *amount_headings(), share]]
        rows += [
            [row.title, row.currency.upper(), *amount_values(row.amounts), row.amounts.share]
            for row in report.items
        ]
        rows += [
            [],
            [gettext("By contributor")],
            [gettext("Contributor"), gettext("Currency"), *amount_headings(), share],
        ]
        rows += [
            [row.contributor.name, row.currency.upper(), *amount_values(row.amounts), row.amounts.share]
            for row in report.contributors
        ]
        # The contributors' parts of each share, and the shares owed to no one credited, add up to this.
        rows += [
            [gettext("No contributor credited"), currency.upper(), "", "", "", "", amount]
            for currency, amount in report.unattributed.items()
        ]
        rows += [
            [gettext("Total"), currency.upper(), "", "", "", "", amount]
            for currency, amount in report.share_total.items()
        ]
        rows += [
            [],
            [gettext("Refunds made in the period")],
            [
                gettext("Date"),
                gettext("Order"),
                gettext("Item"),
                gettext("Currency"),
                gettext("Amount"),
                gettext("Status at Stripe"),
                gettext("Refunded by"),
                gettext("Reason"),
            ],
        ]
        rows += [
            [
                refund.created_at,
                refund.order.reference,
                refund.order.item_title,
                refund.order.currency.upper(),
                refund.amount,
                refund.status_label,
                refund.created_by.email if refund.created_by else "",
                refund.reason,
            ]
            for refund in report.refunds
        ]
        if report.flagged:
            rows += [
                [],
                [gettext("Under review")],
                [gettext("Currency"), gettext("Orders"), gettext("Amount")],
            ]
            rows += [
                [currency.upper(), amounts.orders, amounts.paid]
                for currency, amounts in report.flagged.items()
            ]
        for title, held in (
            (gettext("In dispute"), report.disputed),
            (gettext("Lost in disputes"), report.charged_back),
        ):
            if held:
                rows += [[], [title], [gettext("Currency"), gettext("Orders"), gettext("Amount")]]
                rows += [
                    [currency.upper(), amounts.orders, amounts.net] for currency, amounts in held.items()
                ]
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report
        orders_url = reverse("orders:index")
        context.update(
            help_text=self.help_text,
            parts=PARTS,
            charts=[
                (
                    revenue_chart(report.months, currency),
                    currency,
                    [(row, row.currencies[currency]) for row in report.months],
                )
                for currency in report.currencies
            ],
            items=[
                (row, reverse("wagtailadmin_pages:edit", args=[row.page_id]) if row.page_id else "")
                for row in report.items
            ],
            flagged_url=f"{orders_url}?{urlencode({'status': Order.Status.FLAGGED})}",
            disputed_url=f"{orders_url}?{urlencode({'status': Order.Status.DISPUTED})}",
            charged_back_url=f"{orders_url}?{urlencode({'status': Order.Status.CHARGED_BACK})}",
            orders_url=orders_url,
        )
        return context


urlpatterns = [path("", SalesReportView.as_view(), name="report")]
