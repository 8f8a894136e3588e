"""What every course and material has: an access level, an optional price, a content language."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


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

    access_panels = [
        MultiFieldPanel(
            [FieldPanel("access_level"), FieldRowPanel([FieldPanel("price"), FieldPanel("currency")])],
            heading=_("Access and price"),
        )
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
