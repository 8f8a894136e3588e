"""The items the reports count: courses and materials, every language version of one item together.

Pages sharing a translation key are one item: it counts once, shown by one of its versions. The reports of
one contributor or one licence list them (courses/reports/detail.py); the overviews and payments' sales
report read their keys and credits from here.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings

from courses.licensing import rules as licensing
from courses.models import (
    AccessLevel,
    CourseContributor,
    CoursePage,
    Licence,
    MaterialContributor,
    MaterialPage,
)

from .figures import Downloads, Money


@dataclass
class Item:
    """A course or a material, all its language versions together."""

    translation_key: uuid.UUID
    kind: str  # "course" or "material"
    title: str
    page_id: int  # the version shown: a published one, in the default language if there is one
    languages: list[str]
    live: bool
    licence: Licence | None  # the terms in force
    access_level: str
    effective_level: str
    roles: list[str] = field(default_factory=list)  # the contributor's, in a contributor's report
    contributors: list[str] = field(default_factory=list)  # in a licence's report
    downloads: Downloads = field(default_factory=Downloads)
    revenue: Money = field(default_factory=Money)
    share: Money = field(default_factory=Money)

    @property
    def access_level_label(self) -> str:
        return AccessLevel(self.access_level).label

    @property
    def effective_level_label(self) -> str:
        return AccessLevel(self.effective_level).label

    @property
    def is_limited_by_licence(self) -> bool:
        return self.effective_level != self.access_level


def item_keys(**conditions) -> set[uuid.UUID]:
    """The translation keys of the courses and materials matching these conditions (two queries)."""
    return {
        key
        for model in (CoursePage, MaterialPage)
        for key in model.objects.filter(**conditions).values_list("translation_key", flat=True)
    }


def item_credits(keys: Iterable[uuid.UUID] | None = None) -> dict[uuid.UUID, list[tuple[int, str]]]:
    """Each item's credits (contributor id, role) in credit order, of all its language versions; of every
    item, or of those with these translation keys. Two queries."""
    credited: dict[uuid.UUID, list[tuple[int, str]]] = defaultdict(list)
    for credits in (CourseContributor, MaterialContributor):
        rows = credits.objects.all()
        if keys is not None:
            rows = rows.filter(page__translation_key__in=keys)
        for key, contributor_id, role in rows.values_list(
            "page__translation_key", "contributor_id", "role"
        ).order_by("sort_order", "pk"):
            credited[key].append((contributor_id, role))
    return credited


def read_items(scopes: dict, licences: dict[int, Licence], today: datetime.date) -> dict[uuid.UUID, Item]:
    """The items of pages matching each model's condition (`scopes`: {page model: Q}), every language
    version of each item together; one query per page model.

    The version shown is a published one if any, in the default language if possible."""
    default = settings.LANGUAGE_CODE
    items: dict[uuid.UUID, Item] = {}
    fields = ("pk", "title", "translation_key", "live", "locale__language_code", "licence_id", "access_level")
    for model, condition in scopes.items():
        kind = model._meta.model_name.removesuffix("page")
        pages = model.objects.filter(condition).values(*fields).order_by("pk")
        versions: dict[uuid.UUID, list[dict]] = defaultdict(list)
        for page in pages:
            versions[page["translation_key"]].append(page)
        for key, pages in versions.items():
            shown = min(pages, key=lambda p: (not p["live"], p["locale__language_code"] != default, p["pk"]))
            live = [page for page in pages if page["live"]]
            licence = licences.get(shown["licence_id"])
            terms = licences.get(licence.current_version_id, licence) if licence is not None else None
            level = shown["access_level"]
            items[key] = Item(
                translation_key=key,
                kind=kind,
                title=shown["title"],
                page_id=shown["pk"],
                languages=sorted({page["locale__language_code"] for page in live or pages}),
                live=bool(live),
                licence=terms,
                access_level=level,
                effective_level=licensing.narrower(level, licensing.widest_level(terms, today)),
            )
    return items
