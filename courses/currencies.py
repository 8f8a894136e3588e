"""The currencies items are sold in: each one's decimals, the prices Stripe can charge in it, and the one way
the portal writes an amount of money for a reader (`money`).

Shared words, like the access levels beside them (courses/levels.py): the editor's form refuses a price
Stripe would refuse (`price_problem`), and every screen, e-mail and report that shows money (courses' and
payments') writes it with `money`, in Python or through the `money` template filter
(courses/templatetags/money.py). How an amount is sent to Stripe, in the currency's minor unit, is the
Stripe seam's business (payments/minor_units.py).

How an amount is written. Babel is not installed, so the number is Django's (`number_format` in the
reader's language: decimal comma in Spanish and Portuguese, point in English; digits grouped by thousands)
with as many decimals as the currency has (none for the Paraguayan guaraní and the Chilean peso: "5.000
PYG", never "5.000,00 PYG"). The currency is named by its ISO code, never a symbol: "$" is the sign of the
dollar and of the Mexican, Colombian, Chilean, Argentine and Uruguayan pesos alike, and the network's readers
see prices in all of them. The code goes where the Unicode CLDR puts it for each of the portal's languages:
after the number in Spanish ("12,50 USD"), before it in Portuguese ("USD 12,50") and English ("USD 12.50").
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _


class Currency(models.TextChoices):
    """The dollar and the euro, then the currencies of the network's countries, by code."""

    USD = "usd", _("USD · US dollar")
    EUR = "eur", _("EUR · euro")
    ARS = "ars", _("ARS · Argentine peso")
    BOB = "bob", _("BOB · Bolivian boliviano")
    BRL = "brl", _("BRL · Brazilian real")
    CLP = "clp", _("CLP · Chilean peso")
    COP = "cop", _("COP · Colombian peso")
    CRC = "crc", _("CRC · Costa Rican colón")
    DOP = "dop", _("DOP · Dominican peso")
    GTQ = "gtq", _("GTQ · Guatemalan quetzal")
    HNL = "hnl", _("HNL · Honduran lempira")
    MXN = "mxn", _("MXN · Mexican peso")
    NIO = "nio", _("NIO · Nicaraguan córdoba")
    PEN = "pen", _("PEN · Peruvian sol")
    PYG = "pyg", _("PYG · Paraguayan guaraní")
    UYU = "uyu", _("UYU · Uruguayan peso")


# Currencies without decimals (ISO 4217's minor unit is 0, and Stripe counts them in whole units too); every
# other currency of the list has two.
WHOLE_UNITS = frozenset({"clp", "pyg"})

# The smallest price an editor may set. Stripe refuses a charge under its minimum: 0.50 in USD, EUR and BRL
# and 10.00 in MXN, from its documented table ("Minimum and maximum charge amounts"); a currency outside that
# table must be worth at least the minimum of the account's settlement currency (0.50 USD) once Stripe
# converts it, at the day's rate. For those the minimum here is a round amount worth about 1 USD when this
# table was written, twice Stripe's, so that a published price does not become unpayable when the exchange
# rate moves. Revise it if a currency loses much of its value (the Argentine peso first).
MINIMUM_PRICE = {
    "usd": Decimal("0.50"),
    "eur": Decimal("0.50"),
    "brl": Decimal("0.50"),
    "mxn": Decimal("10.00"),
    "ars": Decimal("2000"),
    "bob": Decimal("7.00"),
    "clp": Decimal("1000"),
    "cop": Decimal("4000.00"),
    "crc": Decimal("500.00"),
    "dop": Decimal("60.00"),
    "gtq": Decimal("8.00"),
    "hnl": Decimal("30.00"),
    "nio": Decimal("40.00"),
    "pen": Decimal("4.00"),
    "pyg": Decimal("8000"),
    "uyu": Decimal("40.00"),
}

# Stripe takes amounts of up to eight digits in the minor unit: 999,999.99 in a two-decimal currency,
# 99,999,999 in a currency without decimals.
MAXIMUM_MINOR_UNITS = 99_999_999

# Where each language puts the currency's code (see the module's docstring).
CODE_FIRST = {"es": False, "pt": True, "en": True}


def decimals(currency: str) -> int:
    """How many decimals an amount in this currency has: 0 or 2."""
    return 0 if currency.lower() in WHOLE_UNITS else 2


def smallest_amount(currency: str) -> Decimal:
    """The currency's smallest amount: 0.01, or 1 for a currency without decimals."""
    return Decimal(1).scaleb(-decimals(currency))


def maximum_price(currency: str) -> Decimal:
    return Decimal(MAXIMUM_MINOR_UNITS).scaleb(-decimals(currency))


def money(amount, currency: str) -> str:
    """An amount as the reader's language writes it, with the currency's code: "12,50 USD" in Spanish,
    "USD 12,50" in Portuguese, "USD 12.50" in English, "5.000 PYG" (Spanish, no decimals). Empty for no
    amount. THE way the portal shows money: every template, e-mail and report goes through it."""
    if amount is None or amount == "":
        return ""
    code = str(currency).upper()
    places = decimals(code)
    try:
        value = Decimal(amount).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        return f"{amount} {code}"
    figure = number_format(value, places, use_l10n=True, force_grouping=True)
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return f"{code} {figure}" if CODE_FIRST.get(language, True) else f"{figure} {code}"


def price_problem(price: Decimal | None, currency: str) -> str:
    """Why Stripe could not charge this price in this currency, in the editor's words; "" when it can."""
    if price is None or not currency:
        return ""
    if price != price.quantize(smallest_amount(currency)):
        message = gettext("Prices in %(currency)s are written without decimals.")
        return message % {"currency": currency.upper()}
    minimum = MINIMUM_PRICE.get(currency.lower(), Decimal("0.50"))
    if price < minimum:
        return gettext(
            "The lowest price that can be charged in this currency is %(minimum)s (Stripe's minimum charge): "
            "set at least that, or choose another currency."
        ) % {"minimum": money(minimum, currency)}
    if price > maximum_price(currency):
        return gettext("Stripe cannot charge more than %(maximum)s in one payment.") % {
            "maximum": money(maximum_price(currency), currency)
        }
    return ""
