"""Downloads record the downloader's country as a code since countries are chosen from a list (portal
0003): the free text recorded so far becomes a code where it names a country, so that the reports by
country count "México" and "Mexico" as one; text that names no country stays as it was, shown as written."""

from django.db import migrations

import portal.countries


def to_codes(apps, schema_editor):
    DownloadEvent = apps.get_model("courses", "DownloadEvent")
    typed = DownloadEvent.objects.exclude(country="").values_list("country", flat=True).distinct()
    for text in list(typed):
        code = portal.countries.code_for(text)
        if code and code != text:
            DownloadEvent.objects.filter(country=text).update(country=code)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0009_home_page_invitation_to_visitors"),
        ("portal", "0004_countries_from_a_list"),
    ]

    operations = [migrations.RunPython(to_codes, migrations.RunPython.noop)]
