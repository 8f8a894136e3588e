"""Portal-wide settings, edited by coordinators in the Wagtail admin."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


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

    class Meta:
        verbose_name = _("portal settings")
