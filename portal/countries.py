"""Countries: the list people choose from (the network's countries first), their names in the reader's
language, and the matching of country names typed as free text before the list existed.

Countries are stored as ISO 3166-1 alpha-2 codes (django-countries' `CountryField`), so that "México",
"Mexico" and "mexico" are one country in the reports, named in each reader's language.
"""

from __future__ import annotations

import unicodedata

from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django_countries import Countries
from django_countries import countries as all_countries

# Latin America and the Caribbean, the network's region (the 33 countries of the region in UN terms).
NETWORK = (
    "AG", "AR", "BB", "BO", "BR", "BS", "BZ", "CL", "CO", "CR", "CU", "DM", "DO", "EC", "GD", "GT", "GY",
    "HN", "HT", "JM", "KN", "LC", "MX", "NI", "PA", "PE", "PY", "SR", "SV", "TT", "UY", "VC", "VE",
)  # fmt: skip

# Country names that django-countries' own catalogue gets wrong in a language the portal speaks; named here so
# that the portal's catalogue keeps its correction (portal/locale wins over the package's catalogue).
CATALOGUE_CORRECTIONS = (
    gettext_noop("Trinidad and Tobago"),  # Spanish: the package writes "Trinidad yTobago"
)

# Names people write that none of the three languages' official names match.
ALIASES = {
    "bolivia plurinational state of": "BO",
    "estado plurinacional de bolivia": "BO",
    "republica dominicana": "DO",
    "rep dominicana": "DO",
    "venezuela republica bolivariana de": "VE",
    "usa": "US",
    "eeuu": "US",
    "ee uu": "US",
    "estados unidos de america": "US",
    "eua": "US",
    "holanda": "NL",
    "inglaterra": "GB",
    "reino unido": "GB",
}


class NetworkCountries(Countries):
    """Every country, the network's first (in the reader's alphabetical order), then a line, then the
    others; names in the reader's language."""

    first = list(NETWORK)
    first_sort = True
    first_repeat = False
    first_break = "──────────"


def country_name(value) -> str:
    """The name of a country code in the current language; text that is not a code (recorded before the
    list existed and matching no country) as it is; "" for nothing."""
    code = str(value or "").strip()
    if len(code) == 2 and code.upper() in all_countries:
        return str(all_countries.name(code.upper()))
    return code


def country_label(code, as_written: str = "") -> str:
    """A record's country for coordinators: its name; when a country typed before the list matched none,
    what was typed, marked as such; "" when there is neither."""
    if str(code or ""):
        return country_name(code)
    if as_written:
        return gettext("%(text)s (as written: choose a country)") % {"text": as_written}
    return ""


def country_choices(values) -> list[tuple[str, str]]:
    """(code, name) of these country codes, by name in the reader's language: a filter's choices."""
    named = {(str(value), country_name(value)) for value in values if str(value or "")}
    return sorted(named, key=lambda pair: _simple(pair[1]))


def _simple(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: "  Perú." → "peru"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join("".join(char if char.isalnum() else " " for char in text).split())


def _names() -> dict[str, str]:
    """Every simplified name of every country in the portal's languages (and Brazil's and Portugal's
    Portuguese), its alpha-2 and alpha-3 codes → the alpha-2 code."""
    names = {}
    for language in ("en", "es", "pt-br", "pt"):
        with translation.override(language):
            for code, name in all_countries:
                names.setdefault(_simple(str(name)), code)
    for code, _name in all_countries:
        names.setdefault(code.lower(), code)
        alpha3 = all_countries.alpha3(code)
        if alpha3:
            names.setdefault(alpha3.lower(), code)
    return {**names, **ALIASES}


def code_for(text: str) -> str:
    """The country code a free-text country names, or "" when it names none (or several)."""
    simple = _simple(text or "")
    return _names().get(simple, "") if simple else ""
