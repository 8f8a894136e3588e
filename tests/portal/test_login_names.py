"""Login names of members without e-mail (portal/login_names.py): stored in one form, found however they
are typed."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from portal import login_names


@pytest.mark.parametrize(
    ("typed", "country", "stored", "shown"),
    [
        ("8888 7777", "NI", "+50588887777", "+505 8888 7777"),  # a local number: the country's code added
        ("+505 8888-7777", "PE", "+50588887777", "+505 8888 7777"),  # another country's, with its code
        ("912 345 678", "PE", "+51912345678", "+51 912 345 678"),
        ("(01) 555-1234", "PE", "+5115551234", "+51 1 5551234"),
        ("  José.Pérez ", "PE", "jose.perez", "jose.perez"),
        ("Maria_Quispe-2", "BO", "maria_quispe-2", "maria_quispe-2"),
    ],
)
def test_a_login_name_is_stored_in_one_form(typed, country, stored, shown):
    assert login_names.normalise(typed, country=country) == stored
    assert login_names.display(stored) == shown


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("12 34", "phone number"),  # digits are read as a phone number, and these are too few
        ("8888 777", "phone number"),  # a digit short for Nicaragua
        ("juan@coop.example", "user name"),  # would be taken for an e-mail address
        ("jo", "user name"),
        ("juan perez", "user name"),
        ("", "user name"),
    ],
)
def test_what_is_not_a_login_name_is_refused_with_a_reason(typed, says):
    with override("en"):
        with pytest.raises(ValidationError) as refused:
            login_names.normalise(typed, country="NI")
        assert says in refused.value.messages[0]


@pytest.mark.parametrize("typed", ["+505 8888 7777", "50588887777", "+505-8888-7777", " +50588887777 "])
def test_a_phone_number_is_found_with_its_country_code_however_it_is_grouped(typed):
    assert login_names.as_typed_at_sign_in(typed) == "+50588887777"


def test_a_user_name_is_found_whatever_its_capitals_and_accents():
    assert login_names.as_typed_at_sign_in("JOSÉ.Pérez") == "jose.perez"


def test_what_cannot_be_read_is_kept_as_typed_and_matches_no_one():
    assert login_names.as_typed_at_sign_in("8888 7777") == "8888 7777"  # no country code: no guess
