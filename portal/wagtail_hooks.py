"""The portal's part of the Wagtail admin: authorisation requests, the Network menu, the dashboard panel,
the audit-log labels of the portal's decisions and the Help menu in each person's language. The screens
themselves live in portal/admin/."""

import datetime

from django.urls import path
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet

from .admin import account_erasure
from .admin.access_requests import AccessRequestViewSet
from .admin.bulk_actions import DECISION_BULK_ACTIONS
from .admin.contact_messages import ContactMessageViewSet
from .admin.dashboard import PendingRequestsPanel
from .admin.help_menu import help_menu_in_request_language
from .admin.network import NetworkViewSetGroup
from .admin.permissions import RecordPermissionPolicy
from .models import AccessRequest, ContactMessage

# Before the viewset is registered (it would otherwise fall back to plain model permissions, and Wagtail
# refuses a policy registered after that): requests are never added nor deleted in the admin.
register_permission_policy(AccessRequest, RecordPermissionPolicy(AccessRequest, forbidden=("add", "delete")))
register_snippet(AccessRequestViewSet)
# Messages from the contact page are read and answered by e-mail: never written nor changed in the admin.
register_permission_policy(
    ContactMessage, RecordPermissionPolicy(ContactMessage, forbidden=("add", "change"))
)

for bulk_action in DECISION_BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return NetworkViewSetGroup()


@hooks.register("register_admin_viewset")
def register_contact_messages():
    return ContactMessageViewSet()


hooks.register("construct_help_menu", help_menu_in_request_language)


@hooks.register("register_admin_urls")
def register_account_erasure_url():
    view = account_erasure.AccountEraseView.as_view()
    return [path("account-erasure/<int:pk>/", view, name=account_erasure.URL_NAME)]


@hooks.register("register_user_listing_buttons")
def account_erasure_button(user, request_user):
    return account_erasure.erase_button(request_user, user)


# Wagtail's own "Delete user" would drop the row and, with it, what must outlive the person (certificates,
# orders): those allowed go to the erasure instead, which keeps them (portal/privacy/erasure.py).
hooks.register("before_delete_user", account_erasure.instead_of_wagtail_delete)


@hooks.register("construct_homepage_panels")
def add_pending_requests_panel(request, panels):
    if policy_registry.get_by_type(AccessRequest).user_has_permission(request.user, "change"):
        panels.append(PendingRequestsPanel())


def _date(value) -> str:
    """Log data keeps dates as ISO text; show them in the reader's format ("None" means no date)."""
    try:
        return date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
    except (TypeError, ValueError):
        return ""


@hooks.register("register_log_actions")
def register_portal_log_actions(actions):
    @actions.register_action("portal.access_request.approve")
    class ApproveFormatter(LogFormatter):
        label = _("Approve authorisation request")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            if data.get("automatic"):
                return _("Approved automatically: %(domain)s is a partner's domain") % {
                    "domain": data.get("domain", "")
                }
            if until := _date(data.get("expires_at")):
                return _("Approved, valid until %(date)s") % {"date": until}
            return _("Approved, without end date")

    @actions.register_action("portal.access_request.reject")
    class RejectFormatter(LogFormatter):
        label = _("Reject authorisation request")

        def format_message(self, log_entry):
            return _("Rejected: %(reason)s") % {"reason": (log_entry.data or {}).get("reason", "")}

    @actions.register_action("portal.access_request.revoke")
    class RevokeFormatter(LogFormatter):
        label = _("Revoke authorisation")

        def format_message(self, log_entry):
            if reason := (log_entry.data or {}).get("reason"):
                return _("Authorisation revoked: %(reason)s") % {"reason": reason}
            return _("Authorisation revoked")

    actions.register_action("portal.membership.confirm", _("Confirm membership"), _("Membership confirmed"))
    actions.register_action(
        "portal.membership.manager_name",
        _("Name organisation manager"),
        _("Named manager of the organisation"),
    )
    actions.register_action(
        "portal.membership.manager_end",
        _("End organisation manager"),
        _("No longer manager of the organisation"),
    )
    # What managers do from "My organisation" (portal/members/).
    actions.register_action("portal.invitation.send", _("Invite to the organisation"), _("Invitation sent"))
    actions.register_action(
        "portal.invitation.resend", _("Send invitation again"), _("Invitation sent again")
    )
    actions.register_action("portal.invitation.cancel", _("Cancel invitation"), _("Invitation cancelled"))
    actions.register_action(
        "portal.membership.invitation_accept", _("Accept invitation"), _("Joined by accepting an invitation")
    )
    actions.register_action("portal.membership.end", _("End membership"), _("Membership ended"))
    actions.register_action(
        "portal.member_import.confirm", _("Import members"), _("Spreadsheet of members imported")
    )
    actions.register_action(
        "portal.membership.create_without_email",
        _("Create a member without e-mail"),
        _("Account made for a member without e-mail"),
    )
    actions.register_action(
        "portal.membership.sign_in_card", _("Issue a sign-in card"), _("Sign-in card issued")
    )
    # Logged on the coordinator's own record: the person is gone, and the entry must not name them.
    actions.register_action(
        "portal.account.erase",
        _("Delete a person's account"),
        _("Deleted a person's account at their request, received by another channel"),
    )
