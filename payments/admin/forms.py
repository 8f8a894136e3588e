"""The refund form of an order's page."""

from decimal import Decimal

from django import forms
from django.core.validators import DecimalValidator, MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from courses import currencies
from courses.currencies import money

from ..models import Order


def refundable(order: Order) -> Decimal:
    return order.amount - order.amount_refunded


def can_be_refunded(order: Order) -> bool:
    """Whether there is money of this order at Stripe left to give back (the service checks it again)."""
    refundable_states = (Order.Status.PAID, Order.Status.PARTIALLY_REFUNDED, Order.Status.FLAGGED)
    return order.status in refundable_states and bool(order.payment_intent_id) and refundable(order) > 0


class AmountField(forms.DecimalField):
    """An amount written "2.50" or "2,50", whatever the language of the admin: coordinators in Latin America
    write a decimal comma, and an admin in English would otherwise refuse it."""

    def to_python(self, value):
        if isinstance(value, str) and "," in value and "." not in value:
            value = value.replace(",", ".")
        return super().to_python(value)


class RefundForm(forms.Form):
    amount = AmountField(
        label=_("Amount to refund"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    revoke = forms.BooleanField(
        label=_("Also withdraw access to the item"),
        required=False,
        help_text=_("For a partial refund: the buyer keeps the item unless this is ticked."),
    )
    # What had been refunded when the form was shown: a second submit of the same form (a double click, a
    # reload) finds more refunded by then and is refused, instead of refunding the amount again.
    seen_refunded = forms.DecimalField(
        required=False, widget=forms.HiddenInput, max_digits=10, decimal_places=2
    )
    # Sent by the confirmation page only: the order's page asks first (payments/admin/refund.py).
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=255,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For the record (the audit log and the order's refunds); the buyer does not see it."),
    )

    def __init__(self, *args, order: Order, **kwargs):
        super().__init__(*args, **kwargs)
        left = refundable(order)
        self.fields["seen_refunded"].initial = order.amount_refunded
        amount = self.fields["amount"]
        amount.max_value = left
        amount.validators.append(MaxValueValidator(left))
        if currencies.decimals(order.currency) == 0:
            # "150.000" guaraníes is refused, not read as 150: the currency has no decimals.
            amount.decimal_places = 0
            amount.validators = [
                validator
                for validator in amount.validators
                if not isinstance(validator, DecimalValidator | MinValueValidator)
            ] + [DecimalValidator(amount.max_digits, 0), MinValueValidator(Decimal(1))]
            amount.error_messages["max_decimal_places"] = _(
                "Amounts in %(currency)s are written without decimals."
            ) % {"currency": order.currency.upper()}
        amount.help_text = _(
            "Leave it empty to refund all that is left, %(left)s. A full refund always withdraws access."
        ) % {"left": money(left, order.currency)}
