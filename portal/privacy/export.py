"""A person's data as one ZIP: `data.json` (every record, for other programs) and `summary.html` (the same,
to read, in the person's language).

The portal knows nothing of courses or payments (pyproject.toml's contracts), so each app registers the
sections it holds from its `AppConfig.ready()`: a title, the records' model, the fields to copy and a
function user -> queryset. The sections come out in the order they were registered.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..time_zones import when

JSON_NAME = "data.json"
SUMMARY_NAME = "summary.html"


@dataclass(frozen=True)
class Section:
    """One kind of record about a person: `records(user)` gives the rows of `fields` (lookups allowed,
    e.g. "course__title"), labelled in the summary by `labels` or else the model field's own name."""

    key: str
    title: str  # a lazy translation
    model: type[models.Model]
    fields: Sequence[str]
    queryset: Callable[[models.Model], models.QuerySet]
    labels: dict[str, str] = field(default_factory=dict)

    def records(self, user) -> list[dict]:
        return list(self.queryset(user).values(*self.fields))

    def label(self, name: str) -> str:
        if name in self.labels:
            return str(self.labels[name])
        model_field = self._field(name)
        return str(model_field.verbose_name) if model_field is not None else name.replace("_", " ")

    def shown(self, name: str, value) -> str:
        """A value as the summary shows it: choices by their name, dates in the person's format."""
        model_field = self._field(name)
        if model_field is not None and model_field.choices and value not in (None, ""):
            return str(dict(model_field.flatchoices).get(value, value))
        if value is None or value == "" or value == [] or value == {}:
            return "—"
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, datetime.date):  # a moment with its zone's name, a date alone as a date
            return when(value)
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
        return str(value)

    def _field(self, name: str):
        if "__" in name:
            return None
        try:
            return self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    """Add a kind of record to every export (called again with the same key, it replaces it)."""
    _sections[section.key] = section


def sections() -> list[Section]:
    return list(_sections.values())


def export_of(user) -> dict[str, list[dict]]:
    """Every record of every registered section about this user (one query per section)."""
    return {section.key: section.records(user) for section in sections()}


def summary_html(user, records: dict[str, list[dict]], *, made_at: datetime.datetime) -> str:
    """The summary to read, in the person's language."""
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        shown = [
            {
                "title": section.title,
                "key": section.key,
                "rows": [
                    [(section.label(name), section.shown(name, value)) for name, value in row.items()]
                    for row in records[section.key]
                ],
            }
            for section in sections()
        ]
        return render_to_string(
            "portal/privacy/summary.html",
            {"person": user, "sections": shown, "made_at": made_at, "language": language},
        )


def zip_of(user, *, made_at: datetime.datetime | None = None) -> bytes:
    """The ZIP handed to the person: the JSON of everything and the summary."""
    made_at = made_at or timezone.now()
    records = export_of(user)
    document = {"made_at": made_at, "user_id": user.pk, **records}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(JSON_NAME, json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        archive.writestr(SUMMARY_NAME, summary_html(user, records, made_at=made_at))
    return buffer.getvalue()
