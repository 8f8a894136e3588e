"""Bulk decisions on authorisation requests, through Wagtail's bulk-action framework.

Each request is decided by the same service as one at a time (so each is logged and e-mailed on its own).
Requests no longer waiting for a decision are listed and left alone. An error in what the coordinator
typed (a reason missing, an end date in the past) stops the whole batch: nothing is decided and the form
says why.
"""

from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin import messages
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from .. import services
from ..models import AccessRequest
from .access_request_labels import SEARCH_FIELDS, URL_NAMESPACE, person_label, status_label
from .filters import AccessRequestFilterSet
from .forms import ApproveForm, RejectForm, show_service_error


class DecisionBulkAction(PermissionCheckedMixin, SnippetBulkAction):
    models = [AccessRequest]
    permission_required = "change"
    template_name = "portal/admin/bulk_decision.html"
    question = ""

    @classmethod
    def get_queryset(cls, model, object_ids):
        return list(AccessRequest.objects.filter(pk__in=object_ids).select_related("user"))

    def get_all_objects_in_listing_query(self, parent_id):
        """Selecting "all" means all that the listing shows: the same filters and search as the listing."""
        queryset = AccessRequestFilterSet(self.request.GET, queryset=AccessRequest.objects.all()).qs
        if query := self.request.GET.get("q", "").strip():
            lookups = Q()
            for field in SEARCH_FIELDS:
                lookups |= Q(**{f"{field}__icontains": query})
            queryset = queryset.filter(lookups)
        return queryset.values_list("pk", flat=True)

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        extra["already_decided"] = [
            (request, status_label(request))
            for request in objects
            if request.status != AccessRequest.Status.PENDING
        ]
        return [request for request in objects if request.status == AccessRequest.Status.PENDING], extra

    def object_context(self, access_request):
        return {
            "item": access_request,
            "person": person_label(access_request.user),
            "inspect_url": reverse(f"{URL_NAMESPACE}:inspect", args=[quote(access_request.pk)]),
        }

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action": self}

    def get_execution_context(self):
        return {"action": self}

    def decide(self, access_request: AccessRequest) -> None:
        raise NotImplementedError

    @classmethod
    def execute_action(cls, objects, action=None, **kwargs):
        decided = 0
        for access_request in objects:
            try:
                action.decide(access_request)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    raise  # about the form's input: roll the whole batch back (see form_valid)
                action.skipped.append(access_request)  # decided by someone else in the meantime
            else:
                decided += 1
        return decided, 0

    def form_valid(self, form):
        self.skipped = []
        try:
            response = super().form_valid(form)
        except ValidationError as error:
            show_service_error(form, error)
            return self.form_invalid(form)
        if self.skipped:
            messages.warning(
                self.request,
                ngettext(
                    "%(count)d request had been decided meanwhile and was left as it was.",
                    "%(count)d requests had been decided meanwhile and were left as they were.",
                    len(self.skipped),
                )
                % {"count": len(self.skipped)},
            )
        return response


class ApproveBulkAction(DecisionBulkAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected requests")
    action_priority = 10
    form_class = ApproveForm
    question = _("Approve these requests? Each user is told by e-mail.")

    def decide(self, access_request):
        services.access_request_approve(
            access_request=access_request,
            by=self.request.user,
            expires_at=self.cleaned_form.cleaned_data["expires_at"],
        )

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d request approved.", "%(count)d requests approved.", num_parent_objects) % {
            "count": num_parent_objects
        }


class RejectBulkAction(DecisionBulkAction):
    display_name = _("Reject")
    action_type = "reject"
    aria_label = _("Reject the selected requests")
    action_priority = 20
    classes = {"serious"}
    form_class = RejectForm
    question = _("Reject these requests? Each user receives the reason below by e-mail.")

    def decide(self, access_request):
        services.access_request_reject(
            access_request=access_request,
            by=self.request.user,
            reason=self.cleaned_form.cleaned_data["reason"],
        )

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d request rejected.", "%(count)d requests rejected.", num_parent_objects) % {
            "count": num_parent_objects
        }


DECISION_BULK_ACTIONS = [ApproveBulkAction, RejectBulkAction]
