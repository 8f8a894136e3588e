"""Permission policies for the records that are the portal's history of decisions."""

from wagtail.permission_policies import ModelPermissionPolicy


class RecordPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, minus actions the admin never offers for this model, to anyone.

    Authorisation requests are written by their users on the portal and entitlements by grants and
    purchases; both record who decided what and when, so nobody (superusers included) deletes them, or
    writes a request in someone else's name, from the admin. What remains: "view", and "change" (deciding,
    granting, revoking — each through a service function, never a free edit form).
    """

    def __init__(self, model, *, forbidden=("delete",)):
        super().__init__(model)
        self.forbidden = frozenset(forbidden)

    def user_has_permission(self, user, action):
        return action not in self.forbidden and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a not in self.forbidden])
