"""Authorisation of external users: their requests and the coordinators' decisions, all kept as history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ..countries import NetworkCountries, country_label


class AccessRequestQuerySet(models.QuerySet):
    def in_force(self):
        """Approved requests that still authorise their user (not expired, not revoked)."""
        today = timezone.localdate()
        return self.filter(status=AccessRequest.Status.APPROVED).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=today)
        )

    def pending(self):
        return self.filter(status=AccessRequest.Status.PENDING)


class AccessRequest(models.Model):
    """One request for authorisation and its decision. A new request after a rejection is a new row."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        REVOKED = "revoked", _("Revoked")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="access_requests",
        verbose_name=_("user"),
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    country = CountryField(_("country"), countries=NetworkCountries)
    # The country as the user typed it before countries were chosen from a list, when it matched no country
    # (migration 0003): shown to coordinators instead of a blank.
    country_as_written = models.CharField(_("country as written"), max_length=100, blank=True, editable=False)
    role = models.CharField(_("role in the organisation"), max_length=200)
    purpose = models.TextField(_("what you will use the materials for"), max_length=2000)
    accepted_terms = models.BooleanField(_("accepted the portal's terms"), default=False)
    requested_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("asked from"),
        help_text=_("The locked item the user was looking at, if any."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("asked on"), default=timezone.now, db_index=True)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    automatic = models.BooleanField(
        _("approved automatically"), default=False, help_text=_("The e-mail domain is a partner's.")
    )
    expires_at = models.DateField(_("valid until"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True, help_text=_("Shown to the user."))

    objects = AccessRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("authorisation request")
        verbose_name_plural = _("authorisation requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="pending"), name="one_pending_request_per_user"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_status_display()}"

    @property
    def country_label(self) -> str:
        return country_label(self.country, self.country_as_written)

    @property
    def is_in_force(self) -> bool:
        return self.status == self.Status.APPROVED and (
            self.expires_at is None or self.expires_at > timezone.localdate()
        )

    @property
    def has_expired(self) -> bool:
        return self.status == self.Status.APPROVED and not self.is_in_force
