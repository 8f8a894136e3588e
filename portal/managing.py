"""Who may run an organisation's training: the one place that says so.

An organisation's managers (members a coordinator named, `Membership.manages`) run its training from the
public site, under "My organisation": its members, the courses assigned to them, their learning and the
training record for audits. The network's learning coordinators may do the same for every organisation.
Nobody else may, and a manager whose membership ends, whose organisation lapses or who is no longer named
loses it at once: every screen asks here on every request, nothing is remembered.

The members' screens (portal/) and the organisation's learning (courses/) both ask `managed_organisation`;
neither decides on its own.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.cache import add_never_cache_headers

from .models import Membership, Organisation, User

# The permission that makes someone a learning coordinator for the organisations (portal/roles.py).
COORDINATOR_PERMISSION = "portal.change_membership"


def is_coordinator(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(COORDINATOR_PERMISSION))


def managed_organisations(user: User):
    """The organisations whose training this user may run, by name."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if is_coordinator(user):
        return Organisation.objects.order_by("name")
    managing = Membership.objects.managing().filter(user=user)
    return Organisation.objects.filter(memberships__in=managing).order_by("name")


def may_manage(user: User, organisation: Organisation) -> bool:
    return managed_organisations(user).filter(pk=organisation.pk).exists()


def managed_organisation(user: User, organisation_id) -> Organisation:
    """The organisation of this id if the user may run its training; otherwise 404, so that nobody learns
    which organisations exist by trying their numbers. The same decision as `managed_organisations`, asked
    in the cheaper order for the usual visitor of these screens: a manager is found by one query, and only
    someone who manages none of it is asked whether they coordinate (the permission costs two)."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    managing = Membership.objects.managing().filter(user=user, organisation_id=organisation_id)
    organisation = Organisation.objects.filter(pk=organisation_id, memberships__in=managing).first()
    if organisation is None and is_coordinator(user):
        organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    return organisation


def organisation_view(view):
    """A screen of "My organisation": signed in, allowed to run this organisation's training (the URL's
    `organisation_id` becomes the `organisation` argument), never stored by a shared cache."""

    @wraps(view)
    @login_required
    def wrapper(request, organisation_id, *args, **kwargs):
        organisation = managed_organisation(request.user, organisation_id)
        response = view(request, organisation, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper
