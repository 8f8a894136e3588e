"""Files of materials are handed out only by the download view, after the access policy allowed it."""

import pytest
from django.core.files.storage import storages

from courses.models import DownloadEvent

from ..factories import pdf_bytes
from ..payments.helpers import postgresql_only


def file_of(material):
    return material.files.get()


@pytest.mark.django_db
def test_anyone_downloads_a_public_file_as_an_attachment_and_it_is_logged(client, public_material):
    material_file = file_of(public_material)

    response = client.get(material_file.get_download_url())

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith('attachment; filename="guia-comercio-justo.pdf"')
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    event = DownloadEvent.objects.get()
    assert (event.material_id, event.file_id, event.user) == (public_material.pk, material_file.pk, None)


@pytest.mark.django_db
def test_a_signed_in_download_records_the_user(client, user, public_material):
    client.force_login(user)
    client.get(file_of(public_material).get_download_url())
    assert DownloadEvent.objects.get().user == user


@pytest.mark.django_db
def test_a_locked_file_is_refused_with_the_next_step_and_nothing_is_logged(client, members_material):
    response = client.get(file_of(members_material).get_download_url(), follow=True)

    assert response.redirect_chain[-1][0] == members_material.url
    assert (
        "Sign in or create an account" in response.content.decode()
        or "Inicie sesión" in response.content.decode()
    )
    assert DownloadEvent.objects.count() == 0


@pytest.mark.django_db
def test_members_download_members_only_files(client, member, members_material):
    client.force_login(member)
    response = client.get(file_of(members_material).get_download_url())
    assert response.status_code == 200


@pytest.mark.django_db
def test_unknown_and_unpublished_files_are_not_found(client, public_material):
    material_file = file_of(public_material)
    assert client.get(f"/es/download/{material_file.pk + 1000}/").status_code == 404
    assert client.get(material_file.get_download_url()).status_code == 200  # now kept in memory
    public_material.unpublish()
    assert client.get(material_file.get_download_url()).status_code == 404


@pytest.mark.django_db
def test_downloads_answer_only_get(client, public_material):
    assert client.post(file_of(public_material).get_download_url()).status_code == 405


@pytest.mark.django_db
def test_private_files_have_no_public_address_anywhere(client, public_material, settings):
    material_file = file_of(public_material)
    with pytest.raises(ValueError):
        storages["private"].url(material_file.file.name)
    html = client.get(public_material.url).content.decode()
    assert material_file.get_download_url() in html
    assert material_file.file.name not in html
    assert settings.MEDIA_URL + "materials" not in html


@pytest.mark.django_db
def test_uploaded_names_are_sanitised_and_kept_out_of_guessable_paths(public_material):
    from ..factories import add_file

    material_file = add_file(public_material, "../../etc/pass wd.pdf", pdf_bytes())
    folder, name = material_file.file.name.rsplit("/", 1)
    assert name == "pass_wd.pdf"
    assert folder.startswith("materials/") and ".." not in folder and len(folder) > len("materials/") + 10


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_download_is_logged_without_waiting_for_the_disk_and_only_on_its_own(public_material):
    """The log row is committed by itself without waiting for its WAL to reach the disk (one round trip
    fewer than a durable commit's wait); inside a larger transaction it never changes how that commits."""
    import psycopg
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from courses.access import services
    from courses.access.delivery import Downloader

    from ..faults.processes import database_url

    material_file = public_material.files.get()
    with CaptureQueriesContext(connection) as alone:
        services.download_record(material=public_material, file=material_file, downloader=Downloader())
    assert alone.captured_queries[0]["sql"].startswith("SET LOCAL synchronous_commit TO OFF; INSERT")
    with psycopg.connect(database_url()) as other:  # committed: another connection sees it
        assert other.execute("SELECT count(*) FROM courses_downloadevent").fetchone()[0] == 1
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"  # the connection's own setting is untouched

    with transaction.atomic(), CaptureQueriesContext(connection) as within:
        services.download_record(material=public_material, file=material_file, downloader=Downloader())
        assert within.captured_queries[-1]["sql"].startswith("INSERT")
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
    assert DownloadEvent.objects.count() == 2
