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
from .stripe_words import (
    DISPUTE_REASONS,
    DISPUTE_STATUSES,
    FRAUD_TYPES,
    REFUND_FAILURE_REASONS,
    REFUND_STATUSES,
)

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
        # The buyer's bank disputes the payment (a chargeback): the money is held by Stripe, the item
        # withdrawn, until the dispute closes (payments/disputes.py).
        DISPUTED = "disputed", _("Disputed by the buyer's bank")
        CHARGED_BACK = "charged_back", _("Lost in a dispute")

    reference = models.CharField(_("reference"), max_length=20, unique=True, default=new_reference)
    # Empty once the buyer erased their account (payments/privacy/erasure.py): the order stays for the
    # accounts, with the invoice's own copy of who it was for.
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("buyer"),
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
    # The largest refunded total that Stripe's `charge.refunded` has reported for the order's payment. The
    # refunds themselves may arrive later (a refund made in Stripe's dashboard), and one may fail after it
    # was counted: `payments.refunds` works out `amount_refunded` from the refunds and this figure.
    charge_refunded_reported = models.DecimalField(
        _("refunded total reported on the charge"), max_digits=8, decimal_places=2, default=Decimal("0")
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

    # Stripe's early fraud warning (Radar): the card's issuer reports the payment as fraudulent, which often
    # becomes a dispute. The order keeps its access; the coordinators decide (a refund in one click).
    fraud_warned_at = models.DateTimeField(_("early fraud warning on"), null=True, blank=True)
    fraud_type = models.CharField(_("kind of fraud reported"), max_length=60, blank=True)

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

    @property
    def dispute_withholds_access(self) -> bool:
        """Whether a dispute keeps the item from the buyer: open, or lost. Nothing else gives it back."""
        return self.status in (Order.Status.DISPUTED, Order.Status.CHARGED_BACK)

    @property
    def fraud_type_label(self) -> str:
        return FRAUD_TYPES.get(self.fraud_type, self.fraud_type)

    @property
    def fraud_warning_open(self) -> bool:
        """An early fraud warning with the money still to give back: the coordinators are to decide."""
        return self.fraud_warned_at is not None and self.status in (
            Order.Status.PAID,
            Order.Status.PARTIALLY_REFUNDED,
        )


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

    # --- a refund of a second payment for the same order, and a refund that failed after it was made ---
    # A second payment for an order already paid is refunded whole, automatically: it is not money of the
    # order (its refund changes neither the order's refunded amount nor its access).
    second_payment = models.BooleanField(_("refund of a second payment"), default=False)
    # Whether applying this refund withdrew the item: if the refund fails, the access comes back only then.
    withdrew_access = models.BooleanField(_("withdrew the access"), default=False)
    failure_reason = models.CharField(_("why it failed"), max_length=60, blank=True)
    failed_at = models.DateTimeField(_("failed on"), null=True, blank=True)
    # When the coordinators and the buyer were told that the refund failed; told once.
    failure_notified_at = models.DateTimeField(_("failure told on"), null=True, blank=True)

    SUCCEEDED = "succeeded"  # the money is on its way back: the buyer is told
    # Refunds that give (or will give) money back; failed and cancelled ones do not count.
    COUNTED = ("pending", "requires_action", "succeeded")
    # The money never reached the buyer (the card was closed, say): it is back on the Stripe account. Final.
    FAILED = ("failed", "canceled")

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.order.reference} · {self.amount} · {self.status}"

    @property
    def has_failed(self) -> bool:
        return self.status in self.FAILED

    @property
    def status_label(self) -> str:
        """Where the refund stands at Stripe, in words for its readers."""
        return REFUND_STATUSES.get(self.status, self.status)

    @property
    def failure_reason_label(self) -> str:
        """Why the refund failed, as Stripe says it (`failure_reason`), in words for its readers."""
        if self.failure_reason in REFUND_FAILURE_REASONS:
            return REFUND_FAILURE_REASONS[self.failure_reason]
        if self.status == "canceled":
            return _("it was cancelled before it was completed")
        return _("Stripe did not say why")


class Dispute(models.Model):
    """A chargeback: the buyer's bank disputes a payment of the order, and Stripe takes the money back until
    the dispute is decided (`payments.disputes`). Won, the money and the item come back; lost, both stay
    gone."""

    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="disputes", verbose_name=_("order")
    )
    stripe_id = models.CharField(_("Stripe dispute"), max_length=255, unique=True)
    amount = models.DecimalField(_("amount disputed"), max_digits=10, decimal_places=2)
    reason = models.CharField(_("reason given by the bank"), max_length=60, blank=True)
    status = models.CharField(_("status at Stripe"), max_length=30)
    evidence_due_by = models.DateTimeField(_("evidence due by"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened on"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    funds_withdrawn_at = models.DateTimeField(_("money taken by Stripe on"), null=True, blank=True)
    funds_reinstated_at = models.DateTimeField(_("money given back on"), null=True, blank=True)
    # What the order was before the dispute, and whether the dispute withdrew the item: a dispute won
    # gives back exactly that.
    order_status_before = models.CharField(_("order status before"), max_length=20, blank=True)
    withdrew_access = models.BooleanField(_("withdrew the access"), default=False)
    # Of a second payment for the order (refunded automatically), not of the payment that settled it.
    second_payment = models.BooleanField(_("dispute of a second payment"), default=False)
    # When the coordinators were told of it (with the evidence due date); told once.
    coordinators_notified_at = models.DateTimeField(_("coordinators told on"), null=True, blank=True)

    OPEN = ("warning_needs_response", "warning_under_review", "needs_response", "under_review")
    # An inquiry closed without a chargeback ("warning_closed") ends as a dispute won does.
    WON = ("won", "warning_closed", "prevented")
    LOST = "lost"

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-opened_at"]

    def __str__(self):
        return f"{self.order.reference} · {self.stripe_id} · {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def status_label(self) -> str:
        return DISPUTE_STATUSES.get(self.status, self.status)

    @property
    def reason_label(self) -> str:
        return DISPUTE_REASONS.get(self.reason, self.reason)


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


class StripeRefusal(models.Model):
    """A request that Stripe refused for good: a validation, authentication or permission error (a
    currency the account does not support, a revoked key...). Asking again changes nothing until someone
    changes the Stripe account or the portal's settings, so the coordinators see it on the admin
    dashboard. The same refusal is counted on one row, with the last order it happened to."""

    # The refusal's identity (what was asked, and Stripe's type, code, parameter and message), hashed.
    fingerprint = models.CharField(max_length=64, unique=True, editable=False)
    operation = models.CharField(_("what the portal asked"), max_length=100)
    kind = models.CharField(_("type of error"), max_length=60)
    code = models.CharField(_("code"), max_length=100, blank=True)
    param = models.CharField(_("parameter"), max_length=255, blank=True)
    message = models.TextField(_("Stripe's message"))
    order = models.ForeignKey(
        Order,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("last order concerned"),
    )
    count = models.PositiveIntegerField(_("times"), default=1)
    first_seen_at = models.DateTimeField(_("first on"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last on"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("refusal by Stripe")
        verbose_name_plural = _("refusals by Stripe")
        ordering = ["-last_seen_at"]

    def __str__(self):
        return f"{self.operation} · {self.kind} · {self.message[:80]}"
