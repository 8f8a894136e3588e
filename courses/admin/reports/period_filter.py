"""The period filter of every report screen: the dates of the GET form (so that an address can be shared),
its presets and the query string that keeps the period from one screen to the next.

The licensing reports and payments' sales report use it through `screen.ReportView`; the form is drawn by
templates/courses/admin/reports/includes/period_filter.html.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from courses.reports.period import Period

MAX_YEARS = 10


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
        self.default = Period.last_12_months(today)

    def clean(self):
        cleaned_data = super().clean()
        start = cleaned_data.get("start") or self.default.start
        end = cleaned_data.get("end") or self.default.end
        if start > end:
            raise ValidationError(_("The period must end on or after the day it starts."))
        if end.year - start.year > MAX_YEARS:
            raise ValidationError(_("Choose a period of at most %(years)s years.") % {"years": MAX_YEARS})
        cleaned_data["period"] = Period(start, end)
        return cleaned_data

    @property
    def period(self) -> Period:
        """The chosen period; the last 12 months when none (or an impossible one) was chosen."""
        return self.cleaned_data["period"] if self.is_valid() else self.default


def period_query(period: Period, **extra) -> str:
    return urlencode({"start": period.start.isoformat(), "end": period.end.isoformat(), **extra})


def presets(today: datetime.date) -> list[tuple[str, Period]]:
    year = today.year
    return [
        (_("Last 12 months"), Period.last_12_months(today)),
        (_("This year"), Period(datetime.date(year, 1, 1), today)),
        (_("Last year"), Period(datetime.date(year - 1, 1, 1), datetime.date(year - 1, 12, 31))),
    ]
