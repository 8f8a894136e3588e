"""The courses app's part of the Wagtail admin: entitlements (grants) and the audit-log labels of
granting and revoking. The screens live in courses/admin/."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from portal.admin.permissions import RecordPermissionPolicy

from .admin.entitlements import EntitlementViewSet
from .models import Entitlement

# Before the viewset is registered: an entitlement is the record of a grant or purchase, never deleted.
register_permission_policy(Entitlement, RecordPermissionPolicy(Entitlement, forbidden=("delete",)))


@hooks.register("register_admin_viewset")
def register_entitlement_viewset():
    return EntitlementViewSet()


@hooks.register("register_log_actions")
def register_entitlement_log_actions(actions):
    # Logged on the item (a page), so they also appear in the page's own history.
    @actions.register_action("courses.entitlement.grant")
    class GrantFormatter(LogFormatter):
        label = _("Grant item")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            source = data.get("source", "")
            if source in Entitlement.Source.values:
                source = Entitlement.Source(source).label
            return _("Granted to %(user)s (%(source)s)") % {"user": data.get("user", ""), "source": source}

    @actions.register_action("courses.entitlement.revoke")
    class RevokeFormatter(LogFormatter):
        label = _("Revoke grant")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            if data.get("reason"):
                return _("Grant revoked for %(user)s: %(reason)s") % {
                    "user": data.get("user", ""),
                    "reason": data["reason"],
                }
            return _("Grant revoked for %(user)s") % {"user": data.get("user", "")}
