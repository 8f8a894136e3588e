"""The coordinators' panel on the admin home page: how many authorisation requests wait for a decision."""

from django.urls import reverse
from django.utils.http import urlencode
from wagtail.admin.ui.components import Component

from ..models import AccessRequest
from .access_request_labels import URL_NAMESPACE


class PendingRequestsPanel(Component):
    name = "pending_access_requests"
    template_name = "portal/admin/pending_requests_panel.html"
    order = 50  # above Wagtail's own panels: deciding requests is the coordinators' daily task

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        pending = AccessRequest.objects.pending()
        context.update(
            count=pending.count(),
            oldest=pending.order_by("created_at").values_list("created_at", flat=True).first(),
            pending_url=reverse(f"{URL_NAMESPACE}:list")
            + "?"
            + urlencode({"status": AccessRequest.Status.PENDING}),
            all_url=reverse(f"{URL_NAMESPACE}:list"),
        )
        return context
