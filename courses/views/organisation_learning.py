""" "My organisation" › "Learning": the organisation's learning for its managers (and the network's
coordinators), per course and per member, with filters, a chart of completions by month, and the members'
table as CSV or XLSX (`?export=csv`, `?export=xlsx`, with the filters shown).

Who may open it is decided by portal/managing.py (`organisation_view`); what it shows is read by
courses/learning/organisation_learning.py (the organisation's active members' learning only). A GET form,
so that a filtered page can be bookmarked and exported; no script. The members' table is paginated: the page
costs the same number of queries for 20 members as for 2,000.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View

from portal.managing import organisation_view
from portal.spreadsheets import CsvExport, csv_response, xlsx_response

from ..admin.reports.month_chart import MonthBar, month_bars_chart
from ..admin.reports.period_filter import PeriodForm
from ..learning import organisation_learning as learning
from ..learning import organisation_totals as totals
from ..reports.period import Period

PAGE_SIZE = 25
STATUS_CHOICES = [
    ("", _("Any")),
    (learning.IN_PROGRESS, _("In progress")),
    (learning.COMPLETED, pgettext_lazy("a member's course", "Completed")),
    (learning.NOT_ENROLLED, _("Not enrolled")),
]
EXPORTS = ("csv", "xlsx")


class LearningFilterForm(PeriodForm):
    """The page's filters: a course, a status, a member's name or address, a period (the reports' period
    form: when neither end is given, no period, and the chart shows the last 12 months)."""

    course = forms.TypedChoiceField(label=_("Course"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    q = forms.CharField(label=_("Member"), required=False, max_length=100)

    field_order = ["course", "status", "q", "start", "end"]

    def __init__(self, *args, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].choices = [("", _("All courses"))] + [
            (course_id, f"{title} ({language})" if language else title)
            for course_id, title, language in courses
        ]
        self.fields["q"].widget.attrs.update(type="search", placeholder=_("Name or e-mail"))

    @property
    def chosen_period(self) -> Period | None:
        """The period typed, if one was and it is a possible one."""
        self.is_valid()
        if not (self.data.get("start") or self.data.get("end")):
            return None
        return self.cleaned_data.get("period")

    def filters(self) -> learning.Filters:
        """What was chosen, the fields typed wrong aside (their errors are shown)."""
        self.is_valid()
        cleaned = self.cleaned_data
        start = after = None
        if self.chosen_period is not None:
            start, after = learning.period_bounds(self.chosen_period.start, self.chosen_period.end)
        return learning.Filters(
            course_id=cleaned.get("course"),
            status=cleaned.get("status") or "",
            search=(cleaned.get("q") or "").strip(),
            start=start,
            after=after,
        )


# --- the chart ----------------------------------------------------------------------------------------------


def completions_chart(counts: dict[datetime.date, int], period: Period):
    """A bar per month of the period: the members' courses completed in it (narrow enough for a phone)."""
    months = [(month, counts.get(month, 0)) for month in period.months()]
    bars = [
        MonthBar(
            month,
            [("completed", count)],
            ngettext("%(month)s: %(count)s course completed", "%(month)s: %(count)s courses completed", count)
            % {"month": date_format(month, "YEAR_MONTH_FORMAT"), "count": count},
        )
        for month, count in months
    ]
    total = sum(count for _month, count in months)
    description = ngettext(
        "Courses completed by the members each month from %(start)s to %(end)s: %(total)s in all.",
        "Courses completed by the members each month from %(start)s to %(end)s: %(total)s in all.",
        total,
    ) % {
        "start": date_format(period.start, "YEAR_MONTH_FORMAT"),
        "end": date_format(period.end, "YEAR_MONTH_FORMAT"),
        "total": total,
    }
    chart = month_bars_chart(
        bars,
        title=gettext("Completions by month"),
        description=description,
        left=36,
        width=420,
        most_labels=12,
    )
    return chart, months, total


# --- the export ---------------------------------------------------------------------------------------------


def export_rows(rows: list[learning.MemberRow]) -> list[list]:
    """The members' table, one line per member and course (a member without a course: one line)."""
    status_words = {True: pgettext("a member's course", "Completed"), False: gettext("In progress")}
    table = [
        [
            gettext("Member"),
            gettext("E-mail"),
            gettext("Course"),
            gettext("Status"),
            gettext("Progress (%)"),
            gettext("Lessons completed"),
            gettext("Lessons"),
            gettext("Enrolled on"),
            gettext("Completed on"),
            gettext("Score (%)"),
            gettext("Certificate code"),
            gettext("Certificate verification address"),
        ]
    ]
    for row in rows:
        if not row.lines:
            table.append([row.name, row.user.email, "", gettext("Not enrolled")] + [None] * 8)
        for line in row.lines:
            table.append(
                [
                    row.name,
                    row.user.email,
                    line.course.title,
                    status_words[line.completed],
                    line.progress.percent,
                    line.progress.lessons_completed,
                    line.progress.lessons_total,
                    timezone.localtime(line.enrolment.enrolled_at).date(),
                    line.completed_on if line.completed else None,
                    line.score,
                    line.certificate.display_code if line.certificate else None,
                    line.verification_url or None,
                ]
            )
    return table


def export_response(organisation, filters: learning.Filters, file_format: str):
    rows = learning.member_rows(learning.members(organisation, filters), organisation, filters)
    word = gettext("learning")  # the file's name, in the reader's language
    name = f"{slugify(word)}-{slugify(organisation.name)[:50]}-{timezone.localdate().isoformat()}"
    table = export_rows(rows)
    if file_format == "xlsx":
        return xlsx_response(f"{name}.xlsx", table, sheet_title=gettext("Learning"))
    return csv_response(f"{name}.csv", table)


# --- the page -----------------------------------------------------------------------------------------------


class OrganisationLearningView(CsvExport, View):
    def get(self, request, organisation):
        today = timezone.localdate()
        # The course choices and the page's body come from the cache while nothing changed the organisation's
        # learning (courses/learning/organisation_totals.py); the filters' form is made for each request.
        courses = totals.kept(
            organisation, "courses", (), lambda: learning.courses_taken(organisation), request=request
        )
        form = LearningFilterForm(request.GET, today=today, courses=courses)
        filters = form.filters()
        export = request.GET.get("export")
        if export in EXPORTS:
            return export_response(organisation, filters, export)
        body = totals.kept(
            organisation,
            "page",
            (translation.get_language(), request.GET.urlencode()),
            lambda: self.body(request, organisation, form, filters, today),
            request=request,
        )
        context = {
            "page_title": gettext("Learning: %(organisation)s") % {"organisation": organisation.name},
            "organisation": organisation,
            "section": "learning",
            "form": form,
            "period": form.chosen_period,
            "body": body,
        }
        return render(request, "courses/organisation/learning.html", context)

    @staticmethod
    def body(request, organisation, form, filters, today) -> str:
        """The totals by course, the chart and a page of the members' table, as HTML."""
        paginator = Paginator(learning.members(organisation, filters), PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("page"))
        chart_period = form.chosen_period or Period.last_12_months(today)
        counts = learning.completions_by_month(
            organisation, chart_period.months(), course_id=filters.course_id
        )
        chart, months, completed_in_chart = completions_chart(counts, chart_period)
        query = {key: value for key, value in request.GET.items() if key not in ("page", "export")}
        context = {
            "filters": filters,
            "narrowed": bool(filters.course_id or filters.status or filters.has_period),
            "summaries": learning.course_summaries(organisation, filters),
            "page_obj": page_obj,
            "rows": learning.member_rows(page_obj.object_list, organisation, filters),
            "chart": chart,
            "chart_period": chart_period,
            "chart_months": months,
            "chart_total": completed_in_chart,
            "export_csv": "?" + urlencode({**query, "export": "csv"}),
            "export_xlsx": "?" + urlencode({**query, "export": "xlsx"}),
        }
        return mark_safe(render_to_string("courses/organisation/learning_body.html", context, request))  # noqa: S308 (a template's own output)


organisation_learning = organisation_view(OrganisationLearningView.as_view())
