"""A person's copy of their data (portal/privacy/): everything the portal holds about them, nothing about
anyone else, handed to them alone for a day."""

import datetime
import io
import json
import zipfile

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from portal.models import DataExport
from portal.privacy import copies
from portal.privacy.export import JSON_NAME, SUMMARY_NAME, sections, zip_of

from .. import factories
from .privacy_kit import person_with_everything

pytestmark = pytest.mark.django_db


def opened(content: bytes) -> tuple[dict, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sorted(archive.namelist()) == sorted([JSON_NAME, SUMMARY_NAME])
        return json.loads(archive.read(JSON_NAME)), archive.read(SUMMARY_NAME).decode()


def url(name, **kwargs) -> str:
    with translation.override("es"):
        return reverse(name, kwargs=kwargs)


def test_the_export_holds_every_kind_of_record_of_the_person_and_nothing_of_anyone_else(tree):
    ana = person_with_everything(tree, "anaexport")
    bruno = person_with_everything(tree, "brunoexport")

    data, summary = opened(zip_of(ana))

    keys = {section.key for section in sections()}
    assert keys >= {
        "profile", "memberships", "authorisation_requests", "enrolments", "lessons_done", "quiz_attempts",
        "certificates", "licence_acceptances", "orders", "refunds", "downloads", "assigned_courses",
        "reminders_sent", "sign_in_cards", "invitations_sent", "invitations_accepted", "contact_messages",
        "terms_acceptances", "learner_actions", "entitlements", "email_addresses",
    }  # fmt: skip
    assert {key for key in keys if not data[key]} == set(), "every kind of record is there"
    assert data["user_id"] == ana.pk
    for section in sections():
        theirs = {str(row.get("id", row.get("key"))) for row in section.records(bruno)}
        mine = {str(row.get("id", row.get("key"))) for row in data[section.key]}
        assert mine and not (mine & theirs), section.key
    everything = json.dumps(data, ensure_ascii=False) + summary
    assert "brunoexport" not in everything
    values = ["Propósito", "Mensaje", "CERT-", "Comprador", "Curso", "Material", "terms-", "invitada-"]
    for value in (f"{value}anaexport" if value.endswith("-") else f"{value} anaexport" for value in values):
        assert value in json.dumps(data, ensure_ascii=False) and value in summary, value
    # What unlocks something stays out even of the person's own copy.
    assert "hash-anaexport" not in everything and "digest-anaexport" not in everything
    assert "cs_anaexport" not in everything


def test_the_summary_is_in_the_persons_language(tree):
    joana = person_with_everything(tree, "joana", language="pt")
    _data, summary = opened(zip_of(joana))
    assert '<html lang="pt">' in summary
    assert "Seus dados no Cla@se" in summary and "Seus pedidos" in summary
    assert "Reembolsado" in summary  # an order's status by its name, in Portuguese
    assert "Sim" in summary  # booleans in words


def test_making_the_export_asks_the_same_number_of_queries_however_many_records(tree):
    ana = person_with_everything(tree, "few")
    with CaptureQueriesContext(connection) as few:
        zip_of(ana)
    for _ in range(3):
        factories.MembershipFactory(user=ana)
        person_with_everything(tree, f"more{_}")  # other people's records grow too
    with CaptureQueriesContext(connection) as many:
        zip_of(ana)
    assert len(many) == len(few) <= len(sections()) + 2


# --- asking for it, being told, downloading it ------------------------------------------------------------


def test_a_member_asks_for_their_data_is_told_by_e_mail_and_downloads_it(
    client, tree, django_capture_on_commit_callbacks
):
    ana = person_with_everything(tree, "anaweb", language="pt")
    client.force_login(ana)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("portal:data_export_ask"), follow=True)
    assert response.redirect_chain[-1][0].endswith("/account/#my-data")
    export = DataExport.objects.get(user=ana)
    assert export.status == DataExport.Status.READY
    assert export.expires_at - export.ready_at == datetime.timedelta(hours=24)

    [email] = mail.outbox
    assert email.to == [ana.email]
    assert "Sua cópia dos seus dados está pronta" in email.subject
    assert "/pt/account/#my-data" in email.body

    page = client.get(url("portal:account")).content.decode()
    assert "Su copia está lista" in page
    download = url("portal:data_export_download", export_id=export.pk)
    assert download in page

    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"] and ".zip" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    data, _summary = opened(b"".join(response.streaming_content))
    assert data["profile"][0]["email"] == ana.email


def test_the_file_is_kept_where_no_address_serves_it(tree):
    ana = factories.UserFactory()
    export, _created = copies.data_export_request(user=ana)
    copies.data_export_prepare(export_id=export.pk)
    export.refresh_from_db()
    path = copies.private_storage().path(export.file_name)
    assert str(path).startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not str(path).startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        copies.private_storage().url(export.file_name)


def ready_export(user) -> DataExport:
    export, _created = copies.data_export_request(user=user)
    return copies.data_export_prepare(export_id=export.pk)


def test_the_link_refuses_anyone_else_and_a_signed_out_visitor(client, tree):
    ana, bruno = factories.UserFactory(), factories.UserFactory()
    download = url("portal:data_export_download", export_id=ready_export(ana).pk)

    response = client.get(download)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    client.force_login(bruno)
    assert client.get(download).status_code == 404
    client.force_login(ana)
    assert client.get(download).status_code == 200


def test_the_link_refuses_after_24_hours_and_the_page_offers_to_ask_again(client, tree):
    ana = factories.UserFactory()
    export = ready_export(ana)
    download = url("portal:data_export_download", export_id=export.pk)
    client.force_login(ana)

    lasting = export.expires_at - export.ready_at

    def ready_since(delta):  # as if the copy had been made `delta` ago
        now = timezone.now()
        DataExport.objects.filter(pk=export.pk).update(ready_at=now - delta, expires_at=now - delta + lasting)

    ready_since(datetime.timedelta(hours=23, minutes=59))
    assert client.get(download).status_code == 200
    ready_since(datetime.timedelta(hours=24, minutes=1))
    response = client.get(download, follow=True)
    assert response.redirect_chain[-1][0].endswith("#my-data")
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Esta copia de sus datos ha vencido" in page
    assert download not in page
    assert url("portal:data_export_ask") in page


def test_asking_twice_while_a_copy_is_being_prepared_makes_only_one(client, tree):
    ana = factories.UserFactory()
    client.force_login(ana)
    # The task is not run here (nothing executes the transaction's callbacks): the copy stays in preparation.
    client.post(url("portal:data_export_ask"))
    response = client.post(url("portal:data_export_ask"), follow=True)
    assert DataExport.objects.filter(user=ana).count() == 1
    page = response.content.decode()
    assert "ya se está preparando" in page
    assert "Se está preparando" in page and "Le enviaremos un correo" in page
    assert copies.data_export_request(user=ana) == (DataExport.objects.get(user=ana), False)


def test_a_member_without_e_mail_gets_no_e_mail_and_is_told_to_come_back(
    client, tree, django_capture_on_commit_callbacks
):
    rosa = factories.UserFactory(email=None, login_name="rosa.sin.correo", vouched=True, verified=False)
    client.force_login(rosa)
    response = client.post(url("portal:data_export_ask"), follow=True)
    assert "Vuelva a esta página en unos minutos" in response.content.decode()
    copies.data_export_prepare(export_id=DataExport.objects.get(user=rosa).pk)
    assert mail.outbox == []
    assert "Descargar mis datos" in client.get(url("portal:account")).content.decode()


def test_a_copy_that_could_not_be_made_may_be_asked_for_again(client, tree, monkeypatch):
    ana = factories.UserFactory()
    export, _created = copies.data_export_request(user=ana)
    copies.data_export_failed(export_id=export.pk)
    client.force_login(ana)
    page = client.get(url("portal:account")).content.decode()
    assert "No se pudo preparar" in page
    _new, created = copies.data_export_request(user=ana)
    assert created
