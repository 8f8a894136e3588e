"""Login names: how a member without e-mail signs in, with a user name or a phone number.

A login name is stored in one form, so that it is found however it is typed:
- a phone number in international form (E.164: "+50588887777"). A manager may type it as people write it
  locally ("8888 7777"): the organisation's country supplies the country code, and the number is checked
  against that country's numbering plan (the phonenumbers library, Google's libphonenumber). It is shown
  grouped ("+505 8888 7777") on the card and the screens;
- a user name in lower case, without accents: letters, digits, dots, hyphens and underscores, starting with
  a letter ("José.Pérez" is stored, and found, as "jose.perez"). It never holds "@", so that allauth never
  takes it for an e-mail address, and never starts with a digit or "+", so that it is never a phone number.

Whatever is typed at sign-in goes through `as_typed_at_sign_in`, which reads it the same way without
failing: a number must then carry its country code, as the card prints it.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 40
USER_NAME = re.compile(r"[a-z][a-z0-9._-]{2,39}")
# Digits with the separators people write between them, an optional "+" first: a phone number.
PHONE_LIKE = re.compile(r"\+?[0-9(][0-9 ().\-/]{4,}")

NOT_A_LOGIN_NAME = _(
    "Write a user name (at least 3 letters, digits, dots or hyphens, starting with a letter) or a phone "
    "number."
)
NOT_A_PHONE_NUMBER = _(
    "This is not a valid phone number for the organisation's country. Write it with its country code if "
    "it is from another country, for example +505 8888 7777."
)


def normalise(text: str, *, country: str | None = None) -> str:
    """The stored form of a login name typed by a manager; `country` (ISO code) reads local numbers.
    Raises ValidationError with a message for the manager."""
    text = (text or "").strip()
    if PHONE_LIKE.fullmatch(text):
        number = _phone_number(text, country)
        if number is None:
            raise ValidationError(NOT_A_PHONE_NUMBER, code="phone")
        return number
    name = _plain(text)
    if not USER_NAME.fullmatch(name):
        raise ValidationError(NOT_A_LOGIN_NAME, code="login_name")
    return name


def as_typed_at_sign_in(text: str) -> str:
    """What was typed in the sign-in form, in the stored form if it can be read as a login name; as typed
    otherwise (it then matches no one). A number without "+" is read as one with its country code."""
    text = (text or "").strip()
    if PHONE_LIKE.fullmatch(text):
        digits = text if text.startswith("+") else "+" + text
        return _phone_number(digits, None) or text
    return _plain(text)


def is_phone(login_name: str | None) -> bool:
    return bool(login_name) and login_name.startswith("+")


def display(login_name: str | None) -> str:
    """A login name as people read it: a phone number grouped the international way."""
    if not is_phone(login_name):
        return login_name or ""
    try:
        number = phonenumbers.parse(login_name, None)
    except phonenumbers.NumberParseException:
        return login_name
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _phone_number(text: str, country: str | None) -> str | None:
    try:
        number = phonenumbers.parse(text, (country or "").upper() or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _plain(text: str) -> str:
    """Lower case without accents: "José.Pérez" → "jose.perez"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
