"""Portal-wide settings, edited by coordinators in the Wagtail admin."""

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

    class Meta:
        verbose_name = _("portal settings")
