"""Money as each reader's language writes it: one function (courses/currencies.py, `money`) and its template
filter, with the currency's code where the language puts it and the currency's own decimals."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from courses.currencies import MINIMUM_PRICE, Currency, money, price_problem

NBSP = "\xa0"  # Django's Spanish groups thousands with a no-break space


@pytest.mark.parametrize(
    ("language", "amount", "currency", "shown"),
    [
        ("es", "12.5", "usd", "12,50 USD"),
        ("en", "12.5", "usd", "USD 12.50"),
        ("pt", "12.5", "usd", "USD 12,50"),
        ("es", "1234.5", "eur", f"1{NBSP}234,50 EUR"),
        ("en", "1234.5", "eur", "EUR 1,234.50"),
        ("pt", "1234.5", "eur", "EUR 1.234,50"),
        ("es", "150000", "pyg", f"150{NBSP}000 PYG"),  # no decimals: guaraníes have none
        ("en", "150000.00", "pyg", "PYG 150,000"),
        ("pt", "12000", "clp", "CLP 12.000"),
        ("es", "40000", "cop", f"40{NBSP}000,00 COP"),
        ("pt", "49.9", "brl", "BRL 49,90"),
        ("en", "0", "usd", "USD 0.00"),
    ],
)
def test_an_amount_is_written_as_the_readers_language_writes_it(language, amount, currency, shown):
    with translation.override(language):
        assert money(Decimal(amount), currency) == shown
        assert money(Decimal(amount), currency.upper()) == shown


def test_the_template_filter_is_the_same_function():
    template = Template("{% load money %}{{ amount|money:currency }}|{{ nothing|money:currency }}")
    for language, shown in [("es", "18,00 USD|"), ("en", "USD 18.00|"), ("pt", "USD 18,00|")]:
        with translation.override(language):
            assert template.render(Context({"amount": Decimal("18"), "currency": "usd"})) == shown


def test_every_currency_has_a_minimum_price_stripe_can_charge():
    assert set(MINIMUM_PRICE) == set(Currency.values)
    network = {"usd", "eur", "mxn", "brl", "cop", "pen", "gtq", "hnl", "nio", "crc", "dop", "pyg", "bob"}
    assert network | {"clp", "ars", "uyu"} <= set(Currency.values)
    for currency in Currency.values:
        assert price_problem(MINIMUM_PRICE[currency], currency) == "", currency


@pytest.mark.parametrize(
    ("price", "currency", "problem"),
    [
        ("0.49", "usd", "is USD 0.50"),
        ("9.99", "mxn", "is MXN 10.00"),
        ("7999", "pyg", "is PYG 8,000"),
        ("999", "clp", "is CLP 1,000"),
        ("8000.50", "pyg", "Prices in PYG are written without decimals."),
        ("1000000.00", "usd", "more than USD 999,999.99"),
        ("1000000.00", "cop", "more than COP 999,999.99"),
        ("100000000", "pyg", "more than PYG 99,999,999"),
    ],
)
def test_a_price_stripe_cannot_charge_is_explained(price, currency, problem):
    with translation.override("en"):
        assert problem in price_problem(Decimal(price), currency)
    assert price_problem(None, currency) == ""
