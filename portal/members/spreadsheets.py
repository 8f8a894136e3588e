"""Spreadsheets of members: reading the CSV or XLSX file a manager uploads, and writing its template.

The first row that is not empty holds the column headings. They are recognised in any of the portal's
languages, with or without accents and whatever their case ("Correo electrónico", "E-mail", "email"), so a
template downloaded in Spanish and filled in by a Portuguese-speaking colleague still reads; columns the
portal does not know are left alone. A CSV file may be UTF-8 (with or without a byte-order mark) or
Windows-1252 (what Excel saves in Latin America), its cells separated by commas, semicolons (Excel in Spanish
and Portuguese) or tabs. An XLSX file is read from its first sheet, values only (no formula is run). An old
.xls file is refused with a word on how to save it as .xlsx.

A file that cannot be read at all raises `SpreadsheetError` with a message for the manager; what is wrong
with a row is for the import to say (importing.py).
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Membership

MAX_FILE_SIZE = 5 * 1024 * 1024  # bytes: 5,000 rows of members take a few hundred kilobytes
MAX_ROWS = 5_000
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Column:
    field: str  # the key of a row's values
    heading: Promise  # in the reader's language on the template
    also: tuple[str, ...] = ()  # other headings people write


COLUMNS = (
    Column("name", gettext_lazy("Full name"), ("name", "nombre", "nome", "nombre y apellido")),
    Column("email", gettext_lazy("E-mail"), ("email", "correo", "correo electronico", "e-mail address")),
    Column("role", gettext_lazy("Role"), ("rol", "cargo", "funcao", "papel")),
    Column("language", gettext_lazy("Language"), ("idioma", "lengua", "lingua")),
    # For members without e-mail: what they type to sign in (portal/login_names.py).
    Column(
        "login_name",
        gettext_lazy("User name or phone (without e-mail)"),
        ("login name", "user name", "phone", "usuario", "telefono", "celular", "nome de usuario"),
    ),
)
# Without these a file cannot be imported; a row then needs an e-mail address or a login name.
REQUIRED = ("name",)
ONE_OF = ("email", "login_name")


class SpreadsheetError(Exception):
    """The file cannot be read; the message says why, in the reader's language."""


@dataclass
class Sheet:
    """The rows of a file: each its row number in the spreadsheet (the headings are a row too) and its values
    by column field ("" where empty or absent)."""

    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def words(text: str) -> str:
    """Text as headings and choices are compared: no accents, no case, letters and digits only."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return "".join(character for character in text if character.isalnum())


def _known_headings() -> dict[str, str]:
    known = {}
    for column in COLUMNS:
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                known[words(column.heading)] = column.field
        known.update({words(other): column.field for other in (column.field, *column.also)})
    return known


def headings_in_reader_language() -> list[str]:
    return [str(column.heading) for column in COLUMNS]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _csv_lines(content: bytes) -> list[list[str]]:
    if b"\x00" in content:
        raise SpreadsheetError(_("This file is not a CSV file: save the spreadsheet as CSV or XLSX."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first_line.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _xlsx_lines(content: bytes) -> list[list]:
    import openpyxl  # loaded only when a spreadsheet is read
    from openpyxl.utils.exceptions import InvalidFileException

    unreadable = _(
        "This file could not be read as an XLSX spreadsheet: open it and save it again as XLSX or CSV."
    )
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise SpreadsheetError(unreadable)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            lines = []
            for values in workbook.worksheets[0].iter_rows(values_only=True):
                lines.append(list(values))
                if len(lines) > MAX_ROWS + 50:  # enough to tell the file is too long
                    break
            return lines
        finally:
            workbook.close()
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, IndexError, OSError):
        raise SpreadsheetError(unreadable) from None


def file_format(file_name: str) -> str:
    """The file's format from its name ("csv" or "xlsx"), or a SpreadsheetError."""
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension in FORMATS:
        return extension
    if extension in ("xls", "ods", "numbers"):
        raise SpreadsheetError(
            _("The portal reads .xlsx and .csv files: open this file and save it as XLSX (or CSV) first.")
        )
    raise SpreadsheetError(_("Upload a spreadsheet saved as XLSX or CSV."))


def read(content: bytes, file_name: str) -> Sheet:
    """The rows of an uploaded file, or a SpreadsheetError saying why it cannot be read."""
    if len(content) > MAX_FILE_SIZE:
        raise SpreadsheetError(_("This file is larger than 5 MB: split it into smaller files."))
    lines = _csv_lines(content) if file_format(file_name) == "csv" else _xlsx_lines(content)
    numbered = [(number, [_cell_text(value) for value in line]) for number, line in enumerate(lines, 1)]
    numbered = [(number, cells) for number, cells in numbered if any(cells)]
    if not numbered:
        raise SpreadsheetError(_("This file is empty."))
    (_heading_row, headings), rows = numbered[0], numbered[1:]
    known = _known_headings()
    positions = {}
    for position, heading in enumerate(headings):
        column = known.get(words(heading))
        if column is not None and column not in positions:
            positions[column] = position
    if any(column not in positions for column in REQUIRED) or not any(
        column in positions for column in ONE_OF
    ):
        raise SpreadsheetError(
            _(
                "The first row of the file must hold the column headings: %(headings)s. Download the "
                "template and copy your rows into it."
            )
            % {"headings": ", ".join(headings_in_reader_language())}
        )
    if len(rows) > MAX_ROWS:
        raise SpreadsheetError(
            _("This file has more than %(count)s rows: split it into smaller files.")
            % {"count": number_format(MAX_ROWS, force_grouping=True)}
        )
    sheet = Sheet()
    for number, cells in rows:
        values = {column.field: "" for column in COLUMNS}
        for column, position in positions.items():
            values[column] = cells[position] if position < len(cells) else ""
        sheet.rows.append((number, values))
    return sheet


# --- the template ---------------------------------------------------------------------------------------


def template_csv() -> bytes:
    """The headings in the reader's language, for Excel (a byte-order mark keeps the accents)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer).writerow(headings_in_reader_language())
    return buffer.getvalue().encode("utf-8")


def template_xlsx() -> bytes:
    """The headings in the reader's language, and lists to choose the role and the language from."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Members")[:31]
    sheet.append(headings_in_reader_language())
    for cell, width in zip(sheet[1], (32, 36, 20, 16, 30), strict=True):
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"
    choices = {"C": [str(label) for _code, label in Membership.Role.choices], "D": language_names()}
    for letter, names in choices.items():
        validation = DataValidation(type="list", formula1='"' + ",".join(names) + '"', allow_blank=True)
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def language_names() -> list[str]:
    """Each language as its speakers write it: Español, English, Português."""
    return [name for _code, name in settings.LANGUAGES]
