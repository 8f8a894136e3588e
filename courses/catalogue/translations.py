"""Translations kept in step with their Spanish source, through wagtail-localize.

A page's Spanish version is the source; its English and Portuguese versions are synced translations.
wagtail-localize splits the source into segments (the title, a heading, each paragraph of a text) and keeps
each language's translation of each segment, so that when the source changes, only the segments that changed
wait for a translator, and each language shows whether it is up to date (docs/editing.md).

Here is what the portal adds to it:
- `translation_adopt`: a page translated before wagtail-localize (the same translation key in another
  locale, written by hand) becomes a synced translation of its source with its own text kept, segment by
  segment, so that it shows as up to date; `translations_adopt_all` does it for every such page (the data
  migration and the demo call it);
- `source_refresh`: when a source page is published (by a coordinator, at the end of the review), its
  segments are read again, so the translations show what changed without anyone asking for it.
"""

import copy
import json
from collections import defaultdict

from django.db import transaction
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail_localize.fields import BaseTranslatableField
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import OverridableSegmentValue, StringSegmentValue
from wagtail_localize.segments.extract import extract_segments


def kept_per_language(*field_names: str) -> list[BaseTranslatableField]:
    """Fields each language version keeps as its own: neither translated segment by segment nor copied from
    the source when a translation is saved (a course's language, its topics in that language, a material's
    files in that language). For a page model's `override_translatable_fields`."""
    return [BaseTranslatableField(name) for name in field_names]


def source_refresh(*, page: Page) -> None:
    """Read a published source page's segments again, if it has synced translations: a changed paragraph
    becomes a new segment, untranslated in every language, and the unchanged ones keep their translations."""
    sources = TranslationSource.objects.filter(object_id=page.translation_key, locale_id=page.locale_id)
    source = sources.first()
    if source is not None and source.translations.filter(enabled=True).exists():
        TranslationSource.update_or_create_from_instance(page.specific)


@transaction.atomic
def translation_adopt(*, source: Page, translated: Page) -> Translation:
    """Make `translated` (a page in another locale with the source's translation key) a synced translation
    of `source`, importing its current text as the translation of each segment it matches.

    The two pages were written apart, so their blocks have different ids: the translated page's blocks are
    matched to the source's by position and type first. A segment that matches nothing (a paragraph one
    version has and the other has not) is left untranslated, and shows as waiting for a translator."""
    source, translated = source.specific, translated.specific
    for page in (source, translated):
        _store_list_item_ids(page)
    translation_source, _created = TranslationSource.update_or_create_from_instance(source)
    translation, _created = Translation.objects.get_or_create(
        source=translation_source, target_locale_id=translated.locale_id
    )
    matched = _with_block_ids_of(source, translated)
    _import_strings(translation_source, translated.locale_id, extract_segments(matched))
    _import_overrides(translation_source, translated.locale_id, extract_segments(matched))
    return translation


def translations_adopt_all() -> int:
    """Adopt every page that has a version in the default locale (Spanish) and no translation record yet;
    return how many were adopted. Safe to re-run: a translation stopped by an editor stays stopped."""
    default_locale = Locale.get_default()
    adopted = 0
    sources = Page.objects.filter(locale=default_locale, depth__gt=1, alias_of__isnull=True)
    for source in sources.specific().iterator():
        recorded = Translation.objects.filter(source__object_id=source.translation_key).values_list(
            "target_locale_id", flat=True
        )
        others = (
            Page.objects.filter(translation_key=source.translation_key, alias_of__isnull=True)
            .exclude(locale=default_locale)
            .exclude(locale_id__in=list(recorded))
        )
        for translated in others.specific():
            translation_adopt(source=source, translated=translated)
            adopted += 1
    return adopted


def _store_list_item_ids(page: Page) -> None:
    """Give each item of each list in the page's stream fields an id of its own, stored in the page and in
    its live revision, as Wagtail's editor does when it saves. wagtail-localize skips a list kept in the older
    plain form (as code writes it, the demo's quizzes among them): its questions and answers would never be
    offered for translation, and each translation would show the Spanish ones."""
    stored = {}
    for field in type(page)._meta.get_fields():
        if isinstance(field, StreamField):
            value = getattr(page, field.name)
            with_ids = [
                {"type": child.block_type, "value": child.block.get_prep_value(child.value), "id": child.id}
                for child in value
            ]
            if with_ids != list(value.raw_data):
                stored[field.name] = with_ids
    if not stored:
        return
    for name, raw in stored.items():
        setattr(page, name, raw)
    type(page).objects.filter(pk=page.pk).update(**{name: getattr(page, name) for name in stored})
    revision = page.latest_revision
    if revision is not None and revision.pk == page.live_revision_id:
        revision.content.update({name: json.dumps(raw) for name, raw in stored.items()})
        revision.save(update_fields=["content"])


def _with_block_ids_of(source: Page, translated: Page) -> Page:
    """A copy of `translated` (never saved) whose stream blocks carry the ids of the source's blocks at the
    same place and of the same type, so that their segments have the source's paths."""
    matched = copy.copy(translated)
    for field in type(translated)._meta.get_fields():
        if isinstance(field, StreamField):
            raw = copy.deepcopy(list(getattr(translated, field.name).raw_data))
            _copy_ids(list(getattr(source, field.name).raw_data), raw)
            setattr(matched, field.name, raw)
    return matched


def _copy_ids(source, target) -> None:
    if isinstance(source, list) and isinstance(target, list):
        for source_item, target_item in zip(source, target, strict=False):
            _copy_ids(source_item, target_item)
    elif isinstance(source, dict) and isinstance(target, dict):
        if "id" in source and "id" in target and source.get("type") == target.get("type"):
            target["id"] = source["id"]
        for key in source.keys() & target.keys() - {"id"}:
            _copy_ids(source[key], target[key])


def _import_strings(translation_source: TranslationSource, locale_id: int, segments: list) -> None:
    """Pair the source's strings and the translated page's strings path by path, in order (a text's
    paragraphs share its path), when both have as many at that path."""
    translated_at = defaultdict(list)
    for segment in segments:
        if isinstance(segment, StringSegmentValue):
            translated_at[segment.path].append(segment.string.data)
    source_at = defaultdict(list)
    ordered = StringSegment.objects.filter(source=translation_source).order_by("order")
    for segment in ordered.select_related("string", "context"):
        source_at[segment.context.path].append(segment)
    for path, source_segments in source_at.items():
        texts = translated_at.get(path, [])
        if len(texts) != len(source_segments):
            continue
        for source_segment, text in zip(source_segments, texts, strict=True):
            StringTranslation.objects.update_or_create(
                translation_of=source_segment.string,
                locale_id=locale_id,
                context_id=source_segment.context_id,
                defaults={"data": text, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
            )


def _import_overrides(translation_source: TranslationSource, locale_id: int, segments: list) -> None:
    """Keep what the translated page chose differently from the source where wagtail-localize would copy the
    source's: another image, a link, the material of the same language in a lesson's material block."""
    translated_at = {
        segment.path: segment.data for segment in segments if isinstance(segment, OverridableSegmentValue)
    }
    for segment in OverridableSegment.objects.filter(source=translation_source).select_related("context"):
        path = segment.context.path
        if path in translated_at and translated_at[path] != segment.data:
            SegmentOverride.objects.update_or_create(
                locale_id=locale_id,
                context_id=segment.context_id,
                defaults={"data_json": json.dumps(translated_at[path])},
            )
