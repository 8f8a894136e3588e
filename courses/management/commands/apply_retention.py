"""Daily: anonymise downloads and quiz answers older than PERSONAL_RECORDS_KEPT_DAYS, and remove the copies
of people's data whose day is over (docs/security.md, "Privacy")."""

from django.core.management.base import BaseCommand

from portal.privacy.copies import data_exports_clear

from ...privacy.retention import anonymise_old_records


class Command(BaseCommand):
    help = (
        "Anonymise downloads and quiz answers older than PERSONAL_RECORDS_KEPT_DAYS; remove expired copies "
        "of people's data."
    )

    def handle(self, *args, **options):
        done = anonymise_old_records()
        cleared = data_exports_clear()
        self.stdout.write(
            f"Anonymised {done.downloads} downloads and {done.quiz_answers} quiz answers; "
            f"removed {cleared} expired copies of people's data."
        )
