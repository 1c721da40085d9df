"""The one CSV/XLSX writer: BOM, `;`, formula guard on every text cell, typed XLSX cells, streaming."""

import csv
import datetime
import decimal
import io

from django.http import StreamingHttpResponse
from openpyxl import load_workbook

from veiliglokaal.core.spreadsheets import csv_bytes, csv_response, xlsx_bytes, xlsx_response

HOSTILE = ["=HYPERLINK(\"http://x\")", "+31 6 1234", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "gewoon"]


def _read(data: bytes):
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_has_bom_semicolons_and_guards_every_text_cell():
    rows = _read(csv_bytes(["=kop", "b"], [[value, "ü; é"] for value in HOSTILE]))
    assert rows[0] == ["'=kop", "b"]
    assert [r[0] for r in rows[1:]] == ["'" + v for v in HOSTILE[:-1]] + ["gewoon"]
    assert all(r[1] == "ü; é" for r in rows[1:])


def test_numbers_and_dates_are_written_as_they_are():
    rows = _read(csv_bytes(["n"], [[-5, 2.5, decimal.Decimal("1.10"), datetime.date(2026, 1, 2), None, True]]))
    assert rows[1] == ["-5", "2.5", "1.10", "2026-01-02", "", "True"]


def test_streamed_response_equals_the_buffered_one():
    rows = [["a", "=1"], ["b", "2"]]
    streamed = csv_response("x.csv", ["k", "v"], iter(rows), stream=True)
    buffered = csv_response("x.csv", ["k", "v"], rows)
    assert isinstance(streamed, StreamingHttpResponse)
    assert streamed.getvalue() == buffered.content
    for response in (streamed, buffered):
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
        assert response["Cache-Control"] == "private, no-store"


def test_streaming_reads_rows_lazily():
    seen = []

    def rows():
        for i in range(3):
            seen.append(i)
            yield [i]

    response = csv_response("x.csv", ["i"], rows(), stream=True)
    assert seen == []
    chunks = iter(response.streaming_content)
    next(chunks), next(chunks)
    assert seen == [0]


def test_xlsx_keeps_types_and_never_holds_a_formula():
    data = xlsx_bytes(["=kop", "getal", "datum"],
                      [[v, decimal.Decimal("2.5"), datetime.date(2026, 1, 2)] for v in HOSTILE], title="Meldingen")
    sheet = load_workbook(io.BytesIO(data))["Meldingen"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("'=kop", "getal", "datum")
    assert all(isinstance(v[0], str) and not v[0].startswith("=") for v in values[1:])
    assert values[1][1] == 2.5 and values[1][2] == datetime.datetime(2026, 1, 2)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_xlsx_response_headers():
    response = xlsx_response("m.xlsx", ["a"], [[1]])
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="m.xlsx"'


def test_no_module_writes_csv_or_xlsx_downloads_itself(settings):
    """Downloads go through core.spreadsheets; the demo writes register files in their own formats (not downloads)."""
    package = settings.PACKAGE_DIR
    offenders = []
    for path in package.rglob("*.py"):
        relative = str(path.relative_to(package))
        if relative == "core/spreadsheets.py" or relative.startswith("demo/"):
            continue
        source = path.read_text(encoding="utf-8")
        if any(marker in source for marker in ("csv.writer(", "csv.DictWriter(", "Workbook(", 'content_type="text/csv')):
            offenders.append(relative)
    assert offenders == []
