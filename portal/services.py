"""State-changing actions of the portal app: authorisation requests, decisions and memberships, and the
messages of the contact page.

Each is atomic, takes keyword-only arguments, validates, logs what an admin did in Wagtail's audit log,
and sends its e-mails as background tasks once the transaction has committed.
"""

from __future__ import annotations

import datetime
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from . import tasks
from .models import (
    AccessRequest,
    ContactMessage,
    Membership,
    Organisation,
    PartnerDomain,
    TermsAcceptance,
    User,
)


def _after_commit(task, *args) -> None:
    transaction.on_commit(partial(task.enqueue, *args))


def _partner_for(email: str) -> PartnerDomain | None:
    domain = email.rsplit("@", 1)[-1].lower()
    return PartnerDomain.objects.filter(domain=domain).first()


@transaction.atomic
def access_request_create(
    *,
    user: User,
    organisation: str,
    country: str,
    role: str,
    purpose: str,
    accepted_terms: bool,
    requested_page=None,
) -> AccessRequest:
    """Ask for authorisation. One open request per user; asking again after a decision is allowed."""
    if not accepted_terms:
        raise ValidationError({"accepted_terms": _("Please accept the portal's terms to send your request.")})
    if AccessRequest.objects.select_for_update().filter(user=user).pending().exists():
        raise ValidationError(_("You already have a request waiting for a decision."))
    if AccessRequest.objects.filter(user=user).in_force().exists():
        raise ValidationError(_("You are already authorised."))
    access_request = AccessRequest(
        user=user,
        organisation=organisation,
        country=country,
        role=role,
        purpose=purpose,
        accepted_terms=True,
        requested_page=requested_page,
    )
    access_request.full_clean()
    access_request.save()
    partner = _partner_for(user.email or "")  # a member without e-mail has no partner's domain
    if partner is not None:
        # A partner's domain: approved at once, and still recorded as a decision in the audit log.
        access_request.status = AccessRequest.Status.APPROVED
        access_request.automatic = True
        access_request.decided_at = timezone.now()
        access_request.reason = _("Approved automatically: %(partner)s is a partner of the network.") % {
            "partner": partner.partner
        }
        access_request.save()
        log(
            access_request,
            "portal.access_request.approve",
            data={"automatic": True, "domain": partner.domain},
        )
        _after_commit(tasks.email_decision, access_request.pk)
    else:
        _after_commit(tasks.email_request_received, access_request.pk)
    return access_request


def _decide(access_request: AccessRequest, *, by: User, status: str, action: str, **fields) -> AccessRequest:
    access_request.status = status
    access_request.decided_by = by
    access_request.decided_at = timezone.now()
    for name, value in fields.items():
        setattr(access_request, name, value)
    access_request.full_clean()
    access_request.save()
    log(access_request, action, user=by, data={key: str(value) for key, value in fields.items()})
    _after_commit(tasks.email_decision, access_request.pk)
    return access_request


def _locked(access_request: AccessRequest) -> AccessRequest:
    return AccessRequest.objects.select_for_update().get(pk=access_request.pk)


@transaction.atomic
def access_request_approve(
    *, access_request: AccessRequest, by: User, expires_at: datetime.date | None = None
) -> AccessRequest:
    access_request = _locked(access_request)
    if access_request.status != AccessRequest.Status.PENDING:
        raise ValidationError(_("Only a request waiting for a decision can be approved."))
    if expires_at is not None and expires_at <= timezone.localdate():
        raise ValidationError({"expires_at": _("The end of the authorisation must be in the future.")})
    return _decide(
        access_request,
        by=by,
        status=AccessRequest.Status.APPROVED,
        action="portal.access_request.approve",
        expires_at=expires_at,
    )


@transaction.atomic
def access_request_reject(*, access_request: AccessRequest, by: User, reason: str) -> AccessRequest:
    access_request = _locked(access_request)
    if access_request.status != AccessRequest.Status.PENDING:
        raise ValidationError(_("Only a request waiting for a decision can be rejected."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the request is rejected: the user will read it.")})
    return _decide(
        access_request,
        by=by,
        status=AccessRequest.Status.REJECTED,
        action="portal.access_request.reject",
        reason=reason.strip(),
    )


@transaction.atomic
def authorisation_revoke(*, access_request: AccessRequest, by: User, reason: str = "") -> AccessRequest:
    access_request = _locked(access_request)
    if access_request.status != AccessRequest.Status.APPROVED:
        raise ValidationError(_("Only an approved authorisation can be revoked."))
    return _decide(
        access_request,
        by=by,
        status=AccessRequest.Status.REVOKED,
        action="portal.access_request.revoke",
        reason=reason.strip(),
    )


@transaction.atomic
def membership_request(
    *, user: User, organisation: Organisation, role: str = Membership.Role.MEMBER
) -> Membership:
    """A user says they belong to an organisation; a coordinator confirms it before it counts."""
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role, "verified": False}
    )
    if not created and membership.ended_at is not None:
        membership.ended_at = None
        membership.verified = False
        membership.save(update_fields=["ended_at", "verified"])
    return membership


@transaction.atomic
def membership_confirm(*, membership: Membership, by: User) -> Membership:
    membership.verified = True
    membership.ended_at = None
    membership.save(update_fields=["verified", "ended_at"])
    log(membership, "portal.membership.confirm", user=by)
    return membership


@transaction.atomic
def manager_request(*, membership: Membership) -> Membership:
    """A member asks to run their organisation's training; a coordinator decides (manager_name)."""
    if not membership.manages and membership.manager_requested_at is None:
        membership.manager_requested_at = timezone.now()
        membership.save(update_fields=["manager_requested_at"])
    return membership


@transaction.atomic
def manager_name(*, membership: Membership, by: User) -> Membership:
    """A coordinator names a member manager of their organisation (portal/managing.py reads it)."""
    if not Membership.objects.active().filter(pk=membership.pk).exists():
        raise ValidationError(_("Only a confirmed member of an active organisation can be its manager."))
    membership.manages = True
    membership.manager_requested_at = None
    membership.save(update_fields=["manages", "manager_requested_at"])
    log(membership, "portal.membership.manager_name", user=by)
    return membership


@transaction.atomic
def manager_end(*, membership: Membership, by: User) -> Membership:
    """The member stops managing at once; their own membership and learning stay."""
    membership.manages = False
    membership.manager_requested_at = None
    membership.save(update_fields=["manages", "manager_requested_at"])
    log(membership, "portal.membership.manager_end", user=by)
    return membership


def contact_message_send(
    *, name: str, email: str, topic: str, message: str, language: str, user: User | None = None
) -> ContactMessage:
    """Keep a message from the contact page for the coordinators, and e-mail it to each of them."""
    contact_message = ContactMessage(
        name=name.strip(),
        email=email.strip(),
        topic=topic,
        message=message.strip(),
        language=language,
        user=user if user is not None and user.is_authenticated else None,
    )
    contact_message.full_clean()
    contact_message.save()
    _after_commit(tasks.email_contact_message, contact_message.pk)
    return contact_message


def terms_accept(*, user: User, version: str, language: str) -> TermsAcceptance:
    """Record that `user` accepted the terms of use in `version` (shown to them in `language`)."""
    return TermsAcceptance.objects.create(user=user, version=version, language=language)
