"""Entitlements: one user may open one item whatever its price, by a coordinator's grant or a purchase.

Written only through `courses.services`; the access policy reads them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EntitlementQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(revoked_at__isnull=True)


class Entitlement(models.Model):
    class Source(models.TextChoices):
        GRANT = "grant", _("Grant")
        PURCHASE = "purchase", _("Purchase")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="entitlements",
        verbose_name=_("user"),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="entitlements",
        verbose_name=_("course or material"),
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("The order, for purchases.")
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("granted by"),
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    objects = EntitlementQuerySet.as_manager()

    # A record about a user, not content: Wagtail's "usage" of a page need not list it, and indexing it
    # would cost every purchase three more queries.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page"], condition=Q(revoked_at__isnull=True), name="one_entitlement_in_force"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.page}"
