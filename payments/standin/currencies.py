"""Stripe's rules for amounts in each currency, as the stand-in applies them to a Checkout Session.

Kept apart from the portal's own table (payments/minor_units.py, courses/currencies.py) on purpose: the
stand-in plays Stripe, so a portal that sends 5000 PYG as 500000 is caught by tests instead of agreeing with
itself. From Stripe's "Supported currencies" page: amounts are in the currency's minor unit, except for the
zero-decimal currencies (counted in whole units); an amount has at most eight digits; a few currencies are
two-decimal in the API but charged in whole units only (the amount a multiple of 100); and a charge must
reach the minimum of Stripe's table. A currency outside that table must convert to the minimum of the
account's settlement currency (0.50 USD), which needs the day's exchange rate: the stand-in does not check
those.
"""

from __future__ import annotations

from .errors import ApiError

# Counted in whole units: amount 1000 CLP is 1000 pesos, not 10.00.
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
# Charged in whole units although the API counts them with two decimals: the amount must divide by 100.
WHOLE_UNITS_IN_CENTS = frozenset({"isk", "huf", "twd", "ugx"})
# Stripe's table of minimum charges, in the minor unit.
MINIMUM_CHARGE = {
    "usd": 50,
    "aed": 200,
    "aud": 50,
    "bgn": 100,
    "brl": 50,
    "cad": 50,
    "chf": 50,
    "czk": 1500,
    "dkk": 250,
    "eur": 50,
    "gbp": 30,
    "hkd": 400,
    "huf": 17500,
    "inr": 50,
    "jpy": 50,
    "mxn": 1000,
    "myr": 200,
    "nok": 300,
    "nzd": 50,
    "pln": 200,
    "ron": 200,
    "sek": 300,
    "sgd": 50,
    "thb": 1000,
}
MAXIMUM_AMOUNT = 99_999_999


def written(amount: int, currency: str) -> str:
    """An amount in the minor unit as Stripe's messages write it: `0.50 usd`, `5000 pyg`."""
    if currency in ZERO_DECIMAL:
        return f"{amount} {currency}"
    return f"{amount / 100:.2f} {currency}"


def check_charge(amount: int, currency: str, param: str) -> None:
    """Refuse, as Stripe does, an amount it would not charge in this currency."""
    currency = currency.lower()
    if currency in WHOLE_UNITS_IN_CENTS and amount % 100:
        raise ApiError(
            400,
            f"Invalid amount. Currency {currency.upper()} is charged in whole units: amounts must be evenly "
            "divisible by 100.",
            code="invalid_charge_amount_no_decimal_compatible",
            param=param,
        )
    if amount > MAXIMUM_AMOUNT:
        raise ApiError(
            400,
            f"Amount must be no more than {written(MAXIMUM_AMOUNT, currency)}",
            code="amount_too_large",
            param=param,
        )
    minimum = MINIMUM_CHARGE.get(currency)
    if minimum is not None and amount < minimum:
        raise ApiError(
            400,
            f"The Checkout Session's total amount due must add up to at least {written(minimum, currency)}",
            code="amount_too_small",
            param=param,
        )
