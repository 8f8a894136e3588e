"""Every existing account's admin language becomes the account's own (portal/admin_language.py keeps them
equal from now on)."""

from django.db import migrations


def admin_language_from_accounts(apps, schema_editor):
    User = apps.get_model("portal", "User")
    UserProfile = apps.get_model("wagtailusers", "UserProfile")
    for user_id, language in User.objects.values_list("pk", "language").iterator():
        UserProfile.objects.update_or_create(user_id=user_id, defaults={"preferred_language": language})


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_seller_identity_for_invoices"),
        ("wagtailusers", "0015_userprofile_keyboard_shortcuts"),
    ]

    operations = [migrations.RunPython(admin_language_from_accounts, migrations.RunPython.noop)]
