"""Pages translated before wagtail-localize (an English or Portuguese page with the translation key of a
Spanish one, written by hand) become synced translations of their Spanish source, with their own text kept
as the translation of each segment, so that they show as up to date (courses/catalogue/translations.py).

It runs the portal's code of today, not a frozen copy: wagtail-localize reads a page through its model. So it
does anything only where such pages exist, which a fresh database never has, and an upgrade should apply it
with the code of this release (as every release is applied in turn)."""

from django.conf import settings
from django.db import migrations


def adopt_translations_written_before(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Locale = apps.get_model("wagtailcore", "Locale")
    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    if default is None:
        return
    sources = Page.objects.filter(locale=default, depth__gt=1).values("translation_key")
    if not Page.objects.exclude(locale=default).filter(translation_key__in=sources).exists():
        return
    from courses.catalogue.translations import translations_adopt_all

    translations_adopt_all()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0015_shipped_licences_in_three_languages"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(adopt_translations_written_before, migrations.RunPython.noop)]
