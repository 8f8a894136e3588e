"""The coordinators' panel on the admin home page about payments: what Stripe has refused for good lately
(a currency the account does not support, a revoked key), one line per refusal. Buyers who met it were
told that the purchase cannot be made now; the cause is in the Stripe account or the portal's settings.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from ..refusals import refusals_recent

# What the portal was doing when Stripe refused (`GatewayRefused.operation`), for the coordinators.
OPERATIONS = {
    "create a Checkout Session": _("Starting a card payment"),
    "retrieve a Checkout Session": _("Checking a card payment"),
    "expire a Checkout Session": _("Closing an old card payment page"),
    "create a refund": _("Refunding a payment"),
}
# Stripe's types of error that mean "for good".
KINDS = {
    "invalid_request_error": _("Stripe refused the request"),
    "authentication_error": _("Stripe did not accept the portal's secret key"),
    "permission_error": _("The portal's key is not allowed to do this"),
}


class StripeRefusalsPanel(Component):
    name = "stripe_refusals"
    template_name = "payments/admin/refusals_panel.html"
    order = 60  # just below the authorisation requests: buyers are being turned away

    def __init__(self, refusals):
        self.refusals = refusals

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["lines"] = [
            {
                "refusal": refusal,
                "operation": OPERATIONS.get(refusal.operation, refusal.operation),
                "kind": KINDS.get(refusal.kind, refusal.kind),
                "order_url": reverse("orders:inspect", args=[refusal.order_id]) if refusal.order_id else "",
            }
            for refusal in self.refusals
        ]
        return context


def stripe_refusals_panel():
    """The panel, when there is something to show (nothing is said when Stripe has refused nothing)."""
    refusals = list(refusals_recent()[:10])
    return StripeRefusalsPanel(refusals) if refusals else None
