"""The coordinators' panels on the admin home page about payments: the orders to act on (payments disputed
by the buyer's bank, with the date Stripe needs the evidence by; early fraud warnings not acted on), and what
Stripe has refused for good lately (a currency the account does not support, a revoked key), one line per
refusal. Buyers who met a refusal were told that the purchase cannot be made now; the cause is in the
Stripe account or the portal's settings.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from ..models import Dispute, Order
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


class OrdersToActOnPanel(Component):
    name = "orders_to_act_on"
    template_name = "payments/admin/orders_to_act_on_panel.html"
    order = 55  # above Stripe's refusals: money is at stake, with a deadline

    def __init__(self, disputes, warned):
        self.disputes, self.warned = disputes, warned

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["disputes"] = [
            (dispute, reverse("orders:inspect", args=[dispute.order_id])) for dispute in self.disputes
        ]
        context["warned"] = [(order, reverse("orders:inspect", args=[order.pk])) for order in self.warned]
        return context


def orders_to_act_on_panel():
    """The panel, when a dispute is open or a fraud warning waits (two queries; nothing said otherwise)."""
    disputes = list(
        Dispute.objects.filter(status__in=Dispute.OPEN)
        .select_related("order")
        .order_by("evidence_due_by", "pk")[:10]
    )
    warned = list(
        Order.objects.filter(
            fraud_warned_at__isnull=False, status__in=(Order.Status.PAID, Order.Status.PARTIALLY_REFUNDED)
        ).order_by("-fraud_warned_at")[:10]
    )
    return OrdersToActOnPanel(disputes, warned) if disputes or warned else None
