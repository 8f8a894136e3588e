"""Put back in the queue the background tasks whose worker died while running them.

`manage.py db_worker` (django_tasks_db) marks a task RUNNING when it starts it, SUCCESSFUL or FAILED when it
ends. A worker that cannot end it (killed with SIGKILL, out of memory, its machine lost) leaves it RUNNING,
and no worker ever takes a RUNNING task again: django_tasks_db has no heartbeat and no recovery of its own.
This command makes READY again every task RUNNING for longer than `--older-than` minutes (default 30, far
longer than any task of the portal runs). Run it every few minutes (cron, or before each worker starts).

A task that runs again must not do its work twice: the receipt is marked sent in the same transaction as it
is sent (payments/tasks.py), so a killed run leaves it unsent and the next run sends it once. The
certificate e-mail still marks itself sent before sending (a killed run loses it), and the authorisation
e-mails are not marked at all (a run killed after sending sends them again).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = "Queue again the background tasks left RUNNING by a worker that died (RUNNING for too long)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=float,
            default=30,
            metavar="MINUTES",
            help="requeue tasks started more than this many minutes ago and still running (default 30)",
        )

    def handle(self, *args, older_than: float, **options):
        if older_than < 0:
            raise CommandError("--older-than must be zero or more minutes")
        started_before = timezone.now() - datetime.timedelta(minutes=older_than)
        stale = DBTaskResult.objects.running().filter(started_at__lte=started_before)
        names = list(stale.values_list("task_path", flat=True))
        requeued = stale.update(status=TaskResultStatus.READY, started_at=None)
        for name in names:
            self.stdout.write(f"requeued {name}")
        self.stdout.write(f"{requeued} stale task(s) requeued.")
