"""What every report screen shares: who may read the licensing reports, their menu item, and `ReportView`,
the view each report is made from (the licensing reports here, payments' sales report too).

A report screen is for a period chosen in a GET form (courses/admin/reports/period_filter.py) and
downloads as CSV with `?export=csv`.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permissions import policy_registry

from courses.models import Licence
from courses.reports.period import Period
from portal.spreadsheets import CsvExport, csv_response

from .columns import AUDIENCES
from .period_filter import PeriodForm, period_query, presets

URL_NAMESPACE = "licensing_reports"
PERMISSION = "view"  # on licences: the Learning coordinators group's courses.view_licence


def may_read_reports(user) -> bool:
    return policy_registry.get_by_type(Licence).user_has_permission(user, PERMISSION)


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_read_reports(request.user)


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
        default = Period.last_12_months(self.today)
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
