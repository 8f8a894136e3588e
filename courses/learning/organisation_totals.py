"""The learning page's course choices and its body (the totals per course over thousands of enrolments, the
chart of completions by month, a page of the members' table), kept in the shared cache: they cost the page
nearly all its time, while managers read them far more often than the members' learning changes.

Freshness: each organisation has a version in the cache, and every kept total carries it in its key. Every
write that can change an organisation's totals renews its version (`renew_*`, connected in courses/apps.py):
an enrolment, a lesson completed (it moves the enrolment's last activity, which the period filter reads), a
quiz answered, a certificate, a membership, a member's account (their name) or the organisation itself saved
or deleted. So a manager never
reads a total older than the last such write, on any server. The key also holds today's date (memberships
end on a date, with nothing saved) and the public pages' generation (portal/speed/page_cache.py: a course
renamed, published or moved). The version is renewed at once and again once the write is committed, as the
page cache's generation is, so that a request that read the old rows meanwhile cannot keep them under the
new version. A version is a moment in nanoseconds, never reused: a cache flushed or evicted starts afresh.
If the cache is unreachable, every total is computed for each request. What a process read is also kept in
its own memory (the "local" cache), under the same key.

Writes made without signals (`bulk_create`, `update`) must renew the version themselves; none of the
learning services makes one that changes a total (`_touch` only accompanies a lesson or a quiz, which do).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache, caches
from django.db import transaction
from django.utils import timezone

from portal.models import Membership
from portal.speed import page_cache

from .models import Enrolment

TIMEOUT = 60 * 60  # an hour at most, whatever happens
T = TypeVar("T")


def _version_key(organisation_id: int) -> str:
    return f"organisation-learning:{organisation_id}:version"


def version(organisation_id: int, request=None) -> int:
    """The organisation's version, started from the clock when the cache has none; read once a request."""
    known = getattr(request, "_organisation_learning_versions", {})
    if organisation_id in known:
        return known[organisation_id]
    key = _version_key(organisation_id)
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), timeout=None)
        value = cache.get(key) or 0
    if request is not None:
        request._organisation_learning_versions = {**known, organisation_id: value}
    return value


def kept(organisation, name: str, arguments: tuple, compute: Callable[[], T], *, request=None) -> T:
    """`compute()`, or what it gave for the same organisation, name and arguments since the last change."""
    fingerprint = hashlib.sha256(repr(arguments).encode()).hexdigest()[:16]
    key = ":".join(
        str(part)
        for part in (
            "organisation-learning",
            organisation.pk,
            version(organisation.pk, request),
            timezone.localdate().isoformat(),
            page_cache.generation(request),
            name,
            fingerprint,
        )
    )
    # Each process keeps what it read in its own memory too: the key holds the version read from the shared
    # cache, so a copy there is never older than the last write, and a page then costs no transfer of it.
    local = caches["local"]
    value = local.get(key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, TIMEOUT)
        local.set(key, value, TIMEOUT)
    return value


def renew(organisation_ids) -> None:
    """Make the kept totals of these organisations stale, now and once the write is committed."""
    ids = sorted(set(organisation_ids))
    if not ids:
        return

    def bump():
        cache.set_many({_version_key(pk): time.time_ns() for pk in ids}, timeout=None)

    bump()
    transaction.on_commit(bump)


def _organisations_of(user_ids) -> list[int]:
    return list(
        Membership.objects.filter(user_id__in=user_ids).values_list("organisation_id", flat=True).distinct()
    )


# --- the signals' receivers (courses/apps.py) ---------------------------------------------------------------


def renew_for_learner(sender, instance, **kwargs) -> None:
    """An enrolment or certificate (they name their learner) saved or deleted."""
    renew(_organisations_of([instance.user_id]))


def renew_for_enrolment(sender, instance, **kwargs) -> None:
    """A lesson completion or a quiz attempt (they name their enrolment) saved or deleted."""
    renew(_organisations_of(Enrolment.objects.filter(pk=instance.enrolment_id).values("user_id")))


def renew_for_user(sender, instance, update_fields=None, **kwargs) -> None:
    """A member's name or address (shown on the page) changed; a sign-in, which saves only the moment of it,
    changes nothing shown."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    renew(_organisations_of([instance.pk]))


def renew_for_membership(sender, instance, **kwargs) -> None:
    renew([instance.organisation_id])


def renew_for_organisation(sender, instance, **kwargs) -> None:
    renew([instance.pk])
