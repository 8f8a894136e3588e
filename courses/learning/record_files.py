"""Training records too large to draw while the manager waits, drawn in the background instead.

A record of a few hundred certificates is drawn in the request (courses/views/training_record.py). A large
organisation's takes over a minute: 2,000 certificates mean 2,000 QR codes and some 330 pages, drawn by
reportlab in pure Python. Such a record is asked for with a POST (`record_file_request`), drawn by a task
(`build_record_file`, django-tasks, run by the worker in production) into a `TrainingRecordFile` row, and
downloaded from its own page by whoever asked for it, and only them, for a day (`KEPT_FOR`); then its PDF,
which names every member, is deleted with the row the next time anyone asks for a record.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from . import training_record_pdf
from .models import TrainingRecordFile
from .training_record import training_record

logger = logging.getLogger(__name__)

# Records listing more completions than this are drawn in the background (a few seconds' drawing at most).
DRAWN_WHILE_WAITING = 300
KEPT_FOR = datetime.timedelta(days=1)


def expires_at(record_file: TrainingRecordFile) -> datetime.datetime | None:
    return record_file.finished_at + KEPT_FOR if record_file.finished_at else None


def is_downloadable(record_file: TrainingRecordFile) -> bool:
    return record_file.status == TrainingRecordFile.Status.READY and timezone.now() < expires_at(record_file)


def files_of(organisation, user):
    """The records this person asked for the organisation that are still being prepared or can be
    downloaded, newest first."""
    return TrainingRecordFile.objects.filter(
        organisation=organisation,
        requested_by=user,
        requested_at__gt=timezone.now() - KEPT_FOR * 2,
    ).defer("content")


def record_files_clear() -> int:
    """Delete the records nobody may download any more (their PDFs name every member)."""
    deleted, _by_model = TrainingRecordFile.objects.filter(finished_at__lt=timezone.now() - KEPT_FOR).delete()
    return deleted


@transaction.atomic
def record_file_request(*, organisation, start: datetime.date, end: datetime.date, language: str, by):
    """A record to draw in the background (the task is queued once the request is committed). Records
    that expired are deleted on the way: nobody may download them any more."""
    record_files_clear()
    record_file = TrainingRecordFile.objects.create(
        organisation=organisation, requested_by=by, start=start, end=end, language=language
    )
    transaction.on_commit(lambda: build_record_file.enqueue(record_file.pk))
    return record_file


@task()
def build_record_file(record_file_id: int) -> None:
    """Draw the record; run again (a worker died), it draws it again from the start."""
    claimed = TrainingRecordFile.objects.filter(
        pk=record_file_id,
        status__in=[TrainingRecordFile.Status.QUEUED, TrainingRecordFile.Status.RUNNING],
    ).update(status=TrainingRecordFile.Status.RUNNING)
    if not claimed:
        return
    record_file = TrainingRecordFile.objects.select_related("organisation", "requested_by").get(
        pk=record_file_id
    )
    progress = TrainingRecordFile.objects.filter(pk=record_file_id)
    try:
        with translation.override(record_file.language):
            record = training_record(
                record_file.organisation,
                start=record_file.start,
                end=record_file.end,
                language=record_file.language,
                produced_by=record_file.requested_by,
            )
            content = training_record_pdf.render_pdf(record)
            name = training_record_pdf.filename(record)
    except Exception:
        logger.exception("The training record %s could not be drawn", record_file_id)
        progress.update(status=TrainingRecordFile.Status.FAILED, finished_at=timezone.now())
        raise
    progress.update(
        status=TrainingRecordFile.Status.READY, finished_at=timezone.now(), content=content, file_name=name
    )
