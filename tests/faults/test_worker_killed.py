"""A background worker killed (SIGKILL) in the middle of a task: the task runs again, to the end, and its
e-mail goes out exactly once.

Production runs `manage.py db_worker` (django_tasks_db). The task here is the buyer's receipt; the worker's
e-mail backend (tests/faults/slow_mail.py) writes files into a temporary outbox after a long pause, as a slow
mail server would, and the worker is killed during that pause.

django_tasks_db never runs a task again by itself: the killed worker's task stays RUNNING and another worker
passes it by (checked below). `manage.py requeue_stale_tasks` (portal/management/commands/) makes it READY
again once it has been RUNNING for longer than any task takes; the next worker then sends the receipt. The
receipt task marks the order in the same transaction as it sends (payments/tasks.py): the killed run's
transaction is rolled back by the database, so the second run finds the receipt unsent, and sends it once.
"""

import datetime
import os
import signal
import time

import pytest
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from payments.models import Order
from payments.tasks import email_receipt

from ..payments.helpers import open_order
from .processes import environment, manage

SEPARATOR = "-" * 79


def outbox_messages(outbox) -> list[str]:
    """The messages the file-based e-mail backend wrote (one file per connection, messages separated)."""
    messages = []
    for path in sorted(outbox.iterdir()):
        messages += [part for part in path.read_text().split(SEPARATOR) if part.strip()]
    return messages


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def finish(process, seconds: float = 60) -> str:
    output, _ = process.communicate(timeout=seconds)
    assert process.returncode == 0, output
    return output


@pytest.mark.django_db(transaction=True)
def test_a_receipt_whose_worker_was_killed_mid_send_is_sent_once_by_the_next_worker(
    buyer, priced_material, tmp_path
):
    order = open_order(buyer, priced_material)
    Order.objects.filter(pk=order.pk).update(status=Order.Status.PAID, paid_at=timezone.now())
    backend = DatabaseBackend("default", {"BACKEND": "django_tasks_db.DatabaseBackend", "OPTIONS": {}})
    result = backend.enqueue(email_receipt, [order.pk], {})
    outbox, started = tmp_path / "outbox", tmp_path / "sending"
    env = environment(
        outbox,
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        EMAIL_BACKEND="tests.faults.slow_mail.EmailBackend",
        FAULTS_MAIL_STARTED=str(started),
        FAULTS_MAIL_DELAY="120",
    )
    worker_args = ["db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"]

    first = manage(env, *worker_args, "--worker-id", "worker-killed")
    try:
        wait_for(started.exists, 60, "the first worker to start sending")
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.communicate(timeout=30)
    assert first.returncode == -signal.SIGKILL

    task = DBTaskResult.objects.get(pk=result.id)
    assert task.status == TaskResultStatus.RUNNING and task.worker_ids == ["worker-killed"]
    assert outbox_messages(outbox) == []
    assert Order.objects.get(pk=order.pk).receipt_sent_at is None  # the killed run's transaction rolled back

    # django_tasks_db alone: a new worker passes the RUNNING task by, and the receipt would never go.
    batch = [*worker_args, "--batch", "--interval", "0"]
    finish(manage({**env, "FAULTS_MAIL_DELAY": "0"}, *batch, "--worker-id", "worker-idle"))
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING

    assert "1 stale task(s) requeued." in finish(manage(env, "requeue_stale_tasks", "--older-than", "0"))
    finish(manage({**env, "FAULTS_MAIL_DELAY": "0"}, *batch, "--worker-id", "worker-next"))

    task = DBTaskResult.objects.get(pk=result.id)
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids == ["worker-killed", "worker-next"]
    [receipt] = outbox_messages(outbox)
    assert f"To: {buyer.email}" in receipt and order.reference in receipt
    assert Order.objects.get(pk=order.pk).receipt_sent_at is not None

    # Run again (a duplicate in the queue, a second recovery): nothing more is sent.
    backend.enqueue(email_receipt, [order.pk], {})
    finish(manage({**env, "FAULTS_MAIL_DELAY": "0"}, *batch))
    assert len(outbox_messages(outbox)) == 1


@pytest.mark.django_db
def test_requeue_stale_tasks_leaves_tasks_running_for_less_than_the_limit(buyer, priced_material):
    from django.core.management import call_command

    backend = DatabaseBackend("default", {"BACKEND": "django_tasks_db.DatabaseBackend", "OPTIONS": {}})
    recent = DBTaskResult.objects.get(pk=backend.enqueue(email_receipt, [1], {}).id)
    old = DBTaskResult.objects.get(pk=backend.enqueue(email_receipt, [2], {}).id)
    recent.claim("worker-a")
    old.claim("worker-b")
    DBTaskResult.objects.filter(pk=old.pk).update(started_at=timezone.now() - datetime.timedelta(minutes=31))

    call_command("requeue_stale_tasks")  # default: running for more than 30 minutes

    recent.refresh_from_db()
    old.refresh_from_db()
    assert recent.status == TaskResultStatus.RUNNING
    assert old.status == TaskResultStatus.READY and old.started_at is None and old.worker_ids == ["worker-b"]
