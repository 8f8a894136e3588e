""" "My organisation" › "Training record": the form that asks for a period (the last 12 months unless
another is chosen) and the record itself, a PDF in the reader's language (courses/learning/training_record.py
reads it, training_record_pdf.py draws it).

A GET form: producing the record changes nothing, so its address can be kept and asked again. A record too
large to draw while the manager waits (courses/learning/record_files.py) is offered instead, to be prepared
in the background (a POST); its page says whether it is ready and then downloads it, for its requester only.
Who may open these pages is decided by portal/managing.py (`organisation_view`).
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from portal.managing import organisation_view

from ..admin.reports.period_filter import PeriodForm
from ..learning import record_files, training_record_pdf
from ..learning.models import TrainingRecordFile
from ..learning.training_record import completion_count, training_record


@organisation_view
def organisation_record(request, organisation):
    today = timezone.localdate()
    asked = "start" in request.GET or "end" in request.GET
    form = PeriodForm(request.GET if asked else None, today=today)
    large = None
    if asked and form.is_valid():
        count = completion_count(organisation, start=form.period.start, end=form.period.end)
        if count > record_files.DRAWN_WHILE_WAITING:
            large = {"count": count, "start": form.period.start, "end": form.period.end}
    if asked and form.is_valid() and large is None:
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
        "large": large,
        "files": record_files.files_of(organisation, request.user)[:5],
    }
    status = 400 if asked and not form.is_valid() else 200
    return render(request, "courses/organisation/record.html", context, status=status)


@organisation_view
@require_POST
def organisation_record_prepare(request, organisation):
    """Prepare a large record in the background, then show its page."""
    form = PeriodForm(request.POST, today=timezone.localdate())
    if not form.is_valid():
        return redirect("courses:organisation_record", organisation.pk)
    record_file = record_files.record_file_request(
        organisation=organisation,
        start=form.period.start,
        end=form.period.end,
        language=translation.get_language(),
        by=request.user,
    )
    return redirect("courses:organisation_record_file", organisation.pk, record_file.pk)


def _file_of(request, organisation, file_id) -> TrainingRecordFile:
    """Only the person who asked for a record opens it (another manager asks for their own)."""
    return get_object_or_404(
        TrainingRecordFile.objects.defer("content"),
        pk=file_id,
        organisation=organisation,
        requested_by=request.user,
    )


@organisation_view
def organisation_record_file(request, organisation, file_id):
    """A record being prepared (the page reloads itself), ready to download, or failed."""
    record_file = _file_of(request, organisation, file_id)
    context = {
        "page_title": gettext("Training record: %(organisation)s") % {"organisation": organisation.name},
        "organisation": organisation,
        "section": "record",
        "record_file": record_file,
        "downloadable": record_files.is_downloadable(record_file),
        "expires_at": record_files.expires_at(record_file),
    }
    response = render(request, "courses/organisation/record_file.html", context)
    add_never_cache_headers(response)
    return response


@organisation_view
def organisation_record_download(request, organisation, file_id):
    record_file = _file_of(request, organisation, file_id)
    if not record_files.is_downloadable(record_file):
        raise Http404
    content = TrainingRecordFile.objects.values_list("content", flat=True).get(pk=record_file.pk)
    response = HttpResponse(bytes(content), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{record_file.file_name}"'
    add_never_cache_headers(response)
    return response
