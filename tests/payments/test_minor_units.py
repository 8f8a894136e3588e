"""Amounts as Stripe counts them: cents for two-decimal currencies, whole units for zero-decimal ones."""

from decimal import Decimal

import pytest

from courses.currencies import Currency
from payments import minor_units


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        ("12.50", "usd", 1250),
        ("0.50", "eur", 50),
        ("49.90", "brl", 4990),
        ("40000.00", "cop", 4000000),
        ("999999.99", "mxn", 99999999),
        ("5000", "pyg", 5000),  # zero-decimal: sent as written, not as 500000
        ("5000.00", "pyg", 5000),  # as an order keeps it (two decimal places)
        ("12000", "clp", 12000),
        ("99999999", "pyg", 99999999),
    ],
)
def test_an_amount_goes_to_stripe_in_the_currencys_minor_unit_and_back(amount, currency, minor):
    assert minor_units.to_minor(Decimal(amount), currency) == minor
    assert minor_units.from_minor(minor, currency) == Decimal(amount)
    assert minor_units.from_minor(minor, currency.upper()) == Decimal(amount)  # as Stripe may write it


def test_every_currency_of_the_portal_converts_as_stripe_counts_it():
    for currency in Currency.values:
        expected = 1 if currency in {"pyg", "clp"} else 100
        assert minor_units.to_minor(Decimal(1), currency) == expected, currency


@pytest.mark.parametrize(
    ("amount", "currency"),
    [("5000.50", "pyg"), ("0.5", "clp"), ("12.505", "usd")],
)
def test_an_amount_the_currency_cannot_hold_is_refused_never_rounded(amount, currency):
    with pytest.raises(ValueError, match="minor unit"):
        minor_units.to_minor(Decimal(amount), currency)


@pytest.mark.parametrize("currency", ["isk", "huf", "twd", "ugx", "kwd"])
def test_currencies_with_a_special_rule_of_stripes_are_refused_rather_than_guessed(currency):
    with pytest.raises(ValueError, match="rule"):
        minor_units.to_minor(Decimal(100), currency)
