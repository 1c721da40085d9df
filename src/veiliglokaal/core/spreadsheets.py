"""The one CSV/XLSX writer of every download.

CSV: UTF-8 with a byte-order mark and `;` between cells, so Dutch Excel opens it with the right columns and accents.
Every text cell (the header too) that a spreadsheet would run as a formula is neutralised (CSV/formula injection).
Large exports stream (`stream=True`): rows are written as they are read. XLSX goes through openpyxl's write-only mode;
numbers and dates stay typed, text is never a formula.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DELIMITER = ";"
BOM = "\ufeff"


def csv_safe(value):
    """Neutralise spreadsheet formulas (CSV injection): a cell starting with = + - @ tab or CR is prefixed with '."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def _is_number(value) -> bool:
    return isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool)


def cell(value):
    """A value as written to CSV: numbers as they are (a negative number is no formula), dates ISO, text guarded."""
    if _is_number(value):
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return csv_safe(value)


class _Line:
    """File-like target that hands back what csv.writer writes, so each row can be yielded."""

    def write(self, text):
        return text


def csv_lines(header: list, rows: Iterable[Iterable]) -> Iterable[str]:
    """The CSV text line by line, starting with the byte-order mark."""
    writer = csv.writer(_Line(), delimiter=DELIMITER)
    yield BOM + writer.writerow([csv_safe(h) for h in header])
    for row in rows:
        yield writer.writerow([cell(v) for v in row])


def csv_bytes(header: list, rows: Iterable[Iterable]) -> bytes:
    return "".join(csv_lines(header, rows)).encode("utf-8")


def xlsx_bytes(header: list, rows: Iterable[Iterable], title: str = "Blad1") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([csv_safe(h) for h in header])
    for row in rows:
        sheet.append([_xlsx_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(value):
    if isinstance(value, decimal.Decimal):
        return float(value)
    if _is_number(value) or isinstance(value, (datetime.date, datetime.datetime)):
        return value
    return csv_safe(value)  # text: never a formula


def _attach(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def csv_response(filename: str, header: list, rows: Iterable[Iterable], stream: bool = False):
    """A CSV download. `stream=True` for exports that may be large (rows are read while the response is sent)."""
    if stream:
        body = (line.encode("utf-8") for line in csv_lines(header, rows))
        return _attach(StreamingHttpResponse(body, content_type=CSV_TYPE), filename)
    return _attach(HttpResponse(csv_bytes(header, rows), content_type=CSV_TYPE), filename)


def xlsx_response(filename: str, header: list, rows: Iterable[Iterable], title: str = "Blad1"):
    return _attach(HttpResponse(xlsx_bytes(header, rows, title), content_type=XLSX_TYPE), filename)
