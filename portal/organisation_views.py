"""The screens of "My organisation" on the public site, for the organisation's managers (and the network's
coordinators): the list of organisations someone runs, and each organisation's own pages. Who may open
them is decided in portal/managing.py alone.

The organisation's learning, assigned courses and training record are courses' screens
(courses/views/organisation.py); these pages link to them by URL name, never by import.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .managing import is_coordinator, managed_organisations, organisation_view
from .models import Membership
from .views import private


@private
@login_required
def organisation_index(request):
    """The organisations whose training the user runs: a manager of one goes straight to it."""
    if not is_coordinator(request.user):
        organisations = list(managed_organisations(request.user)[:2])
        if not organisations:
            raise Http404
        if len(organisations) == 1:
            return redirect("portal:organisation_home", organisation_id=organisations[0].pk)
    context = {
        "page_title": _("My organisation"),
        "organisations": managed_organisations(request.user),
    }
    return render(request, "portal/organisation/index.html", context)


@organisation_view
def organisation_home(request, organisation):
    memberships = Membership.objects.active().filter(organisation=organisation)
    context = {
        "page_title": organisation.name,
        "organisation": organisation,
        "section": "home",
        "member_count": memberships.count(),
        "managers": memberships.filter(manages=True).select_related("user").order_by("user__full_name"),
    }
    return render(request, "portal/organisation/home.html", context)


@private
@login_required
@require_POST
def manager_request(request, membership_id):
    """A member asks a coordinator to make them a manager of their organisation."""
    membership = get_object_or_404(Membership.objects.active(), pk=membership_id, user=request.user)
    services.manager_request(membership=membership)
    messages.success(
        request,
        _("Your request to run the training of %(name)s has been sent to the coordinators.")
        % {"name": membership.organisation},
    )
    return redirect("portal:account")
