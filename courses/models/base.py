"""What every course and material has: an access level, an optional price, a content language, a licence."""

from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel


class AccessLevel(models.TextChoices):
    PUBLIC = "public", _("Public")
    REGISTERED = "registered", _("Registered users")
    AUTHORISED = "authorised", _("Authorised users")
    MEMBERS = "members", _("Members only")


class Currency(models.TextChoices):
    USD = "usd", "USD"
    EUR = "eur", "EUR"


class GatedItem(models.Model):
    """Abstract: the fields the access policy reads. Only the policy (courses/access.py) interprets them."""

    access_level = models.CharField(
        _("access level"),
        max_length=20,
        choices=AccessLevel.choices,
        default=AccessLevel.PUBLIC,
        db_index=True,
        help_text=_("Who may open this item."),
    )
    price = models.DecimalField(
        _("price"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.50"))],
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

    @property
    def is_priced(self) -> bool:
        return self.price is not None

    # What pages show about the licence. Access itself is decided by the policy (courses/access.py).

    @cached_property
    def licence_terms(self):
        from .. import licensing

        return licensing.item_terms(self)

    @property
    def effective_access_level(self) -> str:
        from .. import licensing

        return licensing.effective_level(self, timezone.localdate())

    @property
    def effective_access_level_label(self) -> str:
        return AccessLevel(self.effective_access_level).label

    @property
    def on_sale(self) -> bool:
        from .. import licensing

        return self.price is not None and licensing.may_sell(self.licence_terms, timezone.localdate())

    @property
    def licence_terms_text(self) -> str:
        """The licence's terms in the reader's language."""
        terms = self.licence_terms
        return terms.terms_text((get_language() or "es")[:2]) if terms else ""

    @classmethod
    def served_queryset(cls):
        """How a known route loads the page to serve it (courses/routing.py): with its licence in force and
        its cover image, which every view of it shows."""
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

    @cached_property
    def attribution(self) -> str:
        from .. import licensing

        published = self.first_published_at or timezone.now()
        return licensing.attribution(
            licence=self.licence_terms,
            title=self.title,
            contributors=licensing.credited_names(self.credits),
            year=published.year,
        )
