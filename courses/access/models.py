"""What the access policy reads and writes: the access fields every course and material has, the
entitlements that open one item to one user, and the record of every file handed out.

Written only through courses/access/entitlements.py (grants, purchases, downloads); read by the policy
(courses/access/policy.py) and the reports.
"""

from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from portal.time_zones import when

from .. import currencies
from ..currencies import Currency
from ..levels import AccessLevel


class GatedItem(models.Model):
    """Abstract: the fields the access policy reads. Only the policy (courses/access/policy.py) interprets
    them; what pages show of the licence is courses/catalogue/gating.py."""

    access_level = models.CharField(
        _("access level"),
        max_length=20,
        choices=AccessLevel.choices,
        default=AccessLevel.PUBLIC,
        db_index=True,
        help_text=_("Who may open this item."),
    )
    # Ten digits: the eight Stripe takes in a currency without decimals (99,999,999 PYG), kept with two
    # decimal places like every other price. The lowest and highest price are the currency's
    # (courses/currencies.py), checked in `clean`.
    price = models.DecimalField(
        _("price"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Only for items at the authorised level; authorised external users pay it, members do not."
        ),
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.USD)
    language = models.CharField(
        _("language of the content"), max_length=5, choices=settings.LANGUAGES, default="es", db_index=True
    )

    licence = models.ForeignKey(
        "courses.Licence",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("licence"),
        help_text=_("The contributors' terms: they limit the access level and whether a price may be set."),
    )

    access_panels = [
        MultiFieldPanel(
            [
                FieldPanel("licence"),
                FieldPanel("access_level"),
                FieldRowPanel([FieldPanel("price"), FieldPanel("currency")]),
            ],
            heading=_("Licence, access and price"),
        ),
        InlinePanel("contributors", heading=_("Contributors"), label=_("Contributor")),
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.price is not None and self.access_level != AccessLevel.AUTHORISED:
            raise ValidationError(
                {"price": _("A price can only be set on items at the “Authorised users” access level.")}
            )
        # A price Stripe would refuse (under its minimum, too many decimals for the currency) is refused here,
        # where the editor can change it, instead of failing the buyer's checkout.
        problem = currencies.price_problem(self.price, self.currency)
        if problem:
            raise ValidationError({"price": problem})

    @property
    def is_priced(self) -> bool:
        return self.price is not None

    @classmethod
    def served_queryset(cls):
        """How a known route loads the page to serve it (portal/speed/known_routes.py): with its licence in
        force and its cover image, which every view of it shows."""
        related = ["licence__current_version"]
        if any(field.name == "cover_image" for field in cls._meta.get_fields()):
            related.append("cover_image")
        return cls.objects.select_related(*related)

    @cached_property
    def credits(self) -> list:
        """The item's contributors with their roles: from memory when a listing prefetched them or a preview
        holds a draft's, else in one query with the contributors joined (not one query per credit)."""
        manager = self.contributors
        if manager.is_deferring or "contributors" in getattr(self, "_prefetched_objects_cache", {}):
            return list(manager.all())
        return list(manager.get_live_queryset().select_related("contributor"))


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


class DownloadEvent(models.Model):
    """One handed-out file: who, which item and file, under which licence version, when.

    Who the downloader was (member or not, organisation, country) is copied at the time of the download,
    so the contributors' reports stay true after memberships and authorisations change.
    """

    class Audience(models.TextChoices):
        MEMBER = "member", _("Member")
        EXTERNAL = "external", _("External user")
        VISITOR = "visitor", _("Visitor (not signed in)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="downloads"
    )
    material = models.ForeignKey(
        "courses.MaterialPage", on_delete=models.CASCADE, related_name="download_events"
    )
    file = models.ForeignKey(
        "courses.MaterialFile", null=True, on_delete=models.SET_NULL, related_name="download_events"
    )
    licence = models.ForeignKey(
        "courses.Licence",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="download_events",
        verbose_name=_("licence version"),
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.VISITOR, db_index=True
    )
    organisation = models.ForeignKey(
        "portal.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation"),
    )
    # A country code (portal/countries.py); older free text that named no country, as it was typed.
    country = models.CharField(_("country"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.material} · {when(self.created_at, short=True)}"
