"""Delete the licensed copies of material files made before yesterday (see courses/access/delivery.py).

Copies are kept for the day they were made, so a second download that day costs no new stamping; the
day before stays too, for a signed address handed out just before midnight. Run it daily (cron, or the
worker's scheduler). With S3, a lifecycle rule expiring the `licensed/` prefix after 2 days does the same.
"""

import datetime

from django.core.files.storage import storages
from django.core.management.base import BaseCommand
from django.utils import timezone

from courses.access.delivery import LICENSED_PREFIX


class Command(BaseCommand):
    help = "Delete the licensed copies of material files made before yesterday."

    def handle(self, *args, **options):
        storage = storages["private"]
        keep_from = timezone.localdate() - datetime.timedelta(days=1)
        try:
            days, _files = storage.listdir(LICENSED_PREFIX)
        except FileNotFoundError:
            days = []
        deleted = 0
        for day in days:
            try:
                made_on = datetime.date.fromisoformat(day)
            except ValueError:
                continue  # not ours
            if made_on >= keep_from:
                continue
            deleted += self.delete_tree(storage, f"{LICENSED_PREFIX}/{day}")
        self.stdout.write(f"{deleted} licensed copies deleted.")

    def delete_tree(self, storage, path: str) -> int:
        folders, files = storage.listdir(path)
        count = 0
        for name in files:
            storage.delete(f"{path}/{name}")
            count += 1
        for folder in folders:
            count += self.delete_tree(storage, f"{path}/{folder}")
        return count
