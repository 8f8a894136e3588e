"""The licences' report screens ("Licensing: licences" in the Reports menu): every licence, all its
versions together, with its published items and the downloads handed out under it in the period, and one
licence's report with its items, versions, month chart, countries and most downloaded items, each
downloadable as CSV.

Coordinators read them to see what a licence covers and yields. The numbers come from
courses/reports/licences.py.
"""

from __future__ import annotations

from django.contrib.admin.utils import quote, unquote
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from courses.models import Licence
from courses.reports.licences import licence_report, licences_overview

from .columns import csv_filename
from .detail import DetailView
from .overview import OverviewView
from .period_filter import period_query
from .screen import URL_NAMESPACE


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
        return licences_overview(self.period)

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


class LicenceView(DetailView):
    kind = "licences"
    overview_label = _("Licensing: licences")
    people_heading = _("Contributors")
    help_text = LicencesView.help_text
    page_title = _("Licence")

    def get_report(self):
        self.code = unquote(self.kwargs["code"])
        try:
            report = licence_report(self.code, self.period, today=self.today)
        except Licence.DoesNotExist as error:
            raise Http404(gettext("No licence with this code.")) from error
        self.licence = next(row.licence for row in report.versions if row.licence.is_current)
        return report

    def get_page_title(self):
        return self.licence.shown_name

    def summary(self):
        return [(_("Code"), self.licence.code), (_("Version in force"), str(self.licence.version))]

    def item_people(self, item):
        return ", ".join(item.contributors)

    def get_csv_filename(self):
        return csv_filename("licence", self.code, period=self.period)
