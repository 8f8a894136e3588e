"""Importing members from a spreadsheet: upload, preview (what each row would do, nothing saved), confirm,
then follow the import's progress; and the template to fill in.

The uploaded file is kept in a `MemberImport` row between the preview and the confirmation, so that the
manager never uploads it twice and any app server can answer. The import runs as a background task; its page
shows the progress and reloads itself every few seconds while it runs (a refresh the browser does, no
JavaScript).
"""

import datetime

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.log_actions import log

from ..managing import organisation_view
from ..models import MemberImport
from . import importing, spreadsheets, tasks
from .forms import ImportForm
from .views import page_context

# Previews nobody confirmed are deleted after this long (they hold a file of personal data).
UNCONFIRMED_KEPT = datetime.timedelta(days=2)
# Rows of each kind shown on the preview; the counts say how many there are in all.
SHOWN_ROWS = 200


@organisation_view
@require_http_methods(["GET", "POST"])
def member_import(request, organisation):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file_name, content = form.cleaned_data["file"]
        MemberImport.objects.filter(
            status=MemberImport.Status.PREVIEW, created_at__lt=timezone.now() - UNCONFIRMED_KEPT
        ).delete()
        uploaded = MemberImport.objects.create(
            organisation=organisation,
            uploaded_by=request.user,
            file_name=file_name[-200:],
            content=content,
            language=form.cleaned_data["language"],
        )
        return redirect("portal:organisation_member_import_detail", organisation.pk, uploaded.pk)
    context = page_context(
        organisation,
        _("Import members"),
        form=form,
        headings=spreadsheets.headings_in_reader_language(),
        languages=spreadsheets.language_names(),
        max_rows=spreadsheets.MAX_ROWS,
    )
    return render(request, "portal/organisation/members/import.html", context)


def _import_of(organisation, import_id) -> MemberImport:
    return get_object_or_404(MemberImport, pk=import_id, organisation=organisation)


@organisation_view
def member_import_detail(request, organisation, import_id):
    """The preview of an uploaded file, or the progress and outcome of its import."""
    member_import = _import_of(organisation, import_id)
    context = page_context(
        organisation,
        _("Import members"),
        member_import=member_import,
    )
    if member_import.status == MemberImport.Status.PREVIEW:
        try:
            plan = importing.plan_of(member_import)
        except spreadsheets.SpreadsheetError as error:  # read when uploaded: only if the rules changed since
            messages.error(request, str(error))
            return redirect("portal:organisation_member_import", organisation.pk)
        context |= {
            "plan": plan,
            "errors": plan.errors[:SHOWN_ROWS],
            "to_invite": plan.having(importing.INVITE)[:SHOWN_ROWS],
            "to_create": plan.having(importing.CREATE)[:SHOWN_ROWS],
            "counts": {
                action: len(plan.having(action))
                for action in (
                    importing.INVITE,
                    importing.RENEW,
                    importing.MEMBER,
                    importing.INVITED,
                    importing.CREATE,
                    importing.ERROR,
                )
            },
            "to_write": len(plan.to_write),
            "shown_rows": SHOWN_ROWS,
        }
    return render(request, "portal/organisation/members/import_detail.html", context)


@organisation_view
@require_POST
def member_import_confirm(request, organisation, import_id):
    """Start the import of a previewed file (once: a second click finds it started)."""
    with transaction.atomic():
        member_import = get_object_or_404(
            MemberImport.objects.select_for_update(), pk=import_id, organisation=organisation
        )
        if member_import.status == MemberImport.Status.PREVIEW:
            rows = importing.plan_of(member_import).rows
            member_import.status = MemberImport.Status.QUEUED
            member_import.confirmed_at = timezone.now()
            member_import.rows_to_do = len(rows)
            member_import.save(update_fields=["status", "confirmed_at", "rows_to_do"])
            log(member_import, "portal.member_import.confirm", user=request.user, data={"rows": len(rows)})
            transaction.on_commit(lambda: tasks.member_import_run.enqueue(member_import.pk))
    return redirect("portal:organisation_member_import_detail", organisation.pk, member_import.pk)


@organisation_view
def member_import_template(request, organisation, file_format):
    """The empty spreadsheet to fill in, its headings in the reader's language."""
    if file_format not in spreadsheets.FORMATS:
        raise Http404
    if file_format == "xlsx":
        content = spreadsheets.template_xlsx()
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content, kind = spreadsheets.template_csv(), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=kind)
    name = slugify(_("members template"))
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    add_never_cache_headers(response)
    return response
