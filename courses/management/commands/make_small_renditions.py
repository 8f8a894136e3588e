"""Make the small rendition of every video that has none for its current file (videos uploaded before the
portal made them, or whose rendition failed): the work is enqueued, as for a new upload
(courses/catalogue/media_tasks.py), and done by `db_worker` in production, at once elsewhere."""

from django.core.management.base import BaseCommand
from wagtailmedia.models import get_media_model

from courses.catalogue.media_tasks import rendition_wanted


class Command(BaseCommand):
    help = "Make the small rendition of every video that has none for its current file."

    def handle(self, *args, **options):
        videos = get_media_model().objects.filter(type="video")
        wanted = sum(rendition_wanted(video=video) for video in videos)
        self.stdout.write(f"{wanted} small renditions to make.")
