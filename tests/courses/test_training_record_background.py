"""A large organisation's training record is prepared in the background: the manager asks for it, its page
says it is being prepared, then ready; only they download it, for a day; the PDF is the same record."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from courses.learning import record_files
from courses.models import TrainingRecordFile

from .organisation_kit import complete, cooperative, course_in, manager_of, member_of, pdf_words

pytestmark = pytest.mark.django_db


def url(name, organisation, *args):
    with override("es"):
        return reverse(f"courses:{name}", args=[organisation.pk, *args])


@pytest.fixture
def coop():
    return cooperative()


@pytest.fixture
def manager(coop):
    return manager_of(coop)


@pytest.fixture
def large(coop, tree, monkeypatch):
    """Two completions, and a record "large" from two on (the real limit is 300)."""
    monkeypatch.setattr(record_files, "DRAWN_WHILE_WAITING", 1)
    course = course_in(tree, title="Gobernanza cooperativa", estimated_hours=4)
    for name in ("Ana Mamani", "Luis Condori"):
        complete(member_of(coop, full_name=name), course)


def period():
    today = timezone.localdate()
    return {"start": (today - datetime.timedelta(days=30)).isoformat(), "end": today.isoformat()}


def test_a_large_record_is_prepared_in_the_background_and_downloaded_by_its_manager(
    client, coop, manager, large, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    offer = client.get(url("organisation_record", coop), period())
    page = offer.content.decode()
    assert offer.status_code == 200 and offer["Content-Type"].startswith("text/html")
    assert (
        "Este registro incluye 2 cursos completados" in page and "Preparar el registro de formación" in page
    )
    assert not TrainingRecordFile.objects.exists()  # asking is a GET: nothing is written

    with django_capture_on_commit_callbacks(execute=False) as waiting:
        response = client.post(url("organisation_record_prepare", coop), period())
    record_file = TrainingRecordFile.objects.get()
    assert response.url == url("organisation_record_file", coop, record_file.pk)
    preparing = client.get(response.url).content.decode()
    assert "Su registro de formación se está preparando" in preparing and 'http-equiv="refresh"' in preparing
    assert client.get(url("organisation_record_download", coop, record_file.pk)).status_code == 404

    for callback in waiting:  # the worker runs the task
        callback()
    ready = client.get(response.url).content.decode()
    assert "Su registro de formación está listo." in ready and 'http-equiv="refresh"' not in ready
    download = client.get(url("organisation_record_download", coop, record_file.pk))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "no-store" in download["Cache-Control"]
    words = pdf_words(download.content)
    assert "Ana Mamani" in words and "Luis Condori" in words and coop.name in words
    assert (
        url("organisation_record_file", coop, record_file.pk)
        in client.get(url("organisation_record", coop)).content.decode()
    )  # the form page lists it


def test_only_the_manager_who_asked_opens_the_record_and_only_for_a_day(
    client, coop, manager, large, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("organisation_record_prepare", coop), period())
    record_file = TrainingRecordFile.objects.get()
    download = url("organisation_record_download", coop, record_file.pk)
    assert client.get(download).status_code == 200

    client.force_login(manager_of(coop, full_name="Otra Responsable"))  # another manager of the organisation
    assert client.get(download).status_code == 404
    assert client.get(url("organisation_record_file", coop, record_file.pk)).status_code == 404
    client.force_login(member_of(coop))
    assert client.get(download).status_code == 404

    client.force_login(manager)
    TrainingRecordFile.objects.update(finished_at=timezone.now() - datetime.timedelta(days=1, minutes=1))
    assert client.get(download).status_code == 404
    assert (
        "ya no se conserva"
        in client.get(url("organisation_record_file", coop, record_file.pk)).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("organisation_record_prepare", coop), period())
    assert TrainingRecordFile.objects.count() == 1  # the expired one, with its PDF, is gone


def test_a_small_record_still_downloads_at_once(client, coop, manager, tree):
    complete(member_of(coop, full_name="Ana Mamani"), course_in(tree, title="Gobernanza cooperativa"))
    client.force_login(manager)
    response = client.get(url("organisation_record", coop), period())
    assert response["Content-Type"] == "application/pdf" and not TrainingRecordFile.objects.exists()
