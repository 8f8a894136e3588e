"""The access policy: the one place that decides who may open which course or material.

Two entry points that must always agree:
- `check(user, item)` answers for one item: allowed or not, and if not, the user's next step;
- `filter_allowed(user, queryset)` narrows a queryset to what the user may open.
Pages, downloads, listings, search and the sitemap call these; templates only read the `Decision`.

What the policy needs to know about a user is loaded once per request (`viewer_for`), so it costs a
constant number of queries whatever the size of the catalogue. The licence rules (a later step) narrow
what an item's own access level says; they are applied here too, never around the policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Q
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
    AWAIT_DECISION = (
        "await_decision",
        _("Your request for authorisation is waiting for a decision; you will get an e-mail."),
    )
    BUY = "buy", _("Authorised users buy this item to open it; members of the network get it free.")
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
    is_authorised: bool = False
    has_pending_request: bool = False
    sees_everything: bool = False
    members_pay: bool = False
    # Translation keys of the items granted or bought: an entitlement covers every language version.
    entitled_keys: frozenset = field(default_factory=frozenset)

    @property
    def open_levels(self) -> frozenset[str]:
        """Levels whose unpriced items this user may open."""
        if self.sees_everything or (self.is_verified and self.is_member):
            return frozenset(AccessLevel.values)
        if self.is_verified and self.is_authorised:
            return frozenset({AccessLevel.PUBLIC, AccessLevel.REGISTERED, AccessLevel.AUTHORISED})
        if self.is_verified:
            return frozenset({AccessLevel.PUBLIC, AccessLevel.REGISTERED})
        return frozenset({AccessLevel.PUBLIC})

    @property
    def opens_priced_items(self) -> bool:
        """Whether a price stands between this user and the items of the levels open to them."""
        return self.sees_everything or (self.is_verified and self.is_member and not self.members_pay)


ANONYMOUS = Viewer()


def viewer_for(user) -> Viewer:
    """Load (once, then cached on the user object) what the policy needs to know about this user."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_access_viewer", None)
    if cached is not None:
        return cached
    from allauth.account.models import EmailAddress

    from portal.models import AccessRequest, Membership, PortalSettings, User

    from .models import Entitlement

    facts = (
        User.objects.filter(pk=user.pk)
        .annotate(
            verified=Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)),
            member=Exists(Membership.objects.active().filter(user=OuterRef("pk"))),
            authorised=Exists(AccessRequest.objects.in_force().filter(user=OuterRef("pk"))),
            pending=Exists(AccessRequest.objects.pending().filter(user=OuterRef("pk"))),
        )
        .values("verified", "member", "authorised", "pending")
        .first()
    ) or {"verified": False, "member": False, "authorised": False, "pending": False}
    viewer = Viewer(
        is_authenticated=True,
        is_verified=facts["verified"],
        is_member=facts["member"],
        is_authorised=facts["authorised"],
        has_pending_request=facts["pending"],
        sees_everything=user.is_superuser,
        members_pay=PortalSettings.load().members_pay,
        entitled_keys=frozenset(
            Entitlement.objects.in_force().filter(user=user).values_list("page__translation_key", flat=True)
        ),
    )
    user._access_viewer = viewer
    return viewer


def forget(user) -> None:
    """Drop the cached facts, after something the policy reads has changed for this user."""
    if user is not None and hasattr(user, "_access_viewer"):
        del user._access_viewer


def check(user, item: GatedItem) -> Decision:
    viewer = viewer_for(user)
    if item.translation_key in viewer.entitled_keys:
        return ALLOWED
    if item.access_level in viewer.open_levels and (item.price is None or viewer.opens_priced_items):
        return ALLOWED
    return Decision(False, _next_step(viewer, item))


def _next_step(viewer: Viewer, item: GatedItem) -> NextStep:
    if not viewer.is_authenticated:
        return NextStep.SIGN_IN
    if not viewer.is_verified:
        return NextStep.VERIFY_EMAIL
    if item.access_level == AccessLevel.MEMBERS:
        return NextStep.MEMBERS_ONLY
    if item.access_level in viewer.open_levels:  # only a price stands in the way
        return NextStep.BUY
    if viewer.has_pending_request:
        return NextStep.AWAIT_DECISION
    return NextStep.REQUEST_AUTHORISATION


def filter_allowed(user, queryset):
    """The same rule as `check`, as a queryset filter."""
    viewer = viewer_for(user)
    open_items = Q(access_level__in=viewer.open_levels)
    if not viewer.opens_priced_items:
        open_items &= Q(price__isnull=True)
    return queryset.filter(open_items | Q(translation_key__in=viewer.entitled_keys))


def decide(request: HttpRequest, item: GatedItem) -> Decision:
    # A preview is rendered inside the Wagtail admin for someone allowed to edit the page: show it whole.
    if getattr(request, "is_preview", False):
        return ALLOWED
    return check(getattr(request, "user", None), item)


def with_decisions(request: HttpRequest, items: Iterable[GatedItem]) -> list[tuple[GatedItem, Decision]]:
    """Pair each listed item with the policy's decision, for listings that show locks and next steps."""
    return [(item, decide(request, item)) for item in items]
