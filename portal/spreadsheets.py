"""The one way the portal writes spreadsheets (CSV) for coordinators: text a spreadsheet would run as a
formula is neutralised, whatever screen exports it.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel, LibreOffice and
Google Sheets as a formula: an access request whose role is `=HYPERLINK("https://evil.example")` would
become a live link in the coordinator's sheet. Such text gets a leading apostrophe, which spreadsheets
show as text and do not run. Numbers the portal computes itself (an `int` or a `Decimal`, a refund of
-12.00 included) stay numbers: they cannot carry a formula. A number typed by a user arrives as text and
is neutralised like any text.

Two ways in: `csv_response` for the portal's own reports (rows of values), and
`FormulaSafeExportMixin` for Wagtail's listing exports (`list_export`), which write CSV on their own.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A value as a spreadsheet reads it safely: text that would run as a formula starts with an
    apostrophe; numbers stay numbers, dates are ISO, nothing is empty."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    if isinstance(value, datetime.date):  # a datetime too
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
    Its XLSX needs nothing: Wagtail already writes formula-looking cells as text there."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return csv_cell(value) if export_format == "csv" else value
