"""The network's time zone becomes a site setting (El Salvador's until a coordinator chooses another), and
every admin user's Wagtail profile takes it (portal/network_time.py keeps them equal from now on)."""

from django.db import migrations, models


def profiles_in_the_network_zone(apps, schema_editor):
    PortalSettings = apps.get_model("portal", "PortalSettings")
    UserProfile = apps.get_model("wagtailusers", "UserProfile")
    zone = PortalSettings.objects.order_by("pk").values_list("time_zone", flat=True).first()
    UserProfile.objects.update(current_time_zone=zone or "America/El_Salvador")


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0006_admin_language_from_accounts'),
        ("wagtailusers", "0015_userprofile_keyboard_shortcuts"),
    ]

    operations = [
        migrations.AddField(
            model_name='portalsettings',
            name='time_zone',
            field=models.CharField(choices=[('America/Mexico_City', 'Mexico City time'), ('America/Belize', 'Belize time'), ('America/Guatemala', 'Guatemala time'), ('America/El_Salvador', 'El Salvador time'), ('America/Tegucigalpa', 'Honduras time'), ('America/Managua', 'Nicaragua time'), ('America/Costa_Rica', 'Costa Rica time'), ('America/Panama', 'Panama time'), ('America/Havana', 'Cuba time'), ('America/Jamaica', 'Jamaica time'), ('America/Port-au-Prince', 'Haiti time'), ('America/Santo_Domingo', 'Dominican Republic time'), ('America/Caracas', 'Venezuela time'), ('America/Bogota', 'Colombia time'), ('America/Guayaquil', 'Ecuador time'), ('America/Lima', 'Peru time'), ('America/La_Paz', 'Bolivia time'), ('America/Manaus', 'Amazon time (Brazil)'), ('America/Sao_Paulo', 'Brasília time'), ('America/Asuncion', 'Paraguay time'), ('America/Santiago', 'Chile time'), ('America/Argentina/Buenos_Aires', 'Argentina time'), ('America/Montevideo', 'Uruguay time'), ('UTC', 'UTC')], default='America/El_Salvador', help_text='Every date and time on the site, in the admin, in e-mails and in PDFs is in this zone, and says so.', max_length=64, verbose_name="the network's time zone"),
        ),
        migrations.RunPython(profiles_in_the_network_zone, migrations.RunPython.noop),
    ]
