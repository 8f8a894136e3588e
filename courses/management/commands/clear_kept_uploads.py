"""Remove the uploads kept for editors (courses/catalogue/kept_uploads.py) and left unused for more than a
day.

Keeping a new upload does the same; run this daily too (cron), for the days nobody keeps one.
"""

from django.core.management.base import BaseCommand

from courses.catalogue import kept_uploads


class Command(BaseCommand):
    help = "Remove the uploads kept for editors and left unused for more than a day."

    def handle(self, *args, **options):
        removed = kept_uploads.clear_expired()
        self.stdout.write(f"{removed} kept uploads removed.")
