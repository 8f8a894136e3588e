"""The access policy: the one place that decides who may open which course or material.

Two entry points that must always agree:
- `check(user, item)` answers for one item: allowed or not, and if not, the user's next step;
- `filter_allowed(user, queryset)` narrows a listing to what the user may open.
Pages, downloads, listings, search and the sitemap call these; templates only read the `Decision`.

What the policy needs to know about a user is loaded once per request (`viewer_for`), so it costs a
constant number of queries whatever the size of the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models.base import AccessLevel

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.http import HttpRequest

    from .models.base import GatedItem


class NextStep(models.TextChoices):
    NONE = "", ""
    SIGN_IN = "sign_in", _("Sign in or create an account to open it.")
    VERIFY_EMAIL = "verify_email", _("Confirm your e-mail address to open it.")
    REQUEST_AUTHORISATION = (
        "request_authorisation",
        _("Open to members of the network and to authorised users: ask the network for authorisation."),
    )
    MEMBERS_ONLY = "members_only", _("Only for members of the network's organisations.")


@dataclass(frozen=True)
class Decision:
    allowed: bool
    next_step: NextStep = NextStep.NONE

    @property
    def message(self) -> str:
        return str(self.next_step.label)


ALLOWED = Decision(allowed=True)


@dataclass(frozen=True)
class Viewer:
    """The facts about one user that access depends on."""

    is_authenticated: bool = False
    is_verified: bool = False
    is_member: bool = False
    sees_everything: bool = False

    @property
    def allowed_levels(self) -> frozenset[str]:
        if self.sees_everything or self.is_member:
            return frozenset(AccessLevel.values)
        if self.is_verified:
            return frozenset({AccessLevel.PUBLIC, AccessLevel.REGISTERED})
        return frozenset({AccessLevel.PUBLIC})


ANONYMOUS = Viewer()


def viewer_for(user) -> Viewer:
    """Load (once, then cached on the user object) what the policy needs to know about this user."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_access_viewer", None)
    if cached is not None:
        return cached
    from allauth.account.models import EmailAddress

    from portal.models import Membership, Organisation, User

    today = timezone.localdate()
    active_membership = Membership.objects.filter(
        user=OuterRef("pk"), verified=True, organisation__status=Organisation.Status.ACTIVE
    ).filter(Q(ended_at__isnull=True) | Q(ended_at__gt=today))
    facts = (
        User.objects.filter(pk=user.pk)
        .annotate(
            verified=Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)),
            member=Exists(active_membership),
        )
        .values("verified", "member")
        .first()
    ) or {"verified": False, "member": False}
    viewer = Viewer(
        is_authenticated=True,
        is_verified=facts["verified"],
        is_member=facts["member"],
        sees_everything=user.is_superuser,
    )
    user._access_viewer = viewer
    return viewer


def check(user, item: GatedItem) -> Decision:
    viewer = viewer_for(user)
    if item.access_level in viewer.allowed_levels:
        return ALLOWED
    if not viewer.is_authenticated:
        return Decision(False, NextStep.SIGN_IN)
    if not viewer.is_verified:
        return Decision(False, NextStep.VERIFY_EMAIL)
    if item.access_level == AccessLevel.AUTHORISED:
        return Decision(False, NextStep.REQUEST_AUTHORISATION)
    return Decision(False, NextStep.MEMBERS_ONLY)


def filter_allowed(user, queryset):
    return queryset.filter(access_level__in=viewer_for(user).allowed_levels)


def decide(request: HttpRequest, item: GatedItem) -> Decision:
    # A preview is rendered inside the Wagtail admin for someone allowed to edit the page: show it whole.
    if getattr(request, "is_preview", False):
        return ALLOWED
    return check(getattr(request, "user", None), item)


def with_decisions(request: HttpRequest, items: Iterable[GatedItem]) -> list[tuple[GatedItem, Decision]]:
    """Pair each listed item with the policy's decision, for listings that show locks and next steps."""
    return [(item, decide(request, item)) for item in items]
