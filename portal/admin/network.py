"""The "Network" menu: organisations, memberships (confirmed through a logged action) and partner domains."""

from django.contrib.admin.utils import quote
from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import Button, ListingButton

from .. import services
from ..models import Membership, Organisation, PartnerDomain
from .account_erasure import erase_button
from .filters import MembershipFilterSet, OrganisationFilterSet
from .forms import MembershipForm
from .managers import ManagerEndView, ManagerNameView
from .views import ServiceFormView


class OrganisationIndexView(IndexView):
    def get_base_queryset(self):
        today = timezone.localdate()
        confirmed = Q(memberships__verified=True) & (
            Q(memberships__ended_at__isnull=True) | Q(memberships__ended_at__gt=today)
        )
        return super().get_base_queryset().annotate(members=Count("memberships", filter=confirmed))

    def get_list_more_buttons(self, instance):
        # The organisation's training is run on the public site, as its managers see it.
        url = reverse("portal:organisation_home", args=[instance.pk])
        return super().get_list_more_buttons(instance) + [
            Button(_("Its training (public site)"), url=url, icon_name="link-external", priority=30)
        ]


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    name = "organisations"
    icon = "group"
    menu_label = _("Organisations")
    index_view_class = OrganisationIndexView
    list_display = [
        "name",
        Column("country", label=_("Country"), accessor="country_label", sort_key="country"),
        "kind",
        "status",
        "member_since",
        Column("members", label=_("Confirmed members"), sort_key="members"),
    ]
    filterset_class = OrganisationFilterSet
    search_fields = ["name", "country", "country_as_written"]
    search_backend_name = None
    copy_view_enabled = False
    panels = [
        FieldPanel("name"),
        FieldPanel("country"),
        FieldPanel("kind"),
        FieldPanel("status"),
        FieldPanel("member_since"),
    ]


class MembershipIndexView(IndexView):
    confirm_url_name = None
    manager_name_url_name = None
    manager_end_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "organisation")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if needs_confirmation(instance) and self.user_has_permission("change"):
            url = reverse(self.confirm_url_name, args=[quote(instance.pk)])
            # A button on the row, not in its menu: confirming is what this listing is mostly for.
            buttons.append(ListingButton(_("Confirm"), url=url, icon_name="tick", priority=5))
        if self.user_has_permission("change") and not needs_confirmation(instance):
            if instance.manages:
                url = reverse(self.manager_end_url_name, args=[quote(instance.pk)])
                buttons.append(Button(_("Stop managing"), url=url, icon_name="cross", priority=20))
            else:
                url = reverse(self.manager_name_url_name, args=[quote(instance.pk)])
                # On the row when the member asked for it; in the row's menu otherwise.
                kind = ListingButton if instance.manager_requested_at else Button
                buttons.append(kind(_("Name manager"), url=url, icon_name="user", priority=20))
        return buttons + erase_button(self.request.user, instance.user)


def needs_confirmation(membership: Membership) -> bool:
    return not membership.verified or membership.ended_at is not None


class MembershipConfirmView(ServiceFormView):
    """Confirming is what makes a user a member; it goes through the service, which logs who did it."""

    model = Membership
    permission_required = "change"
    header_icon = "tick"
    page_title = _("Confirm the membership")
    submit_label = _("Confirm")
    intro = _("The user becomes a member: while the organisation is active, they open members' items.")

    def get_queryset(self):
        return Membership.objects.select_related("user", "organisation")

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": Membership._meta.verbose_name_plural.capitalize()},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_summary(self):
        membership = self.object
        return [
            (_("User"), f"{membership.user.get_full_name()} ({membership.user.sign_in_name})"),
            (_("Organisation"), membership.organisation),
            (_("Organisation's member status"), membership.organisation.get_status_display()),
            (_("Role"), membership.get_role_display()),
        ]

    def perform(self, cleaned_data):
        services.membership_confirm(membership=self.object, by=self.request.user)

    def get_success_message(self):
        return gettext("Confirmed: %(user)s is a member of %(organisation)s.") % {
            "user": self.object.user,
            "organisation": self.object.organisation,
        }

    def get_success_url(self):
        return reverse(self.index_url_name)


class MembershipViewSet(ModelViewSet):
    model = Membership
    name = "memberships"
    icon = "user"
    menu_label = _("Memberships")
    index_view_class = MembershipIndexView
    list_display = [
        "user",
        Column("user__email", label=_("E-mail"), accessor="user.email", sort_key="user__email"),
        "organisation",
        Column(
            "organisation__status",
            label=_("Organisation's status"),
            accessor="organisation.get_status_display",
            sort_key="organisation__status",
        ),
        "role",
        BooleanColumn("verified", label=_("Confirmed"), sort_key="verified"),
        BooleanColumn("manages", label=_("Manager"), sort_key="manages"),
        "ended_at",
    ]
    filterset_class = MembershipFilterSet
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    search_backend_name = None
    ordering = ["verified", "-created_at"]  # those waiting for confirmation first
    copy_view_enabled = False
    edit_handler = ObjectList(
        [FieldPanel("user"), FieldPanel("organisation"), FieldPanel("role"), FieldPanel("ended_at")],
        base_form_class=MembershipForm,
    )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            confirm_url_name=self.get_url_name("confirm"),
            manager_name_url_name=self.get_url_name("manager_name"),
            manager_end_url_name=self.get_url_name("manager_end"),
            **kwargs,
        )

    @cached_property
    def confirm_view(self):
        return self.construct_view(MembershipConfirmView)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("confirm/<int:pk>/", self.confirm_view, name="confirm"),
            path("manager/<int:pk>/", self.construct_view(ManagerNameView), name="manager_name"),
            path("manager/<int:pk>/end/", self.construct_view(ManagerEndView), name="manager_end"),
        ]


class PartnerDomainViewSet(ModelViewSet):
    model = PartnerDomain
    name = "partner-domains"
    icon = "link"
    menu_label = _("Partner domains")
    list_display = ["domain", "partner"]
    search_fields = ["domain", "partner"]
    search_backend_name = None
    copy_view_enabled = False
    panels = [FieldPanel("domain"), FieldPanel("partner")]


class NetworkViewSetGroup(ModelViewSetGroup):
    menu_label = _("Network")
    menu_icon = "group"
    menu_name = "network"
    menu_order = 160
    items = (OrganisationViewSet, MembershipViewSet, PartnerDomainViewSet)
