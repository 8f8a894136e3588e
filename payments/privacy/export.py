"""What payments/ holds about a person, as sections of their data export (portal/privacy/export.py): their
orders, with the billing details given at checkout, and the refunds of them.

Registered from `PaymentsConfig.ready()`. Stripe's own identifiers and the checkout address are left out:
they are the portal's bookkeeping with Stripe, and the order's reference names each order."""

from django.utils.translation import gettext_lazy as _

from portal.privacy.export import Section, register

from ..models import Order, Refund


def register_sections() -> None:
    register(
        Section(
            key="orders",
            title=_("Your orders"),
            model=Order,
            fields=(
                "id", "reference", "item_title", "amount", "currency", "amount_tax", "status", "created_at",
                "paid_at", "amount_refunded", "refunded_at", "buyer_name", "buyer_organisation",
                "buyer_tax_ids", "buyer_address",
            ),
            queryset=lambda user: Order.objects.filter(buyer=user).order_by("created_at", "pk"),
        )
    )  # fmt: skip
    register(
        Section(
            key="refunds",
            title=_("Refunds of your orders"),
            model=Refund,
            fields=("id", "order__reference", "amount", "status", "reason", "created_at", "failed_at"),
            queryset=lambda user: Refund.objects.filter(order__buyer=user).order_by("created_at", "pk"),
            labels={"order__reference": _("order")},
        )
    )
