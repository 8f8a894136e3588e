"""Orders of paid courses and materials, their refunds, and the Stripe events received about them.

An order is the record of one purchase: who bought what, at which price and currency (taken from the item on
the server when the order was made, never from the browser), under which licence version. Its state moves
only through `payments.checkout`, `payments.fulfilment` and `payments.refunds`, driven by signed Stripe
events and by coordinators' refunds.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.currencies import Currency

from . import minor_units

# Crockford's base 32 without the letters people misread (I, L, O, U): references are read out on the phone.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    """A public order reference such as CL-2026-7KQ4MZ: short, unguessable, and dated for the accounts."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"CL-{timezone.localdate().year}-{code}"


class OrderQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Order.Status.PENDING)

    def purchases(self):
        """What a buyer sees as their purchases: everything but checkouts abandoned before paying."""
        return self.exclude(status=Order.Status.EXPIRED)


class Order(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for payment")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Payment failed")
        EXPIRED = "expired", _("Checkout expired")
        REFUNDED = "refunded", _("Refunded")
        PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
        FLAGGED = "flagged", _("Under review")

    reference = models.CharField(_("reference"), max_length=20, unique=True, default=new_reference)
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders", verbose_name=_("buyer")
    )
    # The item may be deleted one day; the order stays, with the title it was sold under.
    item = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("course or material"),
    )
    item_title = models.CharField(_("title of the item"), max_length=255)
    # Ten digits like the items' prices (courses/access/models.py): the largest charge Stripe takes in a
    # currency without decimals, 99,999,999 PYG, fits.
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    licence = models.ForeignKey(
        "courses.Licence",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("licence version accepted"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    flag_reason = models.TextField(_("why it is under review"), blank=True)

    stripe_session_id = models.CharField(
        _("Stripe Checkout Session"), max_length=255, unique=True, null=True, blank=True
    )
    checkout_url = models.URLField(_("checkout address"), max_length=1000, blank=True)
    session_expires_at = models.DateTimeField(_("checkout expires on"), null=True, blank=True)
    # Each new Checkout Session for the order (after one expired) is an attempt with its own idempotency key.
    attempt = models.PositiveSmallIntegerField(_("checkout attempt"), default=1)
    payment_intent_id = models.CharField(_("Stripe PaymentIntent"), max_length=255, blank=True, db_index=True)
    amount_refunded = models.DecimalField(
        _("amount refunded"), max_digits=10, decimal_places=2, default=Decimal("0")
    )

    created_at = models.DateTimeField(_("created on"), default=timezone.now)
    paid_at = models.DateTimeField(_("paid on"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("refunded on"), null=True, blank=True)
    receipt_sent_at = models.DateTimeField(_("receipt sent on"), null=True, blank=True)

    # Delayed payment methods (a bank debit, a cash voucher such as OXXO, a boleto): the buyer completed the
    # checkout but the money comes days later, or never. The order stays pending meanwhile (one open order
    # per buyer and item, checked by the reconciliation), without a checkout to go back to.
    delayed_payment_since = models.DateTimeField(
        _("waiting for a delayed payment since"), null=True, blank=True
    )
    # When the buyer was told that their delayed payment failed; told once.
    failure_notice_sent_at = models.DateTimeField(_("failure notice sent on"), null=True, blank=True)

    # Who the invoice is for, as Stripe Checkout collected it when the order was paid (read from the
    # session by payments/billing.py): institutions are reimbursed only against an invoice in their name.
    buyer_name = models.CharField(_("name given at checkout"), max_length=300, blank=True)
    buyer_organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    # Stripe's [{"type": "pe_ruc", "value": "20123456789"}]; Checkout collects one, the API allows more.
    buyer_tax_ids = models.JSONField(_("tax IDs"), default=list, blank=True)
    # Stripe's address: line1, line2, postal_code, city, state, country (any of them may be missing).
    buyer_address = models.JSONField(_("billing address"), default=dict, blank=True)
    # The tax Stripe counted inside the amount (automatic tax, prices tax-inclusive); 0 when it counts none.
    amount_tax = models.DecimalField(_("of which tax"), max_digits=8, decimal_places=2, default=Decimal("0"))
    # The invoice Checkout made after the payment; its links are asked of Stripe when opened (they expire).
    stripe_invoice_id = models.CharField(_("Stripe invoice"), max_length=255, blank=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at"]
        # Giving money back is a coordinator's decision of its own, apart from reading orders ("view").
        permissions = [("refund_order", _("Can refund orders"))]
        constraints = [
            # A second click while a checkout is open reuses the open order.
            models.UniqueConstraint(
                fields=["buyer", "item"],
                condition=Q(status="pending"),
                name="one_open_order_per_buyer_and_item",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="order_amount_positive"),
        ]

    def __str__(self):
        return f"{self.reference} · {self.item_title}"

    @property
    def amount_minor(self) -> int:
        """The amount as Stripe counts it, in the currency's minor unit (cents; whole guaraníes)."""
        return minor_units.to_minor(self.amount, self.currency)

    @property
    def awaits_delayed_payment(self) -> bool:
        """Whether the buyer has paid with a method confirmed later, and the confirmation has not come."""
        return self.status == Order.Status.PENDING and self.delayed_payment_since is not None

    @property
    def is_settled(self) -> bool:
        """Whether the money has arrived (whatever happened after)."""
        return self.paid_at is not None


class Refund(models.Model):
    """One refund of an order, made by a coordinator here or in Stripe's dashboard."""

    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("order")
    )
    stripe_id = models.CharField(_("Stripe refund"), max_length=255, unique=True)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    status = models.CharField(_("status at Stripe"), max_length=30)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("refunded by"),
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now)
    # When the buyer was told by e-mail that this refund is done (Stripe says "succeeded"); told once.
    buyer_notified_at = models.DateTimeField(_("buyer told on"), null=True, blank=True)

    SUCCEEDED = "succeeded"  # the money is on its way back: the buyer is told
    # Refunds that give (or will give) money back; failed and cancelled ones do not count.
    COUNTED = ("pending", "requires_action", "succeeded")

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.order.reference} · {self.amount} · {self.status}"


class StripeEvent(models.Model):
    """A webhook event, stored once by its Stripe id with its payload; when (and whether) it was processed."""

    stripe_id = models.CharField(_("Stripe event"), max_length=255, unique=True)
    type = models.CharField(_("type"), max_length=100, db_index=True)
    payload = models.JSONField(_("payload"))
    received_at = models.DateTimeField(_("received on"), default=timezone.now)
    processed_at = models.DateTimeField(_("processed on"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("processing attempts"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.type} · {self.stripe_id}"
