"""Read-only questions that other parts of the portal ask of courses."""

from __future__ import annotations

from .models import Entitlement


def entitlements_for(user) -> list[Entitlement]:
    """The items granted to or bought by this user that are still in force, newest first (one query)."""
    if user is None or not user.is_authenticated:
        return []
    return list(Entitlement.objects.in_force().filter(user=user).select_related("page"))
