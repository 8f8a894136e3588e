"""The licence rules: what the licence of a course or material allows, today.

One module, called by the access policy (courses/access/policy.py) at every request, by the editor's
validation before publishing (courses/catalogue/forms.py), and later by checkout and downloads. It reads the
version of the licence in force (`Licence.current_version`), never a copy on the item, so when a licence is
revised or an agreement ends, access and sales follow at once without re-publishing anything.

The rules:
- An item is never open to a wider audience than its licence's widest level: its effective level is the
  narrower of its own access level and that ceiling. Entitlements (grants, purchases) lift an item's own
  level and price, never the ceiling: a grant cannot open a members-only licence to an external user.
- An item may be sold only while its licence allows sale. A priced item whose licence forbids sale cannot
  be bought; those who would open it free (members) still do.
- An agreement covers its items up to and including its end date. After it, the item is withdrawn from
  everyone outside the network: the ceiling becomes "members" and nothing is sold any more. Members keep
  it because the network is party to the agreement and co-produced the material; what an ended agreement
  withdraws is distribution to third parties (the public, registered and authorised external users,
  including those who bought or were granted it) and sale.
- An item without a licence (data from before licences existed) keeps its own level and price; the editor
  cannot publish it again without choosing one.
- The revenue share of a sale (the licence version's `revenue_share` of what it earned) is owed once, to
  the item's copyright holders, in equal parts; an item that credits no copyright holder owes it to all
  its credited contributors, in equal parts. Authors and funders next to a copyright holder are credited,
  not paid: the licence is the copyright holders' to grant, so the share is theirs. Equal parts are the
  default of co-owned works where no agreement divides them; a licence record says no other split today
  (a partner's agreement that divides it otherwise is settled outside the portal). The parts are cents
  that add up to the share: the cents left over by the division go one each to the first holders in the
  item's credit order. Reports (courses/reports/, payments/reports.py) split with `share_parts`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..levels import AccessLevel
from .models import LicenceAcceptance, Role

if TYPE_CHECKING:
    from .models import Licence

COPYRIGHT_HOLDER = Role.COPYRIGHT_HOLDER
LEVELS = list(AccessLevel.values)  # from the widest audience to the narrowest
ENDED_AGREEMENT_LEVEL = AccessLevel.MEMBERS
DEFAULT_ATTRIBUTION = _("“{title}” by {contributor} ({year}), under {licence}.")


# --- the terms in force -----------------------------------------------------------------------------------


def terms(licence: Licence | None) -> Licence | None:
    """The version of this licence in force (itself unless it has been revised)."""
    if licence is None or licence.current_version_id in (None, licence.pk):
        return licence
    return licence.current_version


def item_terms(item) -> Licence | None:
    """The terms in force for an item; no query for an item without a licence."""
    return terms(item.licence) if item.licence_id is not None else None


def has_ended(licence: Licence | None, today: datetime.date) -> bool:
    licence = terms(licence)
    return licence is not None and licence.agreement_ends is not None and today > licence.agreement_ends


def widest_level(licence: Licence | None, today: datetime.date) -> str | None:
    """The widest audience the licence allows today; None means no ceiling (no licence)."""
    licence = terms(licence)
    if licence is None:
        return None
    return ENDED_AGREEMENT_LEVEL if has_ended(licence, today) else licence.widest_level


def may_sell(licence: Licence | None, today: datetime.date) -> bool:
    licence = terms(licence)
    return licence is None or (licence.may_be_sold and not has_ended(licence, today))


def narrower(level: str, ceiling: str | None) -> str:
    if ceiling is None:
        return level
    return max(level, ceiling, key=LEVELS.index)


def within(ceiling: str | None, levels: Iterable[str]) -> bool:
    """Whether a ceiling lets in an audience that reaches these levels."""
    return ceiling is None or ceiling in levels


def effective_level(item, today: datetime.date) -> str:
    return narrower(item.access_level, widest_level(item_terms(item), today))


def ceiling_within(levels: Iterable[str], today: datetime.date, field: str = "licence") -> Q:
    """`within(widest_level(item's licence, today), levels)` as a queryset condition on the items."""
    levels = set(levels)
    if levels >= set(LEVELS):
        return Q()
    widest, ends = f"{field}__current_version__widest_level", f"{field}__current_version__agreement_ends"
    in_force = Q(**{f"{ends}__isnull": True}) | Q(**{f"{ends}__gte": today})
    condition = Q(**{f"{field}__isnull": True}) | (in_force & Q(**{f"{widest}__in": sorted(levels)}))
    if ENDED_AGREEMENT_LEVEL in levels:
        condition |= Q(**{f"{ends}__lt": today})
    return condition


# --- the revenue share ------------------------------------------------------------------------------------

CENT = Decimal("0.01")


def share_holders(credits: Iterable[tuple[int, str]]) -> list[int]:
    """Who is owed an item's revenue share, from its credits (contributor id, role) in credit order: its
    copyright holders, else every contributor credited; each once, first credited first."""
    credits = list(credits)
    holders = [contributor for contributor, role in credits if role == COPYRIGHT_HOLDER]
    return list(dict.fromkeys(holders or [contributor for contributor, _role in credits]))


def share_parts(share: Decimal, holders: list[int]) -> dict[int, Decimal]:
    """`share` (to the cent) split equally among `holders`: parts to the cent that add up to `share`, the
    cents left over one each to the first holders. No holder: no parts (the share is owed to no one
    credited, and reports say so)."""
    if not holders:
        return {}
    cents = int((share / CENT).to_integral_value())
    part, left_over = divmod(abs(cents), len(holders))
    sign = -1 if cents < 0 else 1
    return {
        holder: sign * (part + (1 if index < left_over else 0)) * CENT for index, holder in enumerate(holders)
    }


# --- acceptance of the terms ----------------------------------------------------------------------------


def acceptance_needed(user, item) -> Licence | None:
    """The licence version this user must accept before downloading or buying the item, or None.

    Terms accepted for one language version of an item cover the others (same translation key); a new
    version of the licence asks again."""
    licence = item_terms(item)
    if licence is None or not licence.acceptance_required:
        return None
    if user is None or not user.is_authenticated:
        return licence
    accepted = LicenceAcceptance.objects.filter(
        user=user, licence=licence, page__translation_key=item.translation_key
    ).exists()
    return None if accepted else licence


# --- publishing -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Why an item cannot be published: the form field to change and what to tell the editor."""

    field: str
    message: str

    def __str__(self):
        return self.message


def publishing_problems(
    *, licence: Licence | None, access_level: str, price, contributors: list[str], today: datetime.date
) -> list[Problem]:
    """What stops an item with these fields from being published now (nothing: an empty list)."""
    licence = terms(licence)
    if licence is None:
        return [Problem("licence", gettext("Choose the licence this item is offered under."))]
    names = {
        "licence": licence.shown_name,
        "contributors": ", ".join(dict.fromkeys(contributors)) or gettext("its contributors"),
    }
    if has_ended(licence, today):
        message = gettext(
            "The agreement “%(licence)s” with %(contributors)s ended on %(date)s: choose a licence in force, "
            "or ask a coordinator to record the renewed agreement."
        )
        return [Problem("licence", message % {**names, "date": date_format(licence.agreement_ends)})]
    problems = []
    if narrower(access_level, licence.widest_level) != access_level:
        allowed = AccessLevel(licence.widest_level).label
        message = gettext(
            "“%(licence)s”, the licence of %(contributors)s, allows this item to reach at most "
            "“%(allowed)s”: choose that access level or a narrower one, or another licence."
        )
        problems.append(Problem("access_level", message % {**names, "allowed": allowed}))
    if price is not None and not licence.may_be_sold:
        message = gettext(
            "“%(licence)s”, the licence of %(contributors)s, does not allow this item to be sold: "
            "remove the price, or choose a licence that allows sale."
        )
        problems.append(Problem("price", message % names))
    return problems


def item_problems(item, today: datetime.date) -> list[Problem]:
    """`publishing_problems` for an item as it is (its saved contributors)."""
    return publishing_problems(
        licence=item_terms(item),
        access_level=item.access_level,
        price=item.price,
        contributors=[credit.contributor.name for credit in item.contributors.all()],
        today=today,
    )


# --- attribution ------------------------------------------------------------------------------------------


def credited_names(credits) -> list[str]:
    """Who an attribution names: authors and copyright holders (funders only if nobody else)."""
    credits = list(credits)
    creators = [credit for credit in credits if credit.role != Role.FUNDER] or credits
    return list(dict.fromkeys(credit.contributor.name for credit in creators))


def attribution(*, licence: Licence | None, title: str, contributors: list[str], year: int) -> str:
    """The credit line, from the licence's template (or the standard wording); empty without contributors."""
    licence = terms(licence)
    if licence is None or not contributors:
        return ""
    values = {
        "contributor": ", ".join(contributors),
        "title": title,
        "year": year,
        "licence": licence.shown_label,
    }
    try:
        return (licence.in_language("attribution_template") or str(DEFAULT_ATTRIBUTION)).format(**values)
    except (KeyError, IndexError, ValueError):  # a template saved without validation: the standard wording
        return str(DEFAULT_ATTRIBUTION).format(**values)
