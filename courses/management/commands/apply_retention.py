"""Daily: anonymise downloads and quiz answers older than PERSONAL_RECORDS_KEPT_DAYS, and remove the copies
of people's data and the training records whose day is over (docs/security.md, "Privacy")."""

from django.core.management.base import BaseCommand

from portal.privacy.copies import data_exports_clear

from ...learning.record_files import record_files_clear
from ...privacy.retention import anonymise_old_records


class Command(BaseCommand):
    help = (
        "Anonymise downloads and quiz answers older than PERSONAL_RECORDS_KEPT_DAYS; remove expired copies "
        "of people's data and expired training records."
    )

    def handle(self, *args, **options):
        done = anonymise_old_records()
        cleared = data_exports_clear()
        records = record_files_clear()
        self.stdout.write(
            f"Anonymised {done.downloads} downloads and {done.quiz_answers} quiz answers; "
            f"removed {cleared} expired copies of people's data and {records} expired training records."
        )
