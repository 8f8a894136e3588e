"""The members' table of "My organisation" › "Learning" as CSV and XLSX: the rows the filters show (every
page of them), headings in the reader's language, and whatever members typed kept as text that a
spreadsheet never runs."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils.translation import override
from openpyxl import load_workbook

from courses.learning.certificates import organisation_verification_url

from .organisation_kit import complete, cooperative, course_in, manager_of, member_of, moment, start

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("https://evil.example","clic")'


def learning_url(organisation, language="es") -> str:
    with override(language):
        return reverse("courses:organisation_learning", args=[organisation.pk])


@pytest.fixture
def coop():
    return cooperative()


@pytest.fixture
def setting(tree, coop):
    """Ana completed governance in March 2026; Luis began it; "=HYPERLINK…" (a name typed at sign-up)
    completed marketing."""
    governance = course_in(tree, title="Gobernanza cooperativa")
    marketing = course_in(tree, title="+Comercialización")
    ana = member_of(coop, full_name="Ana Mamani", email="ana@coop.example")
    luis = member_of(coop, full_name="Luis Condori", email="luis@coop.example")
    poisoned = member_of(coop, full_name=FORMULA, email="mallory@coop.example")
    return {
        "certificate": complete(ana, governance, on=moment(2026, 3, 10)),
        "started": start(luis, governance, lessons=1),
        "marketing": complete(poisoned, marketing, on=moment(2026, 4, 2)),
        "governance": governance,
        "manager": manager_of(coop),
    }


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [tuple(cell for cell in row) for row in sheet.iter_rows()]


def test_the_csv_holds_every_member_and_course_with_headings_in_spanish(client, coop, setting):
    client.force_login(setting["manager"])
    response = client.get(learning_url(coop), {"export": "csv"})
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="aprendizaje-cooperativa-cafe-sierra')
    rows = csv_rows(response)
    assert rows[0][:5] == ["Miembro", "Correo electrónico", "Curso", "Estado", "Avance (%)"]
    by_member = {(row[0], row[2]): row for row in rows[1:]}
    ana = by_member[("Ana Mamani", "Gobernanza cooperativa")]
    certificate = setting["certificate"]
    assert ana[1:] == [
        "ana@coop.example",
        "Gobernanza cooperativa",
        "Completado",
        "100",
        "3",
        "3",
        "2026-03-07",
        "2026-03-10",
        "100.0",
        certificate.display_code,
        organisation_verification_url(certificate, coop.pk, "es"),
    ]
    assert by_member[("Luis Condori", "Gobernanza cooperativa")][3:5] == ["En curso", "33"]
    assert by_member[("Marta Quispe", "")][3] == "Sin inscripción"
    # Typed text comes out as text: the name and the course title that look like formulas.
    assert by_member[(f"'{FORMULA}", "'+Comercialización")][1] == "mallory@coop.example"


def test_the_exports_follow_the_filters_and_the_readers_language(client, coop, setting):
    client.force_login(setting["manager"])
    rows = csv_rows(client.get(learning_url(coop, "pt"), {"export": "csv", "status": "completed"}))
    assert rows[0][:4] == ["Membro", "E-mail", "Curso", "Situação"]
    assert sorted(row[0] for row in rows[1:]) == [f"'{FORMULA}", "Ana Mamani"]
    governance = setting["governance"].pk
    course_only = csv_rows(client.get(learning_url(coop), {"export": "csv", "course": governance}))
    assert {row[2] for row in course_only[1:]} == {"Gobernanza cooperativa", ""}
    # Every page at once: more members than a page holds.
    for number in range(30):
        member_of(coop, full_name=f"Socio {number:02d}")
    assert len(csv_rows(client.get(learning_url(coop), {"export": "csv", "page": 2}))) == 1 + 34


def test_the_xlsx_has_the_same_rows_numbers_and_dates_and_never_a_formula(client, coop, setting):
    client.force_login(setting["manager"])
    response = client.get(learning_url(coop), {"export": "xlsx"})
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = xlsx_rows(response)
    assert [cell.value for cell in rows[0][:3]] == ["Miembro", "Correo electrónico", "Curso"]
    assert rows[0][0].font.bold
    by_member = {(row[0].value, row[2].value): row for row in rows[1:]}
    ana = by_member[("Ana Mamani", "Gobernanza cooperativa")]
    assert ana[4].value == 100 and ana[4].data_type == "n"
    assert ana[8].value == datetime.datetime(2026, 3, 10) and ana[8].is_date
    # The typed formula is a text cell holding exactly what was typed.
    poisoned = by_member[(FORMULA, "+Comercialización")]
    assert poisoned[0].data_type == "s" and poisoned[0].value == FORMULA
    assert all(cell.data_type != "f" for row in rows for cell in row)
    assert len(rows) == len(csv_rows(client.get(learning_url(coop), {"export": "csv"})))
