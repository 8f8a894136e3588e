"""What a manager (or a coordinator) changes about an organisation's members, and what an invited person's
acceptance changes: each action atomic, with keyword-only arguments, refusing with a translated
ValidationError what the rules forbid, logged in Wagtail's audit log, its e-mails sent in the background
once the transaction has committed.

The rules:
- An address is invited once: while an invitation to it is open (neither accepted nor cancelled), inviting
  it again is refused, unless the invitation has expired, in which case it is sent again. An address that is
  already a member's is refused too.
- The link works for `INVITATION_DAYS` days after it was (last) sent; sending it again starts them again.
- Accepting makes the person a confirmed member with the invitation's role (a manager vouched for them),
  whether their membership is new, was waiting for a coordinator, or had ended.
- Ending a membership ends it today (`Membership.objects.active()` no longer counts it) and ends its
  managing. Nobody ends their own membership here; a manager's membership is ended by a coordinator only
  (managers are named by coordinators, so one manager cannot remove another).
"""

from __future__ import annotations

from functools import partial

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..managing import is_coordinator
from ..models import Invitation, Membership, Organisation, User
from ..models.invitations import invitation_expiry
from . import tasks


def clean_address(email: str) -> str:
    """The address as invitations keep it (lower case, no spaces), or a ValidationError."""
    email = (email or "").strip().lower()
    validate_email(email)
    return email


def is_member(organisation: Organisation, email: str) -> bool:
    return Membership.objects.active().filter(organisation=organisation, user__email__iexact=email).exists()


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "DATE_FORMAT")


def _send(invitation_ids: list[int]) -> None:
    transaction.on_commit(partial(tasks.email_invitations.enqueue, invitation_ids))


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, email: str, full_name: str, role: str, language: str, by: User
) -> Invitation:
    """Invite one address; an expired invitation of it is renewed with these details and sent again."""
    email = clean_address(email)
    if is_member(organisation, email):
        raise ValidationError(
            {
                "email": _("%(email)s is already a member of %(organisation)s.")
                % {"email": email, "organisation": organisation}
            }
        )
    invitation = (
        Invitation.objects.select_for_update().open().filter(organisation=organisation, email=email).first()
    )
    if invitation is not None and not invitation.has_expired:
        raise ValidationError(
            {
                "email": _(
                    "%(email)s was invited on %(date)s and has not answered yet: you can send the invitation "
                    "again from the pending invitations."
                )
                % {"email": email, "date": _day(invitation.sent_at or invitation.created_at)}
            }
        )
    if invitation is None:
        invitation = Invitation(organisation=organisation, email=email)
    invitation.full_name = full_name.strip()
    invitation.role = role
    invitation.language = language
    invitation.invited_by = by
    invitation.expires_at = invitation_expiry()
    invitation.full_clean()
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:  # the same address invited at the same moment by someone else
        raise ValidationError({"email": _("%(email)s has just been invited.") % {"email": email}}) from None
    log(invitation, "portal.invitation.send", user=by)
    _send([invitation.pk])
    return invitation


def _open(invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("This invitation has already been accepted or cancelled."))
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: User) -> Invitation:
    """Send the invitation again: its link works for another `INVITATION_DAYS` days."""
    invitation = _open(invitation)
    invitation.expires_at = invitation_expiry()
    invitation.save(update_fields=["expires_at"])
    log(invitation, "portal.invitation.resend", user=by)
    _send([invitation.pk])
    return invitation


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, by: User) -> Invitation:
    """The link stops working at once; the address may be invited again."""
    invitation = _open(invitation)
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])
    log(invitation, "portal.invitation.cancel", user=by)
    return invitation


def has_address(user: User, email: str) -> bool:
    """Whether the address is this account's: its login, or another address it added."""
    return user.email.lower() == email.lower() or (
        EmailAddress.objects.filter(user=user, email__iexact=email).exists()
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """The invited person joins: a confirmed member, the address verified (the link reached it)."""
    invitation = _open(invitation)
    if invitation.has_expired:
        raise ValidationError(_("This invitation has expired: ask your organisation to send it again."))
    if not has_address(user, invitation.email):
        raise ValidationError(
            _("This invitation is for %(email)s: sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    membership, _created = Membership.objects.select_for_update().get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role, "verified": True}
    )
    if membership.ended_at is not None or not membership.verified:
        membership.role = invitation.role
        membership.verified = True
        membership.ended_at = None
        membership.created_at = timezone.now()  # member since today: the earlier membership had ended
        membership.save(update_fields=["role", "verified", "ended_at", "created_at"])
    address = EmailAddress.objects.filter(user=user, email__iexact=invitation.email).first()
    if address is None:
        EmailAddress.objects.create(
            user=user, email=invitation.email, verified=True, primary=not user.emailaddress_set.exists()
        )
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    log(membership, "portal.membership.invitation_accept", user=user, data={"invitation": invitation.pk})
    return membership


def end_refusal(*, membership: Membership, by: User) -> str | None:
    """Why `by` may not end this membership here, or None if they may."""
    if membership.user_id == by.pk:
        return _(
            "You cannot end your own membership here: ask another manager or the network's coordinators."
        )
    if membership.manages and not is_coordinator(by):
        return _("This member is a manager: only the network's coordinators can end their membership.")
    return None


@transaction.atomic
def membership_end(*, membership: Membership, by: User) -> Membership:
    """The member leaves the organisation today: member courses and materials close at once, as when an
    organisation lapses. Their account, learning and certificates stay."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if refusal := end_refusal(membership=membership, by=by):
        raise ValidationError(refusal)
    if not Membership.objects.active().filter(pk=membership.pk).exists():
        raise ValidationError(_("This membership has already ended."))
    membership.ended_at = timezone.localdate()
    membership.manages = False
    membership.manager_requested_at = None
    membership.save(update_fields=["ended_at", "manages", "manager_requested_at"])
    log(membership, "portal.membership.end", user=by)
    return membership
