"""Queue today's reminders about assigned courses (courses/learning/reminders.py): one background task per
assignment of an active organisation, which e-mails what is due today (a week before the due date, two
weeks without progress), each reminder once. Run it daily (cron or a systemd timer); running it twice the
same day sends nothing twice.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from courses.learning.models import Assignment
from courses.learning.reminders import send_assignment_reminders
from portal import network_time
from portal.models import Organisation


class Command(BaseCommand):
    help = "Queue today's reminders about assigned courses (run daily)."

    def handle(self, *args, **options):
        network_time.activate()  # "today" is the network's day, as everywhere in the portal
        today = timezone.localdate().isoformat()
        assignments = Assignment.objects.filter(
            organisation__status=Organisation.Status.ACTIVE, course__live=True
        ).values_list("pk", flat=True)
        queued = 0
        for assignment_id in assignments.iterator():
            send_assignment_reminders.enqueue(assignment_id, today)
            queued += 1
        self.stdout.write(f"{queued} assigned course(s) queued for reminders on {today}.")
