from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    """Orders, the Stripe seam, checkout, webhooks and refunds (built in the payments issue)."""

    name = "payments"
    verbose_name = _("Payments")
