"""Countries chosen from a list: the free text typed so far becomes a country code where it names a
country ("México", "Mexico", "mexico" → MX; "Brasil", "Brazil" → BR; "Perú" → PE); text that names none is
kept in `country_as_written`, shown to coordinators, and the country is left blank for them to choose."""

import django_countries.fields
from django.db import migrations, models

import portal.countries


def to_codes(apps, schema_editor):
    for model_name in ("AccessRequest", "Organisation"):
        model = apps.get_model("portal", model_name)
        typed = model.objects.exclude(country="").values_list("country", flat=True).distinct()
        for text in list(typed):
            code = portal.countries.code_for(text)
            rows = model.objects.filter(country=text)
            if code:
                rows.update(country=code)
            else:
                rows.update(country="", country_as_written=text.strip()[:100])


def to_text(apps, schema_editor):
    """Back to free text: the country's English name, or what was written."""
    for model_name in ("AccessRequest", "Organisation"):
        model = apps.get_model("portal", model_name)
        for code in list(model.objects.exclude(country="").values_list("country", flat=True).distinct()):
            model.objects.filter(country=code).update(country=portal.countries.country_name(code))
        model.objects.filter(country="").exclude(country_as_written="").update(
            country=models.F("country_as_written")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_settings_usual_decision_days"),
    ]

    operations = [
        migrations.AddField(
            model_name="accessrequest",
            name="country_as_written",
            field=models.CharField(
                blank=True, editable=False, max_length=100, verbose_name="country as written"
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="country_as_written",
            field=models.CharField(
                blank=True, editable=False, max_length=100, verbose_name="country as written"
            ),
        ),
        migrations.RunPython(to_codes, to_text),
        migrations.AlterField(
            model_name="accessrequest",
            name="country",
            field=django_countries.fields.CountryField(
                countries=portal.countries.NetworkCountries, max_length=2, verbose_name="country"
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="country",
            field=django_countries.fields.CountryField(
                countries=portal.countries.NetworkCountries, max_length=2, verbose_name="country"
            ),
        ),
    ]
