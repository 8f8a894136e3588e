"""Coordinators name an organisation's managers, and end them, from the memberships listing: each a logged
action through portal/services.py (the managers' own screens are on the public site, never here)."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import Membership
from .views import ServiceFormView


class ManagerActionView(ServiceFormView):
    model = Membership
    permission_required = "change"
    header_icon = "user"

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
        summary = [
            (_("User"), f"{membership.user.get_full_name()} ({membership.user.sign_in_name})"),
            (_("Organisation"), membership.organisation),
            (_("Role"), membership.get_role_display()),
        ]
        if membership.manager_requested_at:
            summary.append((_("Asked to be a manager on"), membership.manager_requested_at))
        return summary

    def get_success_url(self):
        return reverse(self.index_url_name)


class ManagerNameView(ManagerActionView):
    page_title = _("Name organisation manager")
    submit_label = _("Name manager")
    intro = _(
        'The member will run the organisation\'s training from the public site, under "My organisation": '
        "its members, assigned courses, their learning and the training record. They will not see purchases, "
        "authorisation requests or downloads."
    )

    def perform(self, cleaned_data):
        services.manager_name(membership=self.object, by=self.request.user)

    def get_success_message(self):
        return gettext("%(user)s now manages %(organisation)s.") % {
            "user": self.object.user,
            "organisation": self.object.organisation,
        }


class ManagerEndView(ManagerActionView):
    page_title = _("End organisation manager")
    submit_label = _("Stop managing")
    button_class = "button-secondary"
    intro = _('They lose "My organisation" at once; their own membership and learning stay.')

    def perform(self, cleaned_data):
        services.manager_end(membership=self.object, by=self.request.user)

    def get_success_message(self):
        return gettext("%(user)s no longer manages %(organisation)s.") % {
            "user": self.object.user,
            "organisation": self.object.organisation,
        }
