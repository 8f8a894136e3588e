"""Authorisation requests in the admin: a filtered listing, an inspect page with the user's earlier
requests, and the decisions (approve, reject, revoke), each a form calling `portal.services`.

Requests are never edited freely: the edit address (which the audit log links to) leads to the inspect
page, and the permission policy (see wagtail_hooks) refuses "add" and "delete" to everyone.
"""

from django.contrib.admin.utils import quote
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from wagtail.admin import messages
from wagtail.admin.ui.tables import (
    BulkActionsCheckboxColumn,
    Column,
    StatusTagColumn,
    TitleColumn,
)
from wagtail.admin.widgets.button import Button, ListingButton
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet

from .. import services
from ..models import AccessRequest
from ..spreadsheets import FormulaSafeExportMixin
from ..time_zones import when
from .access_request_labels import (
    PENDING,
    SEARCH_FIELDS,
    URL_NAMESPACE,
    decision_url,
    decisions_for,
    person_label,
    status_label,
)
from .bulk_actions import DECISION_BULK_ACTIONS
from .filters import AccessRequestFilterSet
from .forms import ApproveForm, RejectForm, RevokeForm
from .moments import MomentColumn, MomentFieldsMixin
from .views import ServiceFormView


class AccessRequestIndexView(FormulaSafeExportMixin, IndexView):
    def get_edit_url(self, instance):
        return None  # no free editing: titles and menus lead to the inspect page

    @cached_property
    def columns(self):
        title_column_class = self._get_title_column_class(TitleColumn)
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="snippet"),
            title_column_class(
                "user",
                label=_("Person"),
                accessor=lambda request: person_label(request.user),
                get_url=self.get_inspect_url,
                get_title_id=lambda request: f"snippet_{quote(request.pk)}_title",
                sort_key="user__email",
            ),
            Column("organisation", label=_("Organisation"), sort_key="organisation"),
            Column("country", label=_("Country"), accessor="country_label", sort_key="country"),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor=status_label,
                primary=lambda request: request.status == PENDING,
                sort_key="status",
            ),
            MomentColumn("created_at", label=_("Asked on"), sort_key="created_at"),
            MomentColumn("expires_at", label=_("Valid until"), sort_key="expires_at"),
            Column("decided_by", label=_("Decided by"), accessor=lambda request: request.decided_by or ""),
        ]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("change"):
            # Back to the listing as filtered, also when this row was rendered by the AJAX results view.
            query = self.request.GET.urlencode()
            next_url = reverse(self.index_url_name) + (f"?{query}" if query else "")
            buttons += [
                Button(label, url=decision_url(decision, instance, next_url), priority=20)
                for decision, label, _classname in decisions_for(instance)
            ]
        return buttons

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        # Only the decisions, not the "Delete" that Wagtail offers on every snippet (nobody may delete).
        if self.user_has_permission("change"):
            context["decision_bulk_buttons"] = [
                ListingButton(
                    action.display_name,
                    reverse("wagtail_bulk_action", args=["portal", "accessrequest", action.action_type]),
                    attrs={"aria-label": action.aria_label, "data-bulk-action-button": ""},
                    priority=action.action_priority,
                    classname=" ".join(action.classes | {"bulk-action-btn"}),
                )
                for action in DECISION_BULK_ACTIONS
            ]
        return context


class AccessRequestInspectView(MomentFieldsMixin, InspectView):
    template_name = "portal/admin/access_request_inspect.html"
    page_title = _("Authorisation request")
    history_url_name = None

    ASKED = [
        "user",
        "organisation",
        "country",
        "role",
        "purpose",
        "accepted_terms",
        "requested_page",
        "created_at",
    ]
    DECIDED = ["status", "decided_by", "decided_at", "automatic", "expires_at", "reason"]

    def get_fields_context(self):
        # What was asked, then the decision; an open request has no decision fields to show yet.
        fields = self.ASKED + (["status"] if self.object.status == PENDING else self.DECIDED)
        return [self.get_context_for_field(field_name) for field_name in fields]

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        return "—" if value in (None, "") else value

    def get_object(self, queryset=None):
        return super().get_object(
            AccessRequest.objects.select_related("user", "decided_by", "requested_page")
        )

    def get_edit_url(self):
        return None

    def get_delete_url(self):
        return None

    def get_user_display_value(self):
        return person_label(self.object.user)

    def get_status_display_value(self):
        return status_label(self.object)

    def get_requested_page_display_value(self):
        page = self.object.requested_page
        return page.get_admin_display_title() if page else "—"

    @cached_property
    def header_more_buttons(self):
        history_url = reverse(self.history_url_name, args=[quote(self.object.pk)])
        return [Button(_("History"), url=history_url, icon_name="history", priority=10)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.object.user
        can_decide = self.user_has_permission("change")
        context.update(
            decisions=[
                (label, decision_url(decision, self.object), classname)
                for decision, label, classname in (decisions_for(self.object) if can_decide else [])
            ],
            requested_page=self.object.requested_page,
            earlier_requests=[
                (earlier, status_label(earlier), reverse(f"{URL_NAMESPACE}:inspect", args=[earlier.pk]))
                for earlier in AccessRequest.objects.filter(user=user)
                .exclude(pk=self.object.pk)
                .select_related("decided_by")
            ],
            memberships=user.memberships.select_related("organisation"),
        )
        return context


class DecisionView(ServiceFormView):
    """One decision on one request. Shown only while the request is open to it; the service checks again
    on POST (someone may have decided meanwhile) and its refusal is shown on the form."""

    model = AccessRequest
    permission_required = "change"
    header_icon = "key"
    decision = ""
    inspect_url_name = None

    def get_queryset(self):
        return AccessRequest.objects.select_related("user", "requested_page")

    def get(self, request, *args, **kwargs):
        if self.decision not in [decision for decision, *_rest in decisions_for(self.object)]:
            messages.warning(
                request,
                gettext("This request cannot be decided that way any more: %(status)s.")
                % {"status": status_label(self.object)},
            )
            return redirect(self.get_success_url())
        return super().get(request, *args, **kwargs)

    def get_success_url(self):
        return reverse(self.inspect_url_name, args=[quote(self.object.pk)])

    def get_page_subtitle(self):
        return person_label(self.object.user)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse(self.index_url_name),
                "label": AccessRequest._meta.verbose_name_plural.capitalize(),
            },
            {"url": self.get_success_url(), "label": str(self.object)},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_summary(self):
        request = self.object
        page = request.requested_page
        return [
            (_("Person"), person_label(request.user)),
            (_("Organisation"), request.organisation),
            (_("Country"), request.country_label),
            (_("Role in the organisation"), request.role),
            (_("Purpose"), request.purpose),
            (_("Asked from"), page.get_admin_display_title() if page else "—"),
            (_("Asked on"), when(request.created_at)),
            (_("Status"), status_label(request)),
        ]

    @property
    def person(self) -> str:
        return person_label(self.object.user)


class ApproveView(DecisionView):
    decision = "approve"
    form_class = ApproveForm
    page_title = _("Approve the request")
    submit_label = _("Approve")
    intro = _("The user is told by e-mail and may at once open what authorised users may open.")

    def perform(self, cleaned_data):
        services.access_request_approve(
            access_request=self.object, by=self.request.user, expires_at=cleaned_data["expires_at"]
        )

    def get_success_message(self):
        return gettext("Approved: %(person)s is authorised.") % {"person": self.person}


class RejectView(DecisionView):
    decision = "reject"
    form_class = RejectForm
    page_title = _("Reject the request")
    submit_label = _("Reject")
    button_class = "serious"
    intro = _("The user receives your reason by e-mail and may ask again later.")

    def perform(self, cleaned_data):
        services.access_request_reject(
            access_request=self.object, by=self.request.user, reason=cleaned_data["reason"]
        )

    def get_success_message(self):
        return gettext("Rejected: %(person)s is told why by e-mail.") % {"person": self.person}


class RevokeView(DecisionView):
    decision = "revoke"
    form_class = RevokeForm
    page_title = _("Revoke the authorisation")
    submit_label = _("Revoke")
    button_class = "serious"
    intro = _("Access to authorised items ends at once; the user is told by e-mail.")

    def perform(self, cleaned_data):
        services.authorisation_revoke(
            access_request=self.object, by=self.request.user, reason=cleaned_data["reason"]
        )

    def get_success_message(self):
        return gettext("Revoked: %(person)s is no longer authorised.") % {"person": self.person}


class AccessRequestViewSet(SnippetViewSet):
    model = AccessRequest
    icon = "key"
    menu_label = _("Authorisations")
    menu_name = "access-requests"
    menu_order = 150
    add_to_admin_menu = True
    admin_url_namespace = URL_NAMESPACE
    base_url_path = "access-requests"
    index_view_class = AccessRequestIndexView
    inspect_view_class = AccessRequestInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    index_template_name = "portal/admin/access_request_index.html"
    filterset_class = AccessRequestFilterSet
    search_fields = SEARCH_FIELDS
    search_backend_name = None  # requests are not in the search index: search the database
    ordering = "-created_at"
    list_per_page = 50
    list_export = [
        "user.email",
        "organisation",
        "country_label",
        "role",
        "get_status_display",
        "created_at",
        "decided_at",
        "expires_at",
    ]
    export_headings = {
        "user.email": _("E-mail"),
        "country_label": _("Country"),
        "get_status_display": _("Status"),
    }

    def get_queryset(self, request):
        return AccessRequest.objects.select_related("user", "decided_by")

    def register_chooser_viewset(self):
        # No snippet chooser: nothing links to a request, and Wagtail's chooser views list their objects
        # to every admin user, editors included, without asking the permission policy.
        pass

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(history_url_name=self.get_url_name("history"), **kwargs)

    @property
    def edit_view(self):
        return RedirectView.as_view(pattern_name=self.get_url_name("inspect"))

    def decision_view(self, view_class):
        return self.construct_view(view_class, inspect_url_name=self.get_url_name("inspect"))

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("approve/<int:pk>/", self.decision_view(ApproveView), name="approve"),
            path("reject/<int:pk>/", self.decision_view(RejectView), name="reject"),
            path("revoke/<int:pk>/", self.decision_view(RevokeView), name="revoke"),
        ]
