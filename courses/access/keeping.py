"""Copies kept for offline use, and the access policy: which of the courses and materials a device saved its
reader may still open, and why not for the others, in the reader's words.

A device asks at each reconnection (courses/views/offline.py, `check`), naming what it keeps; it removes what
this says is gone and tells the reader why. Whether a copy stays is the policy's decision (`policy.check`),
nothing else: it stays exactly when the page would open online. The reason is read from what changed for the
reader, the most particular first:

1. the page is no longer published (or no longer exists);
2. the licence's agreement has ended;
3. the purchase of it was refunded, or the grant withdrawn (an entitlement revoked, none in force);
4. the reader's organisation is no longer an active member of the network, or their membership ended;
5. their authorisation expired or was revoked;
6. otherwise, the policy's own next step ("Only for members of the network's organisations.").

What the reader had is read only when something is refused: a check of copies still open costs the policy's
own query and nothing more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import AccessRequest, Membership, Organisation

from ..licensing import rules as licensing
from . import policy
from .models import Entitlement


class Gone(models.TextChoices):
    UNPUBLISHED = "unpublished", gettext_lazy("it is no longer published.")
    AGREEMENT_ENDED = "agreement_ended", gettext_lazy("the agreement with its authors has ended.")
    REFUNDED = "refunded", gettext_lazy("your purchase of it was refunded.")
    GRANT_ENDED = "grant_ended", gettext_lazy("the access the network granted you to it was withdrawn.")
    ORGANISATION_LAPSED = (
        "organisation_lapsed",
        gettext_lazy("your organisation is no longer an active member of the network."),
    )
    MEMBERSHIP_ENDED = "membership_ended", gettext_lazy("your membership of your organisation has ended.")
    AUTHORISATION_ENDED = (
        "authorisation_ended",
        gettext_lazy("your authorisation has expired or was revoked."),
    )
    NOT_OPEN = "not_open", gettext_lazy("it is no longer open to you.")


@dataclass(frozen=True)
class Removal:
    """A saved copy to remove, and the sentence that tells the reader why."""

    reason: Gone
    message: str


class _History:
    """What the reader had and no longer has, read once and only if needed."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def memberships(self) -> list[Membership]:
        return list(Membership.objects.filter(user=self.user, verified=True).select_related("organisation"))

    @cached_property
    def was_authorised(self) -> bool:
        return AccessRequest.objects.filter(
            user=self.user, status__in=(AccessRequest.Status.APPROVED, AccessRequest.Status.REVOKED)
        ).exists()

    @cached_property
    def revoked(self) -> dict:
        """{translation key: source} of the entitlements revoked (a refund, a grant withdrawn)."""
        return dict(
            Entitlement.objects.filter(user=self.user, revoked_at__isnull=False)
            .order_by("revoked_at")
            .values_list("page__translation_key", "source")
        )


def removals(
    user, *, items: Mapping[int, object | None], titles: Mapping[int, str], unpublished: Iterable[int] = ()
) -> dict[int, Removal]:
    """The copies to remove among `items` ({page id: the live course or material, or None when it is no
    longer live}) and `unpublished` (ids of lessons no longer live), with the reason for each."""
    viewer = policy.viewer_for(user)
    history = _History(user)
    today = timezone.localdate()
    gone: dict[int, Removal] = {}
    for page_id in unpublished:
        gone[page_id] = _removal(Gone.UNPUBLISHED, titles.get(page_id))
    for page_id, item in items.items():
        if item is None:
            gone[page_id] = _removal(Gone.UNPUBLISHED, titles.get(page_id))
            continue
        decision = policy.check(user, item)
        if not decision.allowed:
            gone[page_id] = _removal(_reason(viewer, history, item, today), item.title)
    return gone


def _reason(viewer: policy.Viewer, history: _History, item, today) -> Gone:
    if licensing.has_ended(licensing.item_terms(item), today):
        return Gone.AGREEMENT_ENDED
    source = history.revoked.get(item.translation_key)
    if source is not None and item.translation_key not in viewer.entitled_keys:
        return Gone.REFUNDED if source == Entitlement.Source.PURCHASE else Gone.GRANT_ENDED
    if not viewer.is_member and history.memberships:
        lapsed = any(m.organisation.status != Organisation.Status.ACTIVE for m in history.memberships)
        return Gone.ORGANISATION_LAPSED if lapsed else Gone.MEMBERSHIP_ENDED
    if not viewer.is_authorised and history.was_authorised:
        return Gone.AUTHORISATION_ENDED
    return Gone.NOT_OPEN


def _removal(reason: Gone, title: str | None) -> Removal:
    if title:
        message = _("“%(title)s” was removed from this device: %(reason)s") % {
            "title": title,
            "reason": reason.label,
        }
    else:
        message = _("A saved page was removed from this device: %(reason)s") % {"reason": reason.label}
    return Removal(reason, message)
