"""The invited person's side: the invitation's page, and joining by signing up or signing in.

Opening the link (`invitation_page`) remembers the invitation in the session. Then:
- someone without an account signs up with allauth: the address is filled in and counts as verified (allauth's
  `stash_verified_email`: the link reached that address, so no confirmation e-mail is needed), the name and
  the language come from the invitation;
- someone with an account signs in;
and once signed in (`accept_on_sign_in`, on Django's `user_logged_in`), the invitation is accepted if the
account has the invited address. Someone already signed in accepts with the page's button. The rules of
acceptance are services.invitation_accept's.
"""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..models import Invitation, User
from . import services

SESSION_KEY = "portal_invitation"


def _open_invitation(key: str | None) -> Invitation | None:
    invitation = Invitation.objects.filter(key=key).select_related("organisation").first() if key else None
    if invitation is None or not invitation.is_open or invitation.has_expired:
        return None
    return invitation


def signup_initial(request: HttpRequest | None) -> dict:
    """The name and language the sign-up form starts with for someone who opened an invitation."""
    session = getattr(request, "session", None)
    invitation = _open_invitation(session.get(SESSION_KEY)) if session is not None else None
    if invitation is None:
        return {}
    return {"full_name": invitation.full_name, "language": invitation.language}


def _welcome(request, membership) -> None:
    messages.success(
        request,
        _(
            "Welcome to %(organisation)s: you are now a member, and its member courses and materials are "
            "open to you."
        )
        % {"organisation": membership.organisation},
    )


def accept_on_sign_in(sender, request, user: User, **kwargs) -> None:
    """Accept the invitation this browser opened, once its person has signed up or signed in."""
    session = getattr(request, "session", None)
    if session is None or SESSION_KEY not in session:
        return
    invitation = _open_invitation(session.pop(SESSION_KEY))
    if invitation is None or not services.has_address(user, invitation.email):
        return  # the invitation's page says why when opened again
    try:
        membership = services.invitation_accept(invitation=invitation, user=user)
    except ValidationError:
        return
    _welcome(request, membership)


def _state(request, invitation: Invitation | None) -> str:
    if invitation is None or invitation.cancelled_at is not None:
        return "invalid"
    if invitation.accepted_at is not None:
        return "joined" if invitation.accepted_by_id == request.user.pk else "accepted"
    if invitation.has_expired:
        return "expired"
    if request.user.is_authenticated:
        return "accept" if services.has_address(request.user, invitation.email) else "other_account"
    return "sign_in" if User.objects.filter(email__iexact=invitation.email).exists() else "sign_up"


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_page(request, key: str):
    invitation = Invitation.objects.filter(key=key).select_related("organisation", "invited_by").first()
    state = _state(request, invitation)
    if request.method == "POST" and state == "accept":
        try:
            membership = services.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("portal:invitation", key=key)
        _welcome(request, membership)
        return redirect("portal:account")
    if state in ("sign_in", "sign_up"):
        request.session[SESSION_KEY] = invitation.key
        if state == "sign_up":
            get_adapter(request).stash_verified_email(request, invitation.email)
    context = {
        "page_title": _("Invitation"),
        "invitation": invitation,
        "state": state,
        "here": request.path,
    }
    return render(request, "portal/invitation.html", context, status=404 if state == "invalid" else 200)
