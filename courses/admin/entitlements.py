"""Entitlements in the admin: who may open which item by a grant or a purchase; granting and revoking.

Both changes go through `courses.services` (which logs them on the item's history); the listing never
offers a free edit form, and nobody deletes an entitlement (it is the record of the grant or purchase).
"""

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminPageChooser
from wagtail.admin.widgets.button import Button
from wagtail.models import Page

from portal.admin.forms import UserByEmailField
from portal.admin.moments import MomentColumn, MomentFieldsMixin
from portal.admin.views import ServiceFormView

from ..access import services
from ..models import CoursePage, Entitlement, MaterialPage

GRANTABLE = [CoursePage, MaterialPage]
REVOKED_ON = Entitlement._meta.get_field("revoked_at").verbose_name


def state_label(entitlement: Entitlement) -> str:
    return gettext("Revoked") if entitlement.revoked_at else gettext("In force")


def can_revoke(entitlement: Entitlement) -> bool:
    # A purchase ends with its refund (payments), so that access and money stay in step.
    return entitlement.revoked_at is None and entitlement.source == Entitlement.Source.GRANT


class GrantForm(forms.Form):
    user = UserByEmailField(label=_("User's e-mail address or login name"))
    item = forms.ModelChoiceField(
        label=_("Course or material"),
        queryset=Page.objects.none(),  # set per form: Page.objects.type() reads content types
        widget=AdminPageChooser(target_models=GRANTABLE),
        help_text=_("The user may open it (and download its files) whatever its access level and price."),
    )
    note = forms.CharField(
        label=_("Note"), max_length=255, required=False, help_text=_("Why it is granted, for the record.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = Page.objects.type(*GRANTABLE)


class RevokeGrantForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the record."),
    )


class EntitlementFilterSet(WagtailFilterSet):
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Entitlement.Source.choices)
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[("in_force", _("In force")), ("revoked", _("Revoked"))],
        method="filter_state",
    )
    created_at = django_filters.DateFromToRangeFilter(label=_("Created on"), widget=DateRangePickerWidget)

    class Meta:
        model = Entitlement
        fields = ["source", "state", "created_at"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(revoked_at__isnull=(value == "in_force"))


class EntitlementIndexView(IndexView):
    revoke_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "page", "granted_by")

    def get_edit_url(self, instance):
        return None  # no free editing: titles lead to the inspect page

    @cached_property
    def add_item_label(self):
        return _("Grant an item")

    @cached_property
    def columns(self):
        return [
            self._get_title_column(
                "user", label=_("User"), accessor=lambda e: e.user.sign_in_name, sort_key="user__email"
            ),
            Column(
                "page", label=_("Course or material"), accessor=lambda e: e.page.get_admin_display_title()
            ),
            Column("source", label=_("Source"), accessor="get_source_display", sort_key="source"),
            MomentColumn("created_at", label=_("Created on"), sort_key="created_at"),
            Column("granted_by", label=_("Granted by"), accessor=lambda e: e.granted_by or ""),
            StatusTagColumn(
                "state", label=_("State"), accessor=state_label, primary=lambda e: e.revoked_at is None
            ),
            MomentColumn("revoked_at", label=capfirst(REVOKED_ON), sort_key="revoked_at"),
        ]

    def _get_title_column(self, field_name, **kwargs):
        return self._get_title_column_class(TitleColumn)(field_name, get_url=self.get_inspect_url, **kwargs)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if can_revoke(instance) and self.user_has_permission("change"):
            url = reverse(self.revoke_url_name, args=[quote(instance.pk)])
            buttons.append(Button(_("Revoke"), url=url, icon_name="cross", priority=20))
        return buttons


class EntitlementInspectView(MomentFieldsMixin, InspectView):
    template_name = "courses/admin/entitlement_inspect.html"
    revoke_url_name = None

    def get_edit_url(self):
        return None

    def get_page_display_value(self):
        return self.object.page.get_admin_display_title()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if can_revoke(self.object) and self.user_has_permission("change"):
            context["revoke_url"] = reverse(self.revoke_url_name, args=[quote(self.object.pk)])
        context["page_edit_url"] = reverse("wagtailadmin_pages:edit", args=[self.object.page_id])
        return context


class GrantView(ServiceFormView):
    model = Entitlement
    permission_required = "add"
    form_class = GrantForm
    header_icon = "key"
    page_title = _("Grant an item")
    submit_label = _("Grant the item")  # not "Grant": that msgid is the noun (Entitlement.Source.GRANT)
    intro = _("A grant counts like a purchase: the user opens the item at once, until the grant is revoked.")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": _("Entitlements")},
            {"url": "", "label": self.get_page_title()},
        ]

    def perform(self, cleaned_data):
        self.user, self.item = cleaned_data["user"], cleaned_data["item"].specific
        self.had_it = Entitlement.objects.in_force().filter(user=self.user, page=self.item).exists()
        services.entitlement_grant(
            user=self.user, item=self.item, by=self.request.user, note=cleaned_data["note"]
        )

    def get_success_message(self):
        template = (
            gettext("%(user)s already had “%(item)s”: nothing changed.")
            if self.had_it
            else gettext("Granted: %(user)s may now open “%(item)s”.")
        )
        return template % {"user": self.user.sign_in_name, "item": self.item.title}

    def get_success_url(self):
        return reverse(self.index_url_name)


class RevokeGrantView(ServiceFormView):
    model = Entitlement
    permission_required = "change"
    form_class = RevokeGrantForm
    header_icon = "key"
    page_title = _("Revoke the grant")
    submit_label = _("Revoke")
    button_class = "serious"
    intro = _("The user can no longer open the item, unless the access policy allows it otherwise.")

    def get_queryset(self):
        return Entitlement.objects.select_related("user", "page", "granted_by")

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": _("Entitlements")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_summary(self):
        entitlement = self.object
        return [
            (_("User"), entitlement.user.sign_in_name),
            (_("Course or material"), entitlement.page.get_admin_display_title()),
            (_("Source"), entitlement.get_source_display()),
            (_("Note"), entitlement.note or "—"),
            (_("State"), state_label(entitlement)),
        ]

    def get(self, request, *args, **kwargs):
        if not can_revoke(self.object):
            messages.warning(request, gettext("Only a grant in force can be revoked here."))
            return redirect(self.get_success_url())
        return super().get(request, *args, **kwargs)

    def perform(self, cleaned_data):
        services.entitlement_revoke(
            entitlement=self.object, by=self.request.user, reason=cleaned_data["reason"]
        )

    def get_success_message(self):
        return gettext("Revoked: %(user)s no longer holds “%(item)s” by grant.") % {
            "user": self.object.user.sign_in_name,
            "item": self.object.page.title,
        }

    def get_success_url(self):
        return reverse(self.index_url_name)


class EntitlementViewSet(ModelViewSet):
    model = Entitlement
    name = "entitlements"
    icon = "lock-open"
    menu_label = _("Entitlements")
    menu_order = 170
    add_to_admin_menu = True
    index_view_class = EntitlementIndexView
    inspect_view_class = EntitlementInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "user",
        "page",
        "source",
        "reference",
        "note",
        "granted_by",
        "created_at",
        "revoked_at",
    ]
    copy_view_enabled = False
    filterset_class = EntitlementFilterSet
    search_fields = ["user__email", "user__full_name", "page__title", "note"]
    search_backend_name = None
    ordering = "-created_at"

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(revoke_url_name=self.get_url_name("revoke"), **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(revoke_url_name=self.get_url_name("revoke"), **kwargs)

    @property
    def add_view(self):
        return self.construct_view(GrantView)

    @property
    def edit_view(self):
        # The edit address (linked from admin searches and logs) shows the entitlement, not a form.
        return RedirectView.as_view(pattern_name=self.get_url_name("inspect"))

    @cached_property
    def revoke_view(self):
        return self.construct_view(RevokeGrantView)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("revoke/<int:pk>/", self.revoke_view, name="revoke")]
