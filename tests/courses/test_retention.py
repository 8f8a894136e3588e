"""Downloads and quiz answers stay linked to their person for PERSONAL_RECORDS_KEPT_DAYS; the daily
`manage.py apply_retention` anonymises older ones, and the reports count them all the same."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from courses.models import DownloadEvent, QuizAttempt, TrainingRecordFile
from courses.reports.licences import licences_overview
from courses.reports.period import Period
from portal.models import DataExport
from portal.privacy import copies
from portal.privacy.export import export_of

from .. import factories
from ..portal.privacy_kit import person_with_everything

pytestmark = pytest.mark.django_db


def aged(days: int, *, downloads=None, attempts=None):
    when = timezone.now() - datetime.timedelta(days=days)
    if downloads is not None:
        downloads.update(created_at=when)
    if attempts is not None:
        attempts.update(last_attempted_at=when)


def test_only_downloads_and_quiz_answers_older_than_the_kept_age_are_anonymised(tree, settings):
    settings.PERSONAL_RECORDS_KEPT_DAYS = 365
    old, recent = person_with_everything(tree, "old"), person_with_everything(tree, "recent")
    aged(
        366,
        downloads=DownloadEvent.objects.filter(user=old),
        attempts=QuizAttempt.objects.filter(enrolment__user=old),
    )
    aged(
        364,
        downloads=DownloadEvent.objects.filter(user=recent),
        attempts=QuizAttempt.objects.filter(enrolment__user=recent),
    )
    period = Period(timezone.localdate() - datetime.timedelta(days=800), timezone.localdate())
    before = licences_overview(period).downloads

    call_command("apply_retention", stdout=None)

    old_download = DownloadEvent.objects.get(material__title="Material old")
    assert old_download.user is None
    # What the reports read stays: the audience, organisation and country recorded at the time.
    assert old_download.audience == "member" and old_download.file is not None
    assert DownloadEvent.objects.get(material__title="Material recent").user == recent
    old_attempt = QuizAttempt.objects.get(enrolment__user=old)
    assert old_attempt.last_answers == {}
    assert (old_attempt.attempts, old_attempt.best_score, old_attempt.passed) == (1, 100, True)
    assert QuizAttempt.objects.get(enrolment__user=recent).last_answers != {}
    assert licences_overview(period).downloads == before
    assert before.member == 2
    # The person's own export no longer lists what is no longer linked to them.
    assert export_of(old)["downloads"] == [] and export_of(recent)["downloads"] != []


def test_the_command_removes_expired_copies_of_peoples_data_and_keeps_the_others(tree):
    ana, bruno = factories.UserFactory(), factories.UserFactory()
    expired, _created = copies.data_export_request(user=ana)
    copies.data_export_prepare(export_id=expired.pk)
    current, _created = copies.data_export_request(user=bruno)
    copies.data_export_prepare(export_id=current.pk)
    expired.refresh_from_db()
    storage = copies.private_storage()
    name = expired.file_name
    DataExport.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))

    call_command("apply_retention", stdout=None)

    assert not storage.exists(name)
    assert DataExport.objects.get(pk=expired.pk).file_name == ""
    current.refresh_from_db()
    assert current.file_name and storage.exists(current.file_name)


def test_a_quiz_whose_answers_were_anonymised_shows_its_score_without_marking_answers(client, tree, settings):
    settings.PERSONAL_RECORDS_KEPT_DAYS = 365
    ana = person_with_everything(tree, "ana")
    attempts = QuizAttempt.objects.filter(enrolment__user=ana)
    lesson = attempts.get().lesson
    client.force_login(ana)
    before = client.get(lesson.url).content.decode()
    assert "último intento 100%" in before and "3 de 3 correctas" in before
    aged(366, attempts=attempts)

    call_command("apply_retention", stdout=None)

    after = client.get(lesson.url).content.decode()
    assert "último intento 100%" in after and "de 3 correctas" not in after and "Sin responder" not in after
    assert "Aprobado" in after and "mejor nota 100%" in after


def test_the_command_deletes_training_records_past_their_day_and_keeps_the_others(tree):
    """A background training record names every member of the organisation: once its day is over it goes,
    even if nobody asks for another record."""
    organisation = factories.OrganisationFactory()
    manager = factories.UserFactory()
    period = {"organisation": organisation, "requested_by": manager, "language": "es"}
    day = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 12, 31)}
    expired = TrainingRecordFile.objects.create(
        **period, **day, finished_at=timezone.now() - datetime.timedelta(days=1, minutes=1), content=b"%PDF"
    )
    current = TrainingRecordFile.objects.create(**period, **day, finished_at=timezone.now(), content=b"%PDF")

    call_command("apply_retention", stdout=None)

    assert not TrainingRecordFile.objects.filter(pk=expired.pk).exists()
    assert TrainingRecordFile.objects.filter(pk=current.pk).exists()
