""""My organisation" › "Training record": the form that asks for a period (the last 12 months unless
another is chosen) and the record itself, a PDF in the reader's language (courses/learning/training_record.py
reads it, training_record_pdf.py draws it).

A GET form: producing the record changes nothing, so its address can be kept and asked again. Who may open
it is decided by portal/managing.py (`organisation_view`).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext

from portal.managing import organisation_view

from ..admin.reports.period_filter import PeriodForm
from ..learning import training_record_pdf
from ..learning.training_record import training_record


@organisation_view
def organisation_record(request, organisation):
    today = timezone.localdate()
    asked = "start" in request.GET or "end" in request.GET
    form = PeriodForm(request.GET if asked else None, today=today)
    if asked and form.is_valid():
        record = training_record(
            organisation,
            start=form.period.start,
            end=form.period.end,
            language=translation.get_language(),
            produced_by=request.user,
        )
        response = HttpResponse(training_record_pdf.render_pdf(record), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{training_record_pdf.filename(record)}"'
        return response
    if not asked:
        form.initial = {"start": form.default.start, "end": form.default.end}
    context = {
        "page_title": gettext("Training record: %(organisation)s") % {"organisation": organisation.name},
        "organisation": organisation,
        "section": "record",
        "form": form,
    }
    return render(request, "courses/organisation/record.html", context, status=400 if asked else 200)
