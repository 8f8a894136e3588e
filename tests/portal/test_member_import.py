"""Importing members from a spreadsheet: a preview with an error per row and nothing saved, then the import
on confirmation, which changes nothing the second time; the files people really save (Excel's CSV with
semicolons in Windows-1252, XLSX, headings in another language); the template; 2,000 rows in time."""

import io
import time

import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.members import importing, spreadsheets
from portal.models import Invitation, MemberImport, Membership
from tests import factories

from .members_kit import csv_file, managed_cooperative, people, url, xlsx_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperative():
    return managed_cooperative()


@pytest.fixture
def manager_client(client, cooperative):
    client.force_login(cooperative[1].user)
    return client


def upload(client, organisation, content: bytes, name="miembros.xlsx", language="es"):
    return client.post(
        url("organisation_member_import", organisation.pk),
        {"file": SimpleUploadedFile(name, content), "language": language},
    )


def preview(client, organisation, content, name="miembros.xlsx"):
    response = upload(client, organisation, content, name)
    assert response.status_code == 302, response.content.decode()
    return client.get(response.url).content.decode(), MemberImport.objects.latest("pk")


def confirm(client, organisation, member_import, capture):
    with capture(execute=True):
        response = client.post(url("organisation_member_import_confirm", organisation.pk, member_import.pk))
    assert response.status_code == 302
    return client.get(response.url).content.decode()


BAD_ROWS = [
    ["", "sin.nombre@coop.example", "", ""],
    ["Correo Malo", "correo-malo@", "", ""],
    ["Cargo Raro", "raro@coop.example", "Jefe", ""],
    ["Idioma Raro", "idioma@coop.example", "", "Quechua"],
    ["Repetida", "PERSONA0001@coop.example", "", ""],
    ["Sin Correo", "", "", ""],
]


def test_the_preview_gives_each_bad_row_its_error_and_saves_nothing(manager_client, cooperative):
    organisation, _manager = cooperative
    page, _ = preview(manager_client, organisation, xlsx_file(people(3) + BAD_ROWS))
    assert "Vista previa: todavía no se ha guardado nada." in page
    assert "3 personas para invitar" in page and "6 filas con errores: se dejan fuera" in page
    for row, error in [
        (5, "Falta el nombre."),
        (6, "«correo-malo@» no es un correo electrónico."),
        (7, "Cargo desconocido «Jefe»: escriba Miembro, Personal o Consejo directivo."),
        (8, "Idioma desconocido «Quechua»: escriba Español, English o Português."),
        (9, "El mismo correo electrónico que la fila 2."),
        (10, "Sin correo electrónico: escriba uno, o un nombre de usuario o número de celular"),
    ]:
        assert f"Fila {row}</strong>" in page and error in page
    assert "Confirmar: enviar 3 invitaciones" in page
    assert not Invitation.objects.exists() and mail.outbox == []


def test_confirming_invites_the_good_rows_and_importing_again_changes_nothing(
    manager_client, cooperative, django_capture_on_commit_callbacks
):
    organisation, _manager = cooperative
    factories.MembershipFactory(organisation=organisation, user__email="persona0002@coop.example")
    content = xlsx_file(
        people(4) + [["Luisa Board", "luisa@coop.example", "Consejo directivo", "pt"]] + BAD_ROWS
    )
    page, member_import = preview(manager_client, organisation, content)
    assert "4 personas para invitar" in page and "1 ya es miembro: sin cambios" in page
    done = confirm(manager_client, organisation, member_import, django_capture_on_commit_callbacks)
    assert "Importación terminada." in done and "4 invitaciones enviadas" in done
    assert "1 fila sin cambios" in done and "6 filas con errores dejadas fuera" in done
    assert Invitation.objects.open().count() == 4 and len(mail.outbox) == 4
    luisa = Invitation.objects.get(email="luisa@coop.example")
    assert luisa.role == Membership.Role.BOARD and luisa.language == "pt"
    assert "Olá, Luisa Board," in next(m for m in mail.outbox if m.to == ["luisa@coop.example"]).body
    assert MemberImport.objects.get(pk=member_import.pk).content == b""  # the file is not kept

    page, again = preview(manager_client, organisation, content)
    assert "0 personas para invitar" in page and "4 ya invitadas: sin cambios" in page
    assert "Nada que importar" in page and "Confirmar" not in page
    confirm(manager_client, organisation, again, django_capture_on_commit_callbacks)  # even if asked to
    assert Invitation.objects.count() == 4 and len(mail.outbox) == 4


def test_a_confirmation_clicked_twice_imports_once(
    manager_client, cooperative, django_capture_on_commit_callbacks
):
    organisation, _manager = cooperative
    _page, member_import = preview(manager_client, organisation, xlsx_file(people(3)))
    confirm(manager_client, organisation, member_import, django_capture_on_commit_callbacks)
    confirm(manager_client, organisation, member_import, django_capture_on_commit_callbacks)
    assert Invitation.objects.count() == 3 and len(mail.outbox) == 3


def test_an_expired_invitation_in_the_file_is_sent_again(
    manager_client, cooperative, django_capture_on_commit_callbacks
):
    organisation, _manager = cooperative
    expired = factories.InvitationFactory(
        organisation=organisation, email="persona0001@coop.example", expires_at="2020-01-01T00:00Z"
    )
    page, member_import = preview(manager_client, organisation, xlsx_file(people(2)))
    assert "1 invitación vencida para enviar de nuevo" in page and "Confirmar: enviar 2 invitaciones" in page
    done = confirm(manager_client, organisation, member_import, django_capture_on_commit_callbacks)
    assert "1 invitación vencida enviada de nuevo" in done
    expired.refresh_from_db()
    assert not expired.has_expired and expired.full_name == "Persona 0001"
    assert Invitation.objects.count() == 2


def test_excels_csv_with_semicolons_in_windows_1252_and_portuguese_headings_is_read():
    content = csv_file(
        [
            ["José Ñandú", "jose@coop.example", "Diretoria", "Português"],
            ["Maria", "maria@coop.example", "", ""],
        ],
        headings=["Nome completo", "E-mail", "Função", "Idioma"],
        delimiter=";",
        encoding="cp1252",
    )
    sheet = spreadsheets.read(content, "membros.CSV")
    assert sheet.rows[0] == (
        2,
        {"name": "José Ñandú", "email": "jose@coop.example", "role": "Diretoria", "language": "Português"}
        | {"login_name": ""},
    )
    organisation = factories.OrganisationFactory()
    plan = importing.plan(sheet, organisation=organisation, default_language="es")
    assert [(row.role, row.language, row.action) for row in plan.rows] == [
        ("board", "pt", "invite"),
        ("member", "es", "invite"),
    ]


@pytest.mark.parametrize(
    "name, content, error",
    [
        ("viejo.xls", b"\xd0\xcf\x11\xe0 old excel", "guárdelo primero como XLSX"),
        ("foto.png", b"\x89PNG", "Suba una planilla guardada como XLSX o CSV."),
        ("falso.xlsx", b"Nombre,Correo", "No se pudo leer este archivo como planilla XLSX"),
        ("vacio.csv", b"\n\n", "Este archivo está vacío."),
        (
            "otros.csv",
            b"Apellido,Telefono\nQuispe,123\n",
            "encabezados de las columnas: Nombre completo, Correo electrónico",
        ),
    ],
)
def test_a_file_that_cannot_be_imported_says_why_and_keeps_the_choices(
    manager_client, cooperative, name, content, error
):
    organisation, _manager = cooperative
    response = upload(manager_client, organisation, content, name, language="pt")
    page = response.content.decode()
    assert response.status_code == 200 and error in page
    assert '<option value="pt" selected>' in page
    assert not MemberImport.objects.exists()


@pytest.mark.parametrize("language, headings", [("es", "Nombre completo"), ("pt", "Nome completo")])
def test_the_template_has_the_headings_in_the_readers_language(
    manager_client, cooperative, language, headings
):
    organisation, _manager = cooperative
    xlsx = manager_client.get(
        url("organisation_member_import_template", organisation.pk, "xlsx", language=language)
    )
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in xlsx["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value == headings
    csv = manager_client.get(
        url("organisation_member_import_template", organisation.pk, "csv", language=language)
    )
    assert csv.content.decode("utf-8-sig").startswith(headings)
    # A filled-in template imports: its headings are the ones the import reads.
    sheet.append(["Rosa", "rosa@coop.example"])
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    (row,) = spreadsheets.read(buffer.getvalue(), "plantilla.xlsx").rows
    assert row == (
        2,
        {"name": "Rosa", "email": "rosa@coop.example", "role": "", "language": "", "login_name": ""},
    )


def test_the_import_page_shows_its_progress_while_it_runs(manager_client, cooperative):
    organisation, manager = cooperative
    running = MemberImport.objects.create(
        organisation=organisation,
        uploaded_by=manager.user,
        file_name="grande.xlsx",
        content=b"",
        language="es",
        status=MemberImport.Status.RUNNING,
        rows_to_do=2000,
        rows_done=750,
    )
    page = manager_client.get(
        url("organisation_member_import_detail", organisation.pk, running.pk)
    ).content.decode()
    assert '<progress class="progress-bar" max="2000" value="750">' in page
    assert "750 de 2000 filas" in page and '<meta http-equiv="refresh" content="3">' in page


def test_two_thousand_rows_import_in_under_thirty_seconds(
    manager_client, cooperative, django_capture_on_commit_callbacks
):
    organisation, _manager = cooperative
    content = xlsx_file(people(2000))
    started = time.perf_counter()
    page, member_import = preview(manager_client, organisation, content)
    previewed = time.perf_counter()
    assert "2000 personas para invitar" in page
    done = confirm(manager_client, organisation, member_import, django_capture_on_commit_callbacks)
    finished = time.perf_counter()
    assert "2000 invitaciones enviadas" in done
    assert Invitation.objects.open().count() == 2000 and len(mail.outbox) == 2000
    print(
        f"2,000 rows: upload and preview {previewed - started:.1f} s, "
        f"import with e-mails {finished - previewed:.1f} s"
    )
    assert finished - started < 30


@pytest.mark.django_db(transaction=True)
def test_the_progress_moves_on_batch_after_batch(cooperative, monkeypatch):
    """Each batch is committed with its count before the next starts: the page can show it meanwhile."""
    organisation, manager = cooperative
    member_import = MemberImport.objects.create(
        organisation=organisation,
        uploaded_by=manager.user,
        file_name="m.csv",
        content=csv_file(people(25)),
        language="es",
        status=MemberImport.Status.QUEUED,
    )
    monkeypatch.setattr(importing, "BATCH", 10)
    seen = []
    importing.run(
        member_import.pk, send=lambda ids: seen.append((len(ids), MemberImport.objects.get().rows_done))
    )
    assert seen == [(10, 10), (10, 20), (5, 25)]
    finished = MemberImport.objects.get()
    assert finished.status == MemberImport.Status.DONE and finished.invited == 25


def test_an_import_run_again_after_its_worker_died_finishes_without_doubling(
    cooperative, django_capture_on_commit_callbacks
):
    """The worker died after writing the first rows' invitations and before e-mailing them: the run again
    e-mails those, writes the other rows, and leaves one invitation per address."""
    organisation, manager = cooperative
    member_import = MemberImport.objects.create(
        organisation=organisation,
        uploaded_by=manager.user,
        file_name="m.csv",
        content=csv_file(people(5)),
        language="es",
        status=MemberImport.Status.RUNNING,  # left so by the dead worker
    )
    written = [
        factories.InvitationFactory(organisation=organisation, email=row[1], member_import=member_import)
        for row in people(2)
    ]
    sent = []
    with django_capture_on_commit_callbacks(execute=True):
        importing.run(member_import.pk, send=sent.append)
    assert sent[0] == [invitation.pk for invitation in written]
    assert len(sent[1]) == 3 and Invitation.objects.count() == 5
    finished = MemberImport.objects.get()
    assert (finished.status, finished.invited, finished.unchanged) == (MemberImport.Status.DONE, 3, 2)
