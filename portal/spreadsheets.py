"""The one way the portal writes spreadsheets (CSV) for coordinators: text a spreadsheet would run as a
formula is neutralised, whatever screen exports it.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel, LibreOffice and
Google Sheets as a formula: an access request whose role is `=HYPERLINK("https://evil.example")` would
become a live link in the coordinator's sheet. Such text gets a leading apostrophe, which spreadsheets
show as text and do not run. Numbers the portal computes itself (an `int` or a `Decimal`, a refund of
-12.00 included) stay numbers: they cannot carry a formula. A number typed by a user arrives as text and
is neutralised like any text.

CSV files are read by machines as much as by people, so the values stay plain: a moment in ISO 8601 with
its offset, in the network's time zone ("2026-12-07T18:01:00-06:00"), a date in ISO 8601, an amount of
money a plain decimal number (12.50) beside a column naming its currency. The headings are in the reader's
language.

Two ways in: `csv_response` for the portal's own reports (rows of values), and
`FormulaSafeExportMixin` for Wagtail's listing exports (`list_export`), which write CSV on their own.

XLSX (`xlsx_response`, openpyxl, for the managers' exports): every text is written as a text cell, never as
a formula (openpyxl would store text starting with `=` as one), and kept as typed; numbers stay numbers,
dates are date cells, a moment is written in the network's time zone.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A value as a spreadsheet reads it safely: text that would run as a formula starts with an
    apostrophe; numbers stay numbers, dates and moments are ISO 8601 (a moment in the active zone, the
    network's, with its offset), nothing is empty."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):  # a naive datetime too
        return value.isoformat()
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_response(filename: str, rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV download: UTF-8 with a byte-order mark (so that Excel shows accents right), every cell through
    `csv_cell`, never cached (reports hold personal and money figures)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response


class CsvExport:
    """Marks a view that answers `?export=csv` with `csv_response` (the test of every export finds it)."""


class FormulaSafeExportMixin:
    """For a Wagtail view with `list_export` (SpreadsheetExportMixin): its CSV cells go through `csv_cell`.
    Its XLSX needs nothing: Wagtail already writes formula-looking cells as text there.

    Wagtail streams its CSV: the rows are written after the view has returned, when the reader's language and
    the network's zone are no longer active. Each row is written in those of the request that asked."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return csv_cell(value) if export_format == "csv" else value

    def stream_csv(self, queryset):
        language, zone = translation.get_language(), timezone.get_current_timezone()
        rows = super().stream_csv(queryset)
        while True:
            with translation.override(language), timezone.override(zone):
                row = next(rows, None)
            if row is None:
                return
            yield row


# --- XLSX ---------------------------------------------------------------------------------------------------

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters a worksheet cannot hold (control characters but tab, line feed and carriage return).
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_TITLE_UNWANTED = re.compile(r"[\[\]:*?/\\]")


def xlsx_value(value):
    """A value as a worksheet cell holds it: numbers and dates as themselves (a moment in the active zone,
    the network's, without its offset, which a cell cannot hold), anything else as its text."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value
    return _UNWRITABLE.sub("", str(value))


def xlsx_response(filename: str, rows: Iterable[Iterable], *, sheet_title: str = "") -> HttpResponse:
    """An XLSX download of one sheet, its first row in bold (the headings), never cached. Text is always a
    text cell: a typed `=HYPERLINK(…)` is shown as typed and never runs."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_SHEET_TITLE_UNWANTED.sub("", sheet_title)[:31] or None)
    bold = Font(bold=True)
    for number, row in enumerate(rows):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=xlsx_value(value))
            if cell.data_type == "f":  # text openpyxl took for a formula
                cell.data_type = "s"
            if number == 0:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response
