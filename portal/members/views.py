"""The members' screens of "My organisation": the list of members, the pending invitations, inviting one
person, sending an invitation again or cancelling it, and ending a membership (after a confirmation).

Every screen is an `organisation_view` (portal/managing.py decides who may open it; anyone else gets a 404).
Each costs the same few queries whatever the organisation's size: the lists are paginated, and the rows of a
page come with their accounts in one query.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..managing import organisation_view
from ..models import Invitation, Membership
from ..models.invitations import INVITATION_DAYS
from . import services
from .forms import InviteForm

PER_PAGE = 50


def _search(request) -> str:
    return request.GET.get("q", "").strip()[:200]


def _page(request, rows):
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


def page_context(organisation, title: str, **extra) -> dict:
    """What every members' page shows at its top: the organisation, its sections, the pending count."""
    return {
        "page_title": title,
        "organisation": organisation,
        "section": "members",
        "pending_count": Invitation.objects.open().filter(organisation=organisation).count(),
        **extra,
    }


@organisation_view
def members(request, organisation):
    """The organisation's members in force, by name: their role, since when, their last sign-in."""
    search = _search(request)
    rows = (
        Membership.objects.active()
        .filter(organisation=organisation)
        .select_related("user")
        .order_by(Lower("user__full_name"), "user__email")
    )
    if search:
        rows = rows.filter(Q(user__full_name__icontains=search) | Q(user__email__icontains=search))
    page_obj = _page(request, rows)
    for membership in page_obj:
        membership.end_refusal = services.end_refusal(membership=membership, by=request.user)
    context = page_context(
        organisation,
        _("Members"),
        page_obj=page_obj,
        search=search,
    )
    return render(request, "portal/organisation/members/list.html", context)


@organisation_view
def invitations(request, organisation):
    """Invitations neither accepted nor cancelled, the latest first; expired ones can be sent again."""
    search = _search(request)
    rows = Invitation.objects.open().filter(organisation=organisation).order_by("-created_at", "-pk")
    if search:
        rows = rows.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    context = page_context(
        organisation,
        _("Pending invitations"),
        page_obj=_page(request, rows),
        search=search,
        days=INVITATION_DAYS,
    )
    return render(request, "portal/organisation/members/invitations.html", context)


@organisation_view
@require_http_methods(["GET", "POST"])
def invite(request, organisation):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            for field, messages_of_field in errors.items():
                form.add_error(field if field in form.fields else None, messages_of_field)
        else:
            messages.success(
                request,
                _("The invitation has been sent to %(email)s. It can be accepted for %(days)s days.")
                % {"email": invitation.email, "days": INVITATION_DAYS},
            )
            return redirect("portal:organisation_invitations", organisation_id=organisation.pk)
    context = page_context(
        organisation,
        _("Invite a member"),
        form=form,
    )
    return render(request, "portal/organisation/members/invite.html", context)


def _invitation_of(organisation, invitation_id) -> Invitation:
    return get_object_or_404(Invitation.objects.open(), pk=invitation_id, organisation=organisation)


@organisation_view
@require_POST
def invitation_resend(request, organisation, invitation_id):
    try:
        invitation = services.invitation_resend(
            invitation=_invitation_of(organisation, invitation_id), by=request.user
        )
    except ValidationError as error:  # accepted or cancelled a moment ago
        messages.error(request, " ".join(error.messages))
        return redirect("portal:organisation_invitations", organisation_id=organisation.pk)
    messages.success(
        request, _("The invitation has been sent again to %(email)s.") % {"email": invitation.email}
    )
    return redirect("portal:organisation_invitations", organisation_id=organisation.pk)


@organisation_view
@require_POST
def invitation_cancel(request, organisation, invitation_id):
    try:
        invitation = services.invitation_cancel(
            invitation=_invitation_of(organisation, invitation_id), by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal:organisation_invitations", organisation_id=organisation.pk)
    messages.success(
        request,
        _("The invitation to %(email)s has been cancelled: its link no longer works.")
        % {"email": invitation.email},
    )
    return redirect("portal:organisation_invitations", organisation_id=organisation.pk)


@organisation_view
@require_http_methods(["GET", "POST"])
def member_end(request, organisation, membership_id):
    """Ask to confirm, then end the membership today."""
    membership = get_object_or_404(
        Membership.objects.active().select_related("user"), pk=membership_id, organisation=organisation
    )
    refusal = services.end_refusal(membership=membership, by=request.user)
    if request.method == "POST" and refusal is None:
        services.membership_end(membership=membership, by=request.user)
        messages.success(
            request,
            _("%(name)s is no longer a member of %(organisation)s.")
            % {"name": membership.user.get_full_name(), "organisation": organisation},
        )
        return redirect("portal:organisation_members", organisation_id=organisation.pk)
    context = page_context(
        organisation,
        _("End a membership"),
        membership=membership,
        refusal=refusal,
    )
    return render(
        request,
        "portal/organisation/members/end.html",
        context,
        status=400 if refusal and request.method == "POST" else 200,
    )
