"""The licence rules (courses/licensing/rules.py) on their own: ceilings, sale, end dates, problems,
attribution."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from courses.licensing import changes as licensing_changes
from courses.licensing import rules as licensing
from courses.models import AccessLevel, Contributor, Licence, MaterialContributor, Role

from .. import factories

TODAY = datetime.date(2026, 11, 23)
YESTERDAY = TODAY - datetime.timedelta(days=1)


def licence(**fields):
    defaults = {"code": "X", "name": "Convenio X", "label": "X", "widest_level": AccessLevel.PUBLIC}
    return Licence(**{**defaults, **fields})


def credits(*pairs):
    return [MaterialContributor(contributor=Contributor(name=name), role=role) for name, role in pairs]


def test_no_licence_sets_no_ceiling_and_allows_sale():
    assert licensing.widest_level(None, TODAY) is None
    assert licensing.may_sell(None, TODAY)
    assert licensing.narrower(AccessLevel.PUBLIC, None) == AccessLevel.PUBLIC


@pytest.mark.parametrize(
    ("level", "ceiling", "effective"),
    [
        ("public", "members", "members"),
        ("members", "public", "members"),
        ("registered", "authorised", "authorised"),
        ("authorised", "registered", "authorised"),
    ],
)
def test_the_effective_level_is_the_narrower_one(level, ceiling, effective):
    assert licensing.narrower(level, ceiling) == effective


def test_an_agreement_covers_its_last_day_and_narrows_to_members_the_day_after():
    agreement = licence(widest_level=AccessLevel.AUTHORISED, agreement_ends=TODAY)

    assert (licensing.widest_level(agreement, TODAY), licensing.may_sell(agreement, TODAY)) == (
        "authorised",
        True,
    )
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert licensing.has_ended(agreement, tomorrow)
    assert (licensing.widest_level(agreement, tomorrow), licensing.may_sell(agreement, tomorrow)) == (
        "members",
        False,
    )


def test_a_non_commercial_licence_may_not_be_sold():
    assert not licensing.may_sell(licence(may_be_sold=False), TODAY)


def test_an_item_that_fits_its_licence_has_no_problems():
    problems = licensing.publishing_problems(
        licence=licence(widest_level="registered"),
        access_level="authorised",
        price=Decimal("10.00"),
        contributors=["Fondo Solidario"],
        today=TODAY,
    )
    assert problems == []


def test_problems_name_the_licence_the_contributors_and_the_field_to_change():
    non_commercial = licence(name="CC BY-NC 4.0", widest_level="registered", may_be_sold=False)

    with translation.override("en"):
        problems = licensing.publishing_problems(
            licence=non_commercial,
            access_level="public",
            price=Decimal("10.00"),
            contributors=["Fondo Solidario", "Universidad Agraria", "Fondo Solidario"],
            today=TODAY,
        )

    assert [problem.field for problem in problems] == ["access_level", "price"]
    level, price = (problem.message for problem in problems)
    assert "“CC BY-NC 4.0”, the licence of Fondo Solidario, Universidad Agraria," in level
    assert "at most “Registered users”" in level
    assert "does not allow this item to be sold: remove the price" in price


def test_an_ended_agreement_is_the_one_problem_reported():
    ended = licence(name="Fondo Solidario — convenio", widest_level="authorised", agreement_ends=YESTERDAY)

    with translation.override("en"):
        problems = licensing.publishing_problems(
            licence=ended, access_level="public", price=Decimal("5.00"), contributors=[], today=TODAY
        )

    assert [problem.field for problem in problems] == ["licence"]
    assert "“Fondo Solidario — convenio” with its contributors ended on November 22, 2026" in (
        problems[0].message
    )


def test_publishing_needs_a_licence():
    problems = licensing.publishing_problems(
        licence=None, access_level="public", price=None, contributors=[], today=TODAY
    )
    assert [problem.field for problem in problems] == ["licence"]


def test_problems_speak_the_editors_language():
    with translation.override("es"):
        problems = licensing.publishing_problems(
            licence=licence(widest_level="members"),
            access_level="public",
            price=None,
            contributors=[],
            today=TODAY,
        )
    assert "«Solo para miembros»" in problems[0].message


def test_the_attribution_follows_the_licence_template():
    agreement = licence(
        label="Fondo Solidario", attribution_template="© {year} {contributor} · “{title}” · {licence}"
    )
    names = licensing.credited_names(
        credits(("Red", Role.AUTHOR), ("Fondo", Role.FUNDER), ("Red", Role.AUTHOR))
    )

    text = licensing.attribution(licence=agreement, title="Plan de prima", contributors=names, year=2025)

    assert text == "© 2025 Red · “Plan de prima” · Fondo Solidario"


def test_the_standard_attribution_is_in_the_readers_language():
    with translation.override("en"):
        text = licensing.attribution(
            licence=licence(label="CC BY 4.0"), title="Guía", contributors=["Red"], year=2025
        )
    assert text == "“Guía” by Red (2025), under CC BY 4.0."


def test_funders_are_credited_only_when_nobody_else_is():
    assert licensing.credited_names(credits(("Fondo", Role.FUNDER))) == ["Fondo"]
    assert licensing.attribution(licence=licence(), title="Guía", contributors=[], year=2025) == ""


def test_a_template_with_unknown_placeholders_is_refused():
    with pytest.raises(ValidationError, match="autor"):
        licence(attribution_template="{title} — {autor}").clean()
    with pytest.raises(ValidationError):
        licence(attribution_template="{title").clean()
    licence(attribution_template="{title} — {contributor}, {year} ({licence})").clean()


@pytest.mark.django_db
def test_the_shipped_licences_are_ready():
    codes = set(Licence.objects.current().values_list("code", flat=True))
    assert {
        "CC-BY-4.0",
        "CC-BY-SA-4.0",
        "CC-BY-NC-4.0",
        "CC-BY-NC-SA-4.0",
        "CC-BY-ND-4.0",
        "CC-BY-NC-ND-4.0",
        "CC0-1.0",
        "ARR-MEMBERS",
        "FONDO-SOLIDARIO-2024",
    } <= codes
    assert not factories.shipped("CC-BY-NC-ND-4.0").may_be_sold
    assert not factories.shipped("CC-BY-ND-4.0").may_be_changed
    members_only = factories.shipped("ARR-MEMBERS")
    assert (members_only.widest_level, members_only.may_be_sold) == ("members", False)
    partner = factories.shipped("FONDO-SOLIDARIO-2024")
    assert (partner.widest_level, partner.may_be_sold, partner.revenue_share) == ("authorised", True, 20)
    assert partner.agreement_ends.year == 2027 and partner.terms_text("pt").startswith("Material do Fondo")


@pytest.mark.django_db
def test_a_new_version_keeps_the_old_one_and_every_version_points_at_it():
    original = factories.LicenceFactory(widest_level="public")

    second = licensing_changes.licence_new_version(
        licence=original, changes={"widest_level": "members"}, by=None
    )
    third = licensing_changes.licence_new_version(licence=second, changes={"may_be_sold": False}, by=None)

    original.refresh_from_db()
    assert (original.version, second.version, third.version) == (1, 2, 3)
    assert (original.widest_level, third.widest_level, third.may_be_sold) == ("public", "members", False)
    assert licensing.terms(original) == third and third.previous.previous == original
    assert list(Licence.objects.current().filter(code=original.code)) == [third]
    with pytest.raises(ValidationError):
        licensing_changes.licence_new_version(licence=original, changes={"name": "Otra"}, by=None)
    assert (
        licensing_changes.licence_new_version(licence=third, changes={"may_be_sold": False}, by=None) == third
    )
