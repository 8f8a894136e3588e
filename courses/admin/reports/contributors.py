"""The contributors' report screens ("Licensing: contributors" in the Reports menu): every contributor with
its published items and downloads in the period, and one contributor's report with its items, month chart,
countries and most downloaded items, each downloadable as CSV.

Coordinators read them, and hand a contributor its own report as a statement. The numbers come from
courses/reports/contributors.py.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from courses.models import Contributor, Role
from courses.reports.contributors import contributor_report, contributors_overview

from .columns import csv_filename
from .detail import DetailView
from .overview import OverviewView
from .period_filter import period_query
from .screen import URL_NAMESPACE


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
        return contributors_overview(self.period)

    def detail_url(self, row):
        return reverse(f"{URL_NAMESPACE}:contributor", args=[row.key]) + "?" + period_query(self.period)

    def get_csv_filename(self):
        return csv_filename("licensing-contributors", period=self.period)


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
        return contributor_report(self.contributor, self.period, today=self.today)

    def get_csv_filename(self):
        return csv_filename(
            "contributor", self.contributor.name or str(self.contributor.pk), period=self.period
        )
