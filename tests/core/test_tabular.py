"""The kit's tabular reader and column mapping: real export layouts, encodings, delimiters, XLSX, JSON lines,
limits, and a decompression bomb refused before openpyxl touches it."""

import datetime
import io
import time
import tracemalloc
import zipfile

import pytest
from hypothesis import given, settings as hsettings
from hypothesis import strategies as st
from openpyxl import Workbook

from veiliglokaal.core import tabular
from veiliglokaal.core.column_mapping import Schema, Target, saved_mapping
from veiliglokaal.core.services import remember_column_mapping
from veiliglokaal.core.tabular import TabularError

# NLExtract's bagadres CSV (semicolon, municipal Excel re-saves it as Windows-1252) with extra columns.
BAGADRES = ("openbareruimte;huisnummer;huisletter;huisnummertoevoeging;postcode;woonplaats;gemeente;provincie;"
            "nummeraanduiding;verblijfsobjectgebruiksdoel;oppervlakteverblijfsobject;verblijfsobjectstatus;object_id;"
            "object_type;nevenadres;pandid;pandstatus;pandbouwjaar;x;y;lon;lat\r\n"
            "Citroënstraat;12;;;3851NH;Ermelo;Ermelo;Gelderland;0233200000000001;woonfunctie;88;Verblijfsobject in "
            "gebruik;0233010000000001;VBO;;0233100000000001;Pand in gebruik;1968;171000.5;477000.25;5.6;52.3\r\n"
            "\"Rue d'Éte, hoek\";3;a;;3851NJ;Ermelo;Ermelo;Gelderland;0233200000000002;winkelfunctie;40;Verblijfsobject "
            "in gebruik;0233010000000002;VBO;;0233100000000002;Pand in gebruik;2001;171010;477010;5.6;52.3\r\n")

SCHEMA = Schema("test.bag", (
    Target("verblijfsobject_id", "verblijfsobject-id", True,
           ("identificatie", "verblijfsobject_identificatie", "vbo_id", "object_id")),
    Target("straatnaam", "straatnaam", True, ("openbare_ruimte_naam", "openbareruimte")),
    Target("huisnummer", "huisnummer", True),
    Target("postcode", "postcode"),
    Target("gebruiksdoel", "gebruiksdoel", suggestions=("verblijfsobjectgebruiksdoel",)),
))


def _rows(data: bytes, name="file.csv", **kwargs):
    header, rows = tabular.read_all(data, name=name, **kwargs)
    return header, [(row.number, row.values, row.problem) for row in rows]


# --- CSV ----------------------------------------------------------------------------------------------------------

def test_cp1252_semicolon_export_with_extra_columns_is_read_and_mapped():
    with tabular.open_table(BAGADRES.encode("cp1252"), name="bagadres.csv") as table:
        assert table.encoding == "cp1252" and table.delimiter == ";"
        rows = list(table.rows)
        resolution = SCHEMA.resolve(table.header)
    assert rows[0].values["openbareruimte"] == "Citroënstraat" and rows[1].values["openbareruimte"] == "Rue d'Éte, hoek"
    assert resolution.ok and resolution.mapping == {
        "verblijfsobject_id": "object_id", "straatnaam": "openbareruimte", "huisnummer": "huisnummer",
        "postcode": "postcode", "gebruiksdoel": "verblijfsobjectgebruiksdoel"}
    assert "gemeente" in resolution.ignored and "pandstatus" in resolution.ignored and "object_id" not in resolution.ignored


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "latin-1"])
def test_encodings_with_and_without_bom(encoding):
    data = " Straat naam ,Plaats\nCafé Ëlly,Ermelo\n".encode(encoding)
    header, rows = _rows(data)
    assert header == ["Straat naam", "Plaats"]  # BOM and whitespace gone, case kept
    assert rows == [(2, {"Straat naam": "Café Ëlly", "Plaats": "Ermelo"}, "")]


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_delimiters_and_quoted_fields_with_embedded_newlines(delimiter):
    data = (f'id{delimiter}tekst{delimiter}n\n1{delimiter}"regel een\nregel{delimiter} twee"{delimiter}3\n'
            f'2{delimiter}gewoon{delimiter}4\n').encode()
    header, rows = _rows(data)
    assert header == ["id", "tekst", "n"]
    assert rows == [(2, {"id": "1", "tekst": f"regel een\nregel{delimiter} twee", "n": "3"}, ""),
                    (4, {"id": "2", "tekst": "gewoon", "n": "4"}, "")]


def test_single_column_file_falls_back_to_a_sane_delimiter():
    assert _rows(b"postcode\n3851NH\n3851NJ\n")[1][1][1] == {"postcode": "3851NJ"}


def test_row_with_too_many_values_is_a_row_problem_and_blank_lines_are_skipped():
    header, rows = _rows(b"a,b\n1,2\n\n1,2,3\n4,5,\n")
    assert [(n, p != "") for n, _v, p in rows] == [(2, False), (4, True), (5, False)]
    assert "de kopregel heeft 2 kolommen" in rows[1][2]


def test_duplicate_and_empty_header_names_are_made_unique_not_refused():
    header, _rows_ = _rows(b"naam,,Naam ,x\n1,2,3,4\n")
    assert header == ["naam", "kolom 2", "Naam (2)", "x"]


@pytest.mark.parametrize("data,name,expected", [
    (b"", "a.csv", "leeg"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a.csv", "geen tekstbestand"),
    (b"PK\x03\x04rest", "a.csv", "geen tekstbestand"),
    (b"a,b\n1,2\n", "a.xlsx", "geen Excel-bestand"),
    (b"a,b\n1,2\n", "a.xls", "oude Excel-formaat"),
    (b'a,b\n1,"open\n', "a.csv", None),
])
def test_malformed_files_are_refused_with_a_dutch_message(data, name, expected):
    if expected is None:  # an unclosed quote runs to the end: one row, read to the end, no crash
        assert _rows(data, name)[1] == [(2, {"a": "1", "b": "open"}, "")]
        return
    with pytest.raises(TabularError, match=expected):
        _rows(data, name)


def test_forced_encoding_refuses_a_file_it_would_garble():
    with pytest.raises(TabularError, match="niet in UTF-8"):
        _rows("a\nCafé\n".encode("cp1252"), encoding="utf-8")
    with pytest.raises(TabularError, match="kies de tekenset 'UTF-8'"):
        _rows("a\nCafé\n".encode("utf-8"), encoding="cp1252")


def test_limits_on_bytes_and_rows(settings):
    with pytest.raises(TabularError, match="groter dan"):
        _rows(b"a\n" + b"1\n" * 100, max_bytes=50)
    settings.TABULAR_MAX_ROWS = 3
    with pytest.raises(TabularError, match="meer dan 3 regels"):
        _rows(b"a\n1\n2\n3\n4\n")
    assert len(_rows(b"a\n1\n2\n3\n")[1]) == 3


@given(st.lists(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=8)
                         .map(str.strip), min_size=3, max_size=3), min_size=1, max_size=15),
       st.sampled_from([";", ",", "\t", "|"]), st.sampled_from(["utf-8", "utf-8-sig"]))
@hsettings(max_examples=60, deadline=None)
def test_csv_roundtrip(rows, delimiter, encoding):
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(["kolom a", "kolom b", "kolom c"])
    writer.writerows(rows)
    _header, parsed = _rows(buffer.getvalue().encode(encoding))
    expected = [row for row in rows if any(value for value in row)]
    assert [list(values.values()) for _n, values, _p in parsed] == expected


# --- JSON lines ---------------------------------------------------------------------------------------------------

def test_json_lines_rows_and_problems_per_line():
    data = b'{"id": "a", "tijd": "2026-11-30T21:05:00Z", "extra": {"x": 1}}\n\nnot json\n[1]\n{"id": 2, "flag": true}\n'
    header, rows = _rows(data, name="posts.jsonl")
    assert header == ["id", "tijd", "extra", "flag"]
    assert rows[0] == (1, {"id": "a", "tijd": "2026-11-30T21:05:00Z", "extra": '{"x": 1}'}, "")
    assert [(n, p) for n, _v, p in rows[1:]] == [(3, "Geen geldige JSON."), (4, "Een JSON-object verwacht."), (5, "")]
    assert rows[3][1] == {"id": "2", "flag": "ja"}


# --- XLSX ---------------------------------------------------------------------------------------------------------

def _xlsx(rows, *, sheet_title=None, extra_sheet=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if sheet_title:
        sheet.title = sheet_title
    for row in rows:
        sheet.append(row)
    if extra_sheet:
        other = workbook.create_sheet(extra_sheet[0])
        for row in extra_sheet[1]:
            other.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_first_or_named_sheet_values_as_typed():
    data = _xlsx([[None], [" Datum ", "Bedrag", "Aantal", "Tijd", "Tekst"],
                  [datetime.datetime(2025, 2, 3), 12.5, 3.0, datetime.datetime(2025, 2, 3, 9, 15), "Zoë"],
                  [None, None, None, None, None],
                  [datetime.date(2024, 12, 31), 7, 0, datetime.time(14, 30), " ruimte "]],
                 extra_sheet=("Tweede", [["x"], ["y"]]))
    header, rows = _rows(data, name="export.xlsx")
    assert header == ["Datum", "Bedrag", "Aantal", "Tijd", "Tekst"]  # the first non-empty row is the header
    assert rows == [(3, {"Datum": "2025-02-03", "Bedrag": "12.5", "Aantal": "3", "Tijd": "2025-02-03 09:15",
                         "Tekst": "Zoë"}, ""),
                    (5, {"Datum": "2024-12-31", "Bedrag": "7", "Aantal": "0", "Tijd": "14:30", "Tekst": "ruimte"}, "")]
    assert _rows(data, name="export.xlsx", sheet="Tweede")[1] == [(2, {"x": "y"}, "")]
    with pytest.raises(TabularError, match="Werkbladen: Sheet, Tweede"):
        _rows(data, name="export.xlsx", sheet="Derde")


def test_damaged_xlsx_is_refused():
    data = _xlsx([["a"], [1]])
    with pytest.raises(TabularError, match="ZIP-bestand|Excel-bestand kan niet"):
        _rows(data[:len(data) // 2], name="kapot.xlsx")


def _bomb(path, inflated_mb: int = 120) -> bytes:
    """A real XLSX whose sheet XML inflates from a few hundred KB to `inflated_mb` MB of rows."""
    template = zipfile.ZipFile(io.BytesIO(_xlsx([["a", "b"], [1, 2]])))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for item in template.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(item, template.read(item.filename))
                continue
            with bomb.open(item.filename, "w", force_zip64=True) as sheet:
                sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                            b'spreadsheetml/2006/main"><sheetData>')
                row = b'<row><c t="inlineStr"><is><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></is></c></row>'
                block = row * (1024 * 1024 // len(row))
                for _ in range(inflated_mb):
                    sheet.write(block)
                sheet.write(b"</sheetData></worksheet>")
    return path.read_bytes()


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    return _bomb(tmp_path_factory.mktemp("bomb") / "bom.xlsx")


def test_xlsx_bomb_is_refused_fast_with_flat_memory(bomb):
    assert len(bomb) < 500 * 1024  # as small as the file of the security finding (429 KB)
    tracemalloc.start()
    started = time.process_time()
    with pytest.raises(TabularError, match="zip-bom"):
        _rows(bomb, name="bom.xlsx")
    elapsed = time.process_time() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 0.5 and peak < 5 * 1024 * 1024


def test_zip_check_limits_total_size_and_entry_count(settings, tmp_path):
    data = _xlsx([["a"], [1]])
    settings.TABULAR_ZIP_MAX_UNCOMPRESSED = 1000
    with pytest.raises(TabularError, match="uitgepakt is het"):
        tabular.check_zip(data)
    settings.TABULAR_ZIP_MAX_UNCOMPRESSED = 10**9
    settings.TABULAR_ZIP_MAX_ENTRIES = 3
    with pytest.raises(TabularError, match="onderdelen"):
        tabular.check_zip(data)
    settings.TABULAR_ZIP_MAX_ENTRIES = 10_000
    tabular.check_zip(data)  # an ordinary workbook passes


# --- mapping ------------------------------------------------------------------------------------------------------

def test_automatic_mapping_ignores_case_spaces_underscores_and_accents():
    header = ["Verblijfsobject Identificatie", "OPENBARE-RUIMTE-NAAM", "Huisnummer ", "Kleur"]
    resolution = SCHEMA.resolve(header)
    assert resolution.mapping == {"verblijfsobject_id": "Verblijfsobject Identificatie",
                                  "straatnaam": "OPENBARE-RUIMTE-NAAM", "huisnummer": "Huisnummer "}
    assert resolution.ignored == ["Kleur"] and resolution.ok


def test_missing_required_field_names_the_field_and_the_closest_columns():
    resolution = SCHEMA.resolve(["vbo", "straat_nm", "huisnr", "kleur"])
    assert not resolution.ok
    assert resolution.problems["straatnaam"] == (
        "Verplichte kolom ontbreekt: 'straatnaam'. Lijkt een van deze kolommen erop: 'straat_nm'?")
    assert "'huisnr'" in resolution.problems["huisnummer"]


def test_checked_mapping_refuses_unknown_and_twice_used_columns():
    problems = SCHEMA.check(["id", "straat", "nr"], {"verblijfsobject_id": "id", "straatnaam": "id",
                                                     "huisnummer": "weg"}).problems
    assert "al gekoppeld" in problems["straatnaam"] and "staat niet in het bestand" in problems["huisnummer"]


@pytest.mark.django_db
def test_saved_mapping_is_reused_before_the_suggestions(municipality_a, municipality_b):
    header = ["id", "object_id", "weg", "nr"]
    remember_column_mapping(municipality_a.pk, SCHEMA.key, {"verblijfsobject_id": "id", "straatnaam": "weg",
                                                            "huisnummer": "nr", "postcode": ""})
    remember_column_mapping(municipality_a.pk, SCHEMA.key, {"verblijfsobject_id": "id", "straatnaam": "weg",
                                                            "huisnummer": "nr"})  # updated, not duplicated
    saved = saved_mapping(municipality_a.pk, SCHEMA.key)
    assert saved == {"verblijfsobject_id": "id", "straatnaam": "weg", "huisnummer": "nr"}
    assert SCHEMA.resolve(header, saved).mapping["verblijfsobject_id"] == "id"  # not the suggestion 'object_id'
    assert saved_mapping(municipality_b.pk, SCHEMA.key) == {}  # per municipality
    assert SCHEMA.resolve(header, saved_mapping(municipality_b.pk, SCHEMA.key)).mapping["verblijfsobject_id"] == \
        "object_id"
