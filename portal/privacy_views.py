"""A person's copy of their data, from "My account": asked for there, downloaded by that person alone while
it lasts (portal/privacy/copies.py). Nobody else reaches it: another account gets "not found", a visitor
the sign-in page, and the file is in private storage, which no address serves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import tasks
from .emails import address_of
from .models import DataExport
from .privacy import copies
from .views import private


def my_data_section():
    return reverse("portal:account") + "#my-data"


@private
@login_required
@require_POST
def data_export_ask(request):
    export, created = copies.data_export_request(user=request.user)
    if created:
        transaction.on_commit(lambda: tasks.prepare_data_export.enqueue(export.pk))
        if address_of(request.user):
            messages.success(
                request,
                _("We are preparing a copy of your data. We will e-mail you as soon as it is ready."),
            )
        else:
            messages.success(
                request, _("We are preparing a copy of your data. Come back to this page in a few minutes.")
            )
    else:
        messages.info(
            request, _("A copy of your data is already being prepared: there is no need to ask again.")
        )
    return redirect(my_data_section())


@private
@login_required
@require_GET
def data_export_download(request, export_id: int):
    export = get_object_or_404(DataExport, pk=export_id, user=request.user)
    if not export.downloadable():
        if export.status == DataExport.Status.READY:
            messages.warning(request, _("This copy of your data has expired. Ask for a new one below."))
        return redirect(my_data_section())
    response = FileResponse(
        copies.private_storage().open(export.file_name, "rb"),
        as_attachment=True,
        filename=copies.download_name(export),
        content_type="application/zip",
    )
    return response
