"""Organisations of the network and their members."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ..countries import NetworkCountries, country_label


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COOPERATIVE = "cooperative", _("Cooperative")
        ASSOCIATION = "association", _("Association")
        NETWORK = "network", _("Network")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        LAPSED = "lapsed", _("Lapsed")

    name = models.CharField(_("name"), max_length=200, unique=True)
    country = CountryField(_("country"), countries=NetworkCountries)
    # The country as it was typed before countries were chosen from a list, when it matched no country
    # (migration 0003): shown to coordinators until they choose the country.
    country_as_written = models.CharField(_("country as written"), max_length=100, blank=True, editable=False)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.COOPERATIVE)
    status = models.CharField(
        _("member status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    member_since = models.DateField(_("member since"), null=True, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def country_label(self) -> str:
        return country_label(self.country, self.country_as_written)


class MembershipQuerySet(models.QuerySet):
    def active(self):
        """Memberships that make their user a member: confirmed, not ended, in an active organisation."""
        today = timezone.localdate()
        return self.filter(verified=True, organisation__status=Organisation.Status.ACTIVE).filter(
            Q(ended_at__isnull=True) | Q(ended_at__gt=today)
        )

    def managing(self):
        """Memberships that make their user a manager of the organisation: active ones marked so. A manager
        whose membership ends, or whose organisation lapses, stops managing at once."""
        return self.active().filter(manages=True)


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        STAFF = "staff", _("Staff")
        BOARD = "board", _("Board")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    verified = models.BooleanField(_("verified"), default=False)
    ended_at = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(_("asked on"), default=timezone.now)
    # Named by a coordinator (portal/services.py manager_name), never by the manager themself.
    manages = models.BooleanField(
        _("organisation manager"),
        default=False,
        help_text=_(
            "Runs the organisation's training from the public site: its members, assigned courses and "
            "training record."
        ),
    )
    manager_requested_at = models.DateTimeField(_("asked to be a manager on"), null=True, blank=True)
    # The spreadsheet that made this member's account (without e-mail): whose cards to print after it.
    member_import = models.ForeignKey(
        "portal.MemberImport", on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships"
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_organisation")
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation}"


class PartnerDomain(models.Model):
    """E-mail domains of partners whose users are authorised as soon as they ask (logged as a decision)."""

    domain = models.CharField(
        _("e-mail domain"), max_length=255, unique=True, help_text=_("For example: fondo-solidario.org")
    )
    partner = models.CharField(_("partner"), max_length=200)

    class Meta:
        verbose_name = _("partner domain")
        verbose_name_plural = _("partner domains")
        ordering = ["domain"]

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().lstrip("@")
        super().save(*args, **kwargs)
