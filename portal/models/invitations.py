"""Invitations to join an organisation, sent by its managers, and the spreadsheets they import many from.

An invitation is a link e-mailed to one address: whoever opens it signs up with that address (already
verified by the invitation) or signs in with the account that has it, and becomes a confirmed member of the
organisation, because a manager vouched for them. It is open until it is accepted or cancelled, and may be
accepted until it expires (it can be sent again, which gives it a new expiry). One open invitation per
address and organisation: the database refuses a second.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisations import Membership, Organisation

# How long an invitation can be accepted after it was (last) sent.
INVITATION_DAYS = 14


def new_invitation_key() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=INVITATION_DAYS)


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Neither accepted nor cancelled: the address counts as invited (expired or not)."""
        return self.filter(accepted_at__isnull=True, cancelled_at__isnull=True)

    def pending(self):
        """Open and not expired: the link still works."""
        return self.open().filter(expires_at__gt=timezone.now())


class Invitation(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("organisation")
    )
    # Kept in lower case, so that an address is invited once however it was typed.
    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(
        _("role"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    language = models.CharField(_("language of the e-mail"), max_length=5, choices=settings.LANGUAGES)
    key = models.CharField(max_length=64, unique=True, default=new_invitation_key, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    member_import = models.ForeignKey(
        "MemberImport", on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations"
    )
    created_at = models.DateTimeField(_("invited on"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires on"), default=invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True, cancelled_at__isnull=True),
                name="one_open_invitation_per_address",
            )
        ]

    def __str__(self):
        return f"{self.email} · {self.organisation}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.cancelled_at is None

    @property
    def has_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class MemberImport(models.Model):
    """A spreadsheet of members a manager uploaded: kept here between its preview and its confirmation (so
    that nothing has to be uploaded twice, whichever app server answers), then imported in the background
    with its progress counted. The file is emptied once imported: the invitations hold what is needed."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Waiting for confirmation")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="member_imports", verbose_name=_("organisation")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file_name = models.CharField(_("file"), max_length=200)
    content = models.BinaryField(editable=False)
    # The language of the invitations of rows that name none.
    language = models.CharField(_("language of the e-mails"), max_length=5, choices=settings.LANGUAGES)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_to_do = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    invited = models.PositiveIntegerField(default=0)
    renewed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    left_out = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)  # members without e-mail, whose accounts it made

    class Meta:
        verbose_name = _("member import")
        verbose_name_plural = _("member imports")

    def __str__(self):
        return f"{self.file_name} · {self.organisation}"

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
