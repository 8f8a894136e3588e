"""Amounts as Stripe's API counts them: whole numbers of the currency's minor unit.

The portal keeps amounts as Decimals in the order's currency; Stripe takes and reports integers. 12.50 USD is
1250 (cents), but 5000 PYG is 5000: Stripe's zero-decimal currencies are counted in whole units, and
multiplying them by 100 would charge the buyer a hundred times the price. The Stripe seam
(payments/gateway.py) converts what it sends; fulfilment and refunds convert what Stripe reports, with the
currency Stripe reports it in.

From Stripe's "Supported currencies" page: the zero-decimal currencies, and the three-decimal ones (sent
×1000, the last digit 0). Its special cases (ISK, HUF, TWD and UGX, two-decimal in the API but charged in
whole units) are not sold by the portal: `to_minor` refuses them, and the other three-decimal currencies,
rather than guess; a currency added to courses/currencies.py that needs them fails its tests until this
module learns its rule.
"""

from __future__ import annotations

from decimal import Decimal

# Counted in whole units: 5000 PYG is 5000.
ZERO_DECIMAL = frozenset(
    {
        "bif",
        "clp",
        "djf",
        "gnf",
        "jpy",
        "kmf",
        "krw",
        "mga",
        "pyg",
        "rwf",
        "ugx",
        "vnd",
        "vuv",
        "xaf",
        "xof",
        "xpf",
    }
)
# Counted in thousandths, the last digit 0 (not sold by the portal).
THREE_DECIMAL = frozenset({"bhd", "jod", "kwd", "omr", "tnd"})
# Two-decimal in the API but charged in whole units only (not sold by the portal).
SPECIAL_CASES = frozenset({"isk", "huf", "twd", "ugx"})
CENT = Decimal("0.01")


def exponent(currency: str) -> int:
    """How many decimals Stripe's amounts in this currency hold: 1250 USD cents are 10**2 per dollar."""
    currency = currency.lower()
    if currency in ZERO_DECIMAL:
        return 0
    return 3 if currency in THREE_DECIMAL else 2


def to_minor(amount: Decimal, currency: str) -> int:
    """The amount as Stripe takes it: 12.50 USD → 1250, 5000 PYG → 5000. Raises ValueError for an amount
    the currency cannot hold (5000.50 PYG), never rounding money away, and for a currency whose special rule
    the portal does not know."""
    if currency.lower() in SPECIAL_CASES | THREE_DECIMAL:
        raise ValueError(f"Amounts in {currency.upper()} follow a rule of Stripe's the portal does not apply")
    minor = Decimal(amount).scaleb(exponent(currency))
    if minor != minor.to_integral_value():
        raise ValueError(f"{amount} {currency.upper()} is not a whole number of the currency's minor unit")
    return int(minor)


def from_minor(amount: int, currency: str) -> Decimal:
    """An amount Stripe reports, as the portal keeps it (two decimal places): 1250 USD → 12.50, 5000 PYG →
    5000.00."""
    return Decimal(amount).scaleb(-exponent(currency)).quantize(CENT)
