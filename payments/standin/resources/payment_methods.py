"""The payment methods a Checkout Session offers: the card, and in some currencies a method whose payment
is confirmed days later (a bank debit, a cash voucher such as OXXO, a bank slip such as a boleto), the one
Stripe Checkout offers for that currency. See delayed_payments.py for how such a payment goes."""

from __future__ import annotations

# Currency -> the delayed method Stripe offers for it, and the name a buyer knows it by (not translated).
DELAYED_METHODS = {
    "usd": ("us_bank_account", "ACH Direct Debit"),
    "eur": ("sepa_debit", "SEPA Direct Debit"),
    "mxn": ("oxxo", "OXXO"),
    "brl": ("boleto", "Boleto"),
}


def method_types(currency: str) -> list[str]:
    """A session's `payment_method_types` for this currency: the card, and the delayed method if any."""
    delayed = DELAYED_METHODS.get(currency)
    return ["card", delayed[0]] if delayed else ["card"]


def delayed_method(session: dict) -> tuple[str, str] | None:
    """The delayed method a session can be paid with (its type and its name), or None."""
    delayed = DELAYED_METHODS.get(session["currency"])
    return delayed if delayed and delayed[0] in session["payment_method_types"] else None
