"""The access policy: the one place that decides who may open which course or material.

Two entry points that must always agree:
- `check(user, item)` answers for one item: allowed or not, and if not, the user's next step and the whole
  way in with their place on it (`Decision.path`); if allowed by a purchase or a grant, which and since when
  (`Decision.held`);
- `filter_allowed(user, queryset)` narrows a queryset to what the user may open.
Pages, downloads, listings, search and the sitemap call these; templates only read the `Decision`.

What the policy needs to know about a user is loaded once per request (`viewer_for`), so it costs a
constant number of queries whatever the size of the catalogue. The licence rules (courses/licensing/rules.py)
narrow what an item's own access level and price say: an item's effective level is the narrower of its
level and its licence's widest level today, and a price stops being payable when the licence no longer
allows sale. Both entry points apply them, reading the licence in force, never around the policy."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Concat, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import AccessRequest, Membership, PortalSettings, User
from portal.speed import page_cache
from portal.speed.compiled_query import CompiledQuery

from ..aggregates import joined_subquery
from ..levels import AccessLevel
from ..licensing import rules as licensing
from .models import Entitlement

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.http import HttpRequest

    from .models import GatedItem


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
    UNAVAILABLE = (
        "unavailable",
        _(
            "Not available to you: its licence does not allow it to be sold now. "
            "Members of the network open it."
        ),
    )


class Step(models.TextChoices):
    """The steps of the way into a locked item, in the order they are taken (worded by the templates)."""

    ACCOUNT = "account"
    VERIFY_EMAIL = "verify_email"
    REQUEST_AUTHORISATION = "request_authorisation"
    DECISION = "decision"
    PAY = "pay"
    LINK_ORGANISATION = "link_organisation"


# The step each next step stands for on the way.
_STEP_OF = {
    NextStep.SIGN_IN: Step.ACCOUNT,
    NextStep.VERIFY_EMAIL: Step.VERIFY_EMAIL,
    NextStep.REQUEST_AUTHORISATION: Step.REQUEST_AUTHORISATION,
    NextStep.AWAIT_DECISION: Step.DECISION,
    NextStep.BUY: Step.PAY,
    NextStep.MEMBERS_ONLY: Step.LINK_ORGANISATION,
}


@dataclass(frozen=True)
class PathStep:
    step: Step
    state: str  # "done", "current" or "to_come"


@dataclass(frozen=True)
class Held:
    """An entitlement in force: the item (by translation key) was bought or granted on `since`."""

    key: uuid.UUID
    source: str  # Entitlement.Source: "purchase" or "grant"
    since: datetime.date

    @property
    def bought(self) -> bool:
        return self.source == "purchase"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    next_step: NextStep = NextStep.NONE
    # The whole way in, from an account to the last step, for a locked item; empty when none leads in.
    route: tuple[Step, ...] = ()
    # Whether members of the network open this locked item without paying (a way in besides the route).
    members_free: bool = False
    # The purchase or grant that opens it to this user, if that is what opens it.
    held: Held | None = None

    @property
    def message(self) -> str:
        return str(self.next_step.label)

    @property
    def path(self) -> list[PathStep]:
        """The route with each step's state for this user: done, current (the next step) or to come."""
        current = _STEP_OF.get(self.next_step)
        if current not in self.route:
            return []
        position = self.route.index(current)
        return [
            PathStep(step, "done" if index < position else "current" if index == position else "to_come")
            for index, step in enumerate(self.route)
        ]


ALLOWED = Decision(allowed=True)


@dataclass(frozen=True)
class Viewer:
    """The facts about one user that access depends on."""

    is_authenticated: bool = False
    is_verified: bool = False  # a confirmed e-mail address, or a manager's word for it (`_user_with_facts`)
    is_member: bool = False
    is_authorised: bool = False
    has_pending_request: bool = False
    sees_everything: bool = False
    may_edit: bool = False  # may use the Wagtail admin (not an access fact: it only shows the Admin link)
    manages_organisation: bool = False  # its screens ask portal/managing.py
    members_pay: bool = False
    # Translation keys of the items granted or bought: an entitlement covers every language version.
    entitled_keys: frozenset = field(default_factory=frozenset)
    # The same entitlements with how and when each was had, for the page that says so.
    held: frozenset[Held] = field(default_factory=frozenset)

    def held_for(self, key) -> Held | None:
        """The earliest entitlement in force for this translation key."""
        return min((held for held in self.held if held.key == key), key=lambda held: held.since, default=None)

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
    def entitled_levels(self) -> frozenset[str]:
        """How far an entitlement (grant or purchase) reaches: it counts as an authorisation for its item,
        but never opens an item whose licence allows members only to a non-member."""
        return self.open_levels | {AccessLevel.PUBLIC, AccessLevel.REGISTERED, AccessLevel.AUTHORISED}

    @property
    def opens_priced_items(self) -> bool:
        """Whether a price stands between this user and the items of the levels open to them."""
        return self.sees_everything or (self.is_verified and self.is_member and not self.members_pay)


ANONYMOUS = Viewer()
FACTS = (
    "verified",
    "member",
    "authorised",
    "pending",
    "members_pay",
    "entitled",
    "editor_by_group",
    "editor_by_grant",
    "manages",  # not an access fact: it shows the "My organisation" link
)


def _user_with_facts(user_pk):
    """The user's row with the FACTS as annotations: a single query, whatever the catalogue holds."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Permission

    admin_access = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    return User.objects.filter(pk=user_pk).annotate(
        # A confirmed e-mail address, or a manager's word: a member without e-mail, whose account a manager of
        # their organisation made (User.vouched), cannot confirm an address, and the manager vouches for who
        # they are instead. They then count as verified everywhere the policy asks, members' items included
        # (`open_levels`). The same rule guards the portal's own pages (portal/views.py `is_confirmed`) and
        # allauth's sign-in (portal/login_stages.py).
        verified=Q(vouched=True) | Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)),
        member=Exists(Membership.objects.active().filter(user=OuterRef("pk"))),
        manages=Exists(Membership.objects.managing().filter(user=OuterRef("pk"))),
        authorised=Exists(AccessRequest.objects.in_force().filter(user=OuterRef("pk"))),
        pending=Exists(AccessRequest.objects.pending().filter(user=OuterRef("pk"))),
        members_pay=Subquery(PortalSettings.objects.order_by("pk").values("members_pay")[:1]),
        entitled=joined_subquery(
            Entitlement.objects.in_force().filter(user=OuterRef("pk")),
            "user",
            Concat(
                "page__translation_key",
                Value("|"),
                "source",
                Value("|"),
                TruncDate("created_at"),
                output_field=TextField(),
            ),
        ),
        editor_by_group=Exists(
            User.groups.through.objects.filter(user=OuterRef("pk"), group__permissions__in=admin_access)
        ),
        editor_by_grant=Exists(
            User.user_permissions.through.objects.filter(user=OuterRef("pk"), permission__in=admin_access)
        ),
    )


def _facts_query(user_pk):
    return _user_with_facts(user_pk).values(*FACTS)[:1]


# Asked on every signed-in request: compiled to SQL once a day, not on each request (see the module).
_FACTS = CompiledQuery(_facts_query)
_USER_WITH_FACTS = CompiledQuery(_user_with_facts)


def user_with_viewer(user_pk):
    """The user of this id with what the policy knows of them already loaded (`viewer_for` then costs no
    query), or None: every signed-in request reads its user (courses/access/auth_backends.py) and then asks
    the policy, so both come in one query."""
    found = _USER_WITH_FACTS.instances(User, user_pk)
    if not found:
        return None
    user = found[0]
    user._access_viewer = _viewer_from(user, {name: user.__dict__.pop(name) for name in FACTS})
    return user


def viewer_for(user) -> Viewer:
    """Load (once, then cached on the user object) what the policy needs to know about this user."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_access_viewer", None)
    if cached is not None:
        return cached
    viewer = _viewer_from(user, _FACTS.first(user.pk) or dict.fromkeys(FACTS, False))
    user._access_viewer = viewer
    return viewer


def _viewer_from(user, facts: dict) -> Viewer:
    return Viewer(
        is_authenticated=True,
        is_verified=bool(facts["verified"]),
        is_member=bool(facts["member"]),
        is_authorised=bool(facts["authorised"]),
        has_pending_request=bool(facts["pending"]),
        sees_everything=user.is_superuser,
        may_edit=bool(user.is_superuser or facts["editor_by_group"] or facts["editor_by_grant"]),
        members_pay=bool(facts["members_pay"]),
        manages_organisation=bool(facts["manages"]),
        **_entitlements(facts["entitled"]),
    )


def _entitlements(joined: str | None) -> dict:
    """The entitled keys and what was held, from the joined `key|source|date` of each entitlement."""
    held = set()
    for part in joined.split(",") if joined else ():
        key, source, since = part.split("|")
        held.add(Held(uuid.UUID(key), source, datetime.date.fromisoformat(since)))
    return {"entitled_keys": frozenset(item.key for item in held), "held": frozenset(held)}


def forget(user) -> None:
    """Drop the cached facts, after something the policy reads has changed for this user."""
    if user is not None and hasattr(user, "_access_viewer"):
        del user._access_viewer


def check(user, item: GatedItem) -> Decision:
    return _decision(viewer_for(user), item)


def _decision(viewer: Viewer, item: GatedItem) -> Decision:
    today = timezone.localdate()
    terms = licensing.item_terms(item)
    ceiling = licensing.widest_level(terms, today)
    if item.translation_key in viewer.entitled_keys and licensing.within(ceiling, viewer.entitled_levels):
        return Decision(True, held=viewer.held_for(item.translation_key))
    level = licensing.narrower(item.access_level, ceiling)
    if level in viewer.open_levels and (item.price is None or viewer.opens_priced_items):
        return ALLOWED
    for_sale = item.price is not None and licensing.may_sell(terms, today)
    next_step = _next_step(viewer, level, item.price is not None, for_sale)
    return Decision(
        False,
        next_step,
        route=() if next_step == NextStep.UNAVAILABLE else _route(viewer, level, for_sale),
        members_free=item.price is not None and level != AccessLevel.MEMBERS and not viewer.members_pay,
    )


def _next_step(viewer: Viewer, level: str, priced: bool, for_sale: bool) -> NextStep:
    if not viewer.is_authenticated:
        return NextStep.SIGN_IN
    if not viewer.is_verified:
        return NextStep.VERIFY_EMAIL
    if level in viewer.open_levels:  # only a price stands in the way
        return NextStep.BUY if for_sale else NextStep.UNAVAILABLE
    if level == AccessLevel.MEMBERS:
        return NextStep.MEMBERS_ONLY
    if priced and not for_sale:  # no authorisation would help: it cannot be bought
        return NextStep.UNAVAILABLE
    if viewer.has_pending_request:
        return NextStep.AWAIT_DECISION
    return NextStep.REQUEST_AUTHORISATION


def _route(viewer: Viewer, level: str, for_sale: bool) -> tuple[Step, ...]:
    """Every step from no account to the item for this user, those already behind them included."""
    steps = [Step.ACCOUNT, Step.VERIFY_EMAIL]
    if level == AccessLevel.MEMBERS:
        return (*steps, Step.LINK_ORGANISATION)
    if level == AccessLevel.AUTHORISED and not (viewer.is_verified and viewer.is_member):
        steps += [Step.REQUEST_AUTHORISATION, Step.DECISION]
    if for_sale and not viewer.opens_priced_items:
        steps.append(Step.PAY)
    return tuple(steps)


def filter_allowed(user, queryset):
    """The same rule as `check`, as a queryset filter (joining each item's licence in force)."""
    return _filter(viewer_for(user), queryset)


def check_members(item: GatedItem, *, members_pay: bool) -> Decision:
    """`check` for any member (signed in, address confirmed, member: `Viewer(True, True, True)`) holding no
    grant or purchase: what every member may open, and so what an organisation's manager may assign
    (courses/learning/assignments.py)."""
    return _decision(Viewer(True, True, True, members_pay=members_pay), item)


def filter_open_to_members(queryset, *, members_pay: bool):
    """The same rule as `check_members`, as a queryset filter."""
    return _filter(Viewer(True, True, True, members_pay=members_pay), queryset)


def _filter(viewer: Viewer, queryset):
    today = timezone.localdate()
    open_items = Q(access_level__in=viewer.open_levels) & licensing.ceiling_within(viewer.open_levels, today)
    if not viewer.opens_priced_items:
        open_items &= Q(price__isnull=True)
    entitled = Q(translation_key__in=viewer.entitled_keys) & licensing.ceiling_within(
        viewer.entitled_levels, today
    )
    return queryset.filter(open_items | entitled)


def decide(request: HttpRequest, item: GatedItem) -> Decision:
    # A preview is rendered inside the Wagtail admin for someone allowed to edit the page: show it whole.
    if getattr(request, "is_preview", False):
        return ALLOWED
    user = getattr(request, "user", None)
    decision = check(user, item)
    if decision.members_free and not (user is not None and user.is_authenticated):
        # Whether members pay is a site setting the anonymous viewer does not carry: read it (kept in memory).
        decision = _decision(Viewer(members_pay=site_settings(request).members_pay), item)
    return decision


def site_settings(request):
    """The portal's settings, kept in this process's memory until they are saved again."""
    return page_cache.kept(request, "portal-settings", PortalSettings.load)


def with_decisions(request: HttpRequest, items: Iterable[GatedItem]) -> list[tuple[GatedItem, Decision]]:
    """Pair each listed item with the policy's decision, for listings that show locks and next steps."""
    return [(item, decide(request, item)) for item in items]
