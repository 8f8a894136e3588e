"""How long downloads and quiz answers stay linked to a person: PERSONAL_RECORDS_KEPT_DAYS (docs/security.md).

Older ones are anonymised by the daily `manage.py apply_retention`: a download forgets who downloaded
(what was downloaded, when, under which licence, and the audience, organisation and country recorded then
stay, so every report still counts it), and a quiz attempt forgets the answers given (its attempts, scores
and pass stay, so progress and certificates are unchanged)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from ..models import DownloadEvent, QuizAttempt


@dataclass(frozen=True)
class Anonymised:
    downloads: int
    quiz_answers: int


def kept_since(now: datetime | None = None) -> datetime:
    """The oldest moment still kept linked to a person."""
    return (now or timezone.now()) - timedelta(days=settings.PERSONAL_RECORDS_KEPT_DAYS)


def anonymise_old_records(*, now: datetime | None = None) -> Anonymised:
    """Anonymise what is older than the kept age, in one statement per table (idempotent)."""
    cutoff = kept_since(now)
    downloads = DownloadEvent.objects.filter(created_at__lt=cutoff, user__isnull=False).update(user=None)
    quiz_answers = (
        QuizAttempt.objects.filter(last_attempted_at__lt=cutoff)
        .exclude(last_answers={})
        .update(last_answers={})
    )
    return Anonymised(downloads=downloads, quiz_answers=quiz_answers)
