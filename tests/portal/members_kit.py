"""What the members' tests share: an organisation with its manager, addresses of its pages, spreadsheets."""

import csv
import io

import openpyxl
from django.urls import reverse
from django.utils.translation import override

from tests import factories

HEADINGS_ES = ["Nombre completo", "Correo electrónico", "Cargo", "Idioma"]


def url(name: str, *args, language: str = "es") -> str:
    with override(language):
        return reverse(f"portal:{name}", args=args)


def managed_cooperative():
    """A cooperative and the membership of its manager."""
    cooperative = factories.OrganisationFactory(name="Cooperativa Café Sierra Nevada")
    manager = factories.MembershipFactory(
        organisation=cooperative, manages=True, user__full_name="Marta Quispe"
    )
    return cooperative, manager


def people(count: int, *, start: int = 1, domain: str = "coop.example") -> list[list[str]]:
    return [
        [f"Persona {number:04d}", f"persona{number:04d}@{domain}", "", ""]
        for number in range(start, start + count)
    ]


def csv_file(rows, headings=HEADINGS_ES, *, delimiter=",", encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headings)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_file(rows, headings=HEADINGS_ES) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
