"""Portal-wide settings, edited by coordinators in the Wagtail admin."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from ..time_zones import CHOICES as TIME_ZONES
from ..time_zones import DEFAULT_ZONE


@register_setting(icon="cog")
class PortalSettings(BaseGenericSetting):
    members_pay = models.BooleanField(
        _("members pay for priced items"),
        default=False,
        help_text=_("Normally members download priced items free of charge."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    usual_decision_days = models.PositiveSmallIntegerField(
        _("usual days to decide on an authorisation"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Shown on locked items as the usual wait for a coordinator's decision on a request for "
            'authorisation ("usually within N days").'
        ),
    )

    time_zone = models.CharField(
        _("the network's time zone"),
        max_length=64,
        choices=TIME_ZONES,
        default=DEFAULT_ZONE,
        help_text=_(
            "Every date and time on the site, in the admin, in e-mails and in PDFs is in this zone, "
            "and says so."
        ),
    )

    # Who sells, as receipts must name them (payments/receipt_pdf.py): institutions are reimbursed only
    # against a document naming the seller and its tax ID.
    seller_legal_name = models.CharField(
        _("seller's legal name"),
        max_length=200,
        blank=True,
        help_text=_("The organisation that sells the priced items, as registered, for the receipts."),
    )
    seller_address = models.TextField(
        _("seller's address"), blank=True, help_text=_("As it must appear on receipts; one line each.")
    )
    seller_tax_id = models.CharField(
        _("seller's tax ID"),
        max_length=100,
        blank=True,
        help_text=_("With its kind, as it must appear on receipts: for example “RUC 20123456789”."),
    )

    class Meta:
        verbose_name = _("portal settings")
