"""BAG importers with real-format files: a genuine GeoPackage in bag-light's layout and the PDOK CSV extract.
Every malformed file is refused with a row-level Dutch report and changes nothing."""

import pytest

from veiliglokaal.audit.models import ProcessingLogEntry
from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.irregularities.models import Address, SourceImport

from .dook_files import (ERMELO_VBO, SAMPLE_HEADER, SAMPLE_LIGPLAATS, SAMPLE_ROWS, make_geopackage,
                         sample_csv, write)

pytestmark = pytest.mark.django_db


def _messages(source_import):
    return [(e["row"], e["column"], e["message"]) for e in source_import.error_report]


def _snapshot(municipality):
    return list(Address.objects.filter(municipality=municipality).order_by("bag_id").values())


# --- GeoPackage -------------------------------------------------------------------------------------------------

def test_geopackage_import_stores_addresses_with_provenance_and_buurt(load, tmp_path, municipality_a):
    path = make_geopackage(tmp_path / "bag-light.gpkg")
    result = load("bag_geopackage", path)
    assert result.status == JobStatus.SUCCEEDED, result.error_report
    assert (result.total, result.done, result.rows_imported) == (3, 3, 3)
    assert len(result.checksum) == 64 and result.file_name == "bag-light.gpkg" and result.finished_at
    shop = Address.objects.get(bag_id="0233010000000001")
    assert (shop.street, shop.house_number, shop.postcode, shop.city) == ("Stationsstraat", 1, "3851NH", "Ermelo")
    assert shop.purpose_list == ["winkelfunctie", "woonfunctie"]
    assert (shop.floor_area, shop.construction_year) == (120, 1931)
    assert (shop.building_id, shop.number_designation_id) == ("0233100000000001", "0233200000000001")
    assert (shop.rd_x, shop.rd_y) == (170900.0, 479100.0)
    assert shop.latitude == pytest.approx(52.2996, abs=1e-3) and shop.longitude == pytest.approx(5.6203, abs=1e-3)
    assert shop.neighbourhood_code == "BU02330000" and shop.source_import_id == result.pk
    assert Address.objects.get(bag_id="0233010000000003").neighbourhood_code == "BU02330003"
    assert ProcessingLogEntry.objects.filter(activity_key="irregularities.bronnen",
                                             municipality_id=municipality_a.pk).count() == 1


def test_second_geopackage_updates_known_addresses_and_adds_new_ones(load, tmp_path):
    load("bag_geopackage", make_geopackage(tmp_path / "v1.gpkg", ERMELO_VBO[:2]))
    changed = list(ERMELO_VBO[1])
    changed[6] = 70  # oppervlakte
    second = load("bag_geopackage", make_geopackage(tmp_path / "v2.gpkg", [tuple(changed), ERMELO_VBO[2]]))
    assert second.status == JobStatus.SUCCEEDED
    assert Address.objects.count() == 3
    assert Address.objects.get(bag_id="0233010000000002").floor_area == 70
    assert Address.objects.get(bag_id="0233010000000002").source_import_id == second.pk


@pytest.mark.parametrize("broken,expected", [
    ({"srs_id": 4326}, (0, "geom", "EPSG:28992")),
    ({"geometry_type": "POLYGON"}, (0, "geom", "POINT")),
    ({"drop_columns": ("openbare_ruimte_naam",)}, (1, "openbare_ruimte_naam", "Verplichte kolom ontbreekt")),
])
def test_geopackage_with_wrong_layout_is_refused(load, tmp_path, broken, expected):
    result = load("bag_geopackage", make_geopackage(tmp_path / "bag.gpkg", **broken))
    assert result.status == JobStatus.FAILED
    row, column, message = expected
    assert any(r == row and c == column and message in m for r, c, m in _messages(result)), _messages(result)
    assert not Address.objects.exists()


def test_file_that_is_not_a_geopackage_is_refused(load, tmp_path):
    result = load("bag_geopackage", write(tmp_path / "bag.gpkg", "dit is geen sqlite"))
    assert result.status == JobStatus.FAILED
    assert "geen GeoPackage" in result.error_report[0]["message"]


def test_geopackage_row_errors_are_all_reported_and_nothing_changes(load, tmp_path, municipality_a):
    load("bag_geopackage", make_geopackage(tmp_path / "good.gpkg", ERMELO_VBO[:1]))
    before = _snapshot(municipality_a)
    rows = [
        ERMELO_VBO[0][:6] + ("veel",) + ERMELO_VBO[0][7:],  # oppervlakte not a number (row 1)
        ("0363010000000009",) + ERMELO_VBO[1][1:],  # an Amsterdam id (row 2)
        ERMELO_VBO[2][:5] + ("woning",) + ERMELO_VBO[2][6:],  # unknown gebruiksdoel (row 3)
        ("0233010000000004",) + ERMELO_VBO[2][1:10] + (52.3, 5.6),  # WGS84 in an RD column (row 4)
        ERMELO_VBO[1],  # duplicate of ... row 2 is invalid, so this one stands (row 5)
        ERMELO_VBO[1],  # duplicate of row 5 (row 6)
        ("0233010000000007",) + ERMELO_VBO[2][1:],  # broken geometry (row 7)
    ]
    result = load("bag_geopackage", make_geopackage(tmp_path / "bad.gpkg", rows,
                                                    geometries={"0233010000000007": b"GP\x00\x01junk"}))
    assert result.status == JobStatus.FAILED and result.rows_imported == 0
    messages = _messages(result)
    assert (1, "oppervlakte", "Geen geheel getal.") in messages
    assert any(r == 2 and c == "identificatie" and "gemeente 0363" in m for r, c, m in messages)
    assert any(r == 3 and c == "gebruiksdoel" and "woning" in m for r, c, m in messages)
    assert any(r == 4 and c == "geom" and "buiten Nederland" in m for r, c, m in messages)
    assert any(r == 6 and c == "identificatie" and "regel 5" in m for r, c, m in messages)
    assert any(r == 7 and c == "geom" for r, c, m in messages)
    assert _snapshot(municipality_a) == before


# --- CSV extract ------------------------------------------------------------------------------------------------

def test_real_amsterdam_sample_loads_for_amsterdam(load, municipality_b):
    from django.conf import settings

    from veiliglokaal.core.models import Municipality

    amsterdam = Municipality.objects.get(code="GM0363")
    path = settings.PACKAGE_DIR / "core" / "data" / "bag_adressen_amsterdam_sample.csv"
    result = load("bag_csv", path, municipality=amsterdam)
    assert result.status == JobStatus.SUCCEEDED, result.error_report[:3]
    assert (result.total, result.rows_imported, result.rows_skipped) == (1904, 1904, 0)
    kinds = Address.objects.filter(municipality=amsterdam).values_list("kind", flat=True)
    assert (list(kinds).count("verblijfsobject"), list(kinds).count("ligplaats"), list(kinds).count("standplaats")) == (
        1836, 67, 1)
    address = Address.objects.get(municipality=amsterdam, bag_id="0363200000039881")
    assert (str(address), address.postcode, address.bag_status) == (
        "Barentszplein 1-H, Amsterdam", "1013NJ", "Naamgeving uitgegeven")
    assert address.latitude == pytest.approx(52.3892794) and address.purposes == ""
    # The same file offered for Ermelo: every row names the other municipality, and nothing is stored there.
    wrong = load("bag_csv", path)
    assert wrong.status == JobStatus.FAILED and len(wrong.error_report) == 1904
    assert not Address.objects.filter(municipality__code="GM0233").exists()


def test_csv_with_verblijfsobject_and_bag_attributes(load, tmp_path):
    header = "verblijfsobject_id;nummeraanduiding_id;straatnaam;huisnummer;postcode;woonplaats;gebruiksdoel;" \
             "oppervlakte;bouwjaar;pand_id;rd_x;rd_y"
    row = "0233010000000001;0233200000000001;Stationsstraat;1;3851 nh;Ermelo;woonfunctie;88;1974;" \
          "0233100000000001;170900;479100"
    result = load("bag_csv", write(tmp_path / "bag.csv", f"{header}\n{row}\n"))
    assert result.status == JobStatus.SUCCEEDED, result.error_report
    address = Address.objects.get()
    assert (address.bag_id, address.postcode, address.floor_area, address.neighbourhood_code) == (
        "0233010000000001", "3851NH", 88, "BU02330000")


@pytest.mark.parametrize("header,rows,expected", [
    (SAMPLE_HEADER.replace("straatnaam,", ""), [r.replace("Barentszplein,", "") for r in SAMPLE_ROWS],
     (1, "straatnaam", "Verplichte kolom ontbreekt")),
    (SAMPLE_HEADER, SAMPLE_ROWS + [SAMPLE_ROWS[0]], (5, "verblijfsobject_id", "regel 2")),
    (SAMPLE_HEADER, [SAMPLE_ROWS[0].replace("121223.0,489163.0", "4.89,52.38")], (2, "rd_x", "buiten Nederland")),
    (SAMPLE_HEADER, [SAMPLE_ROWS[0].replace("52.3892794", "48.85")], (2, "lat", "buiten Nederland")),
    (SAMPLE_HEADER, [SAMPLE_ROWS[0].replace(",1,,H,", ",een,,H,")], (2, "huisnummer", "Geen geheel getal")),
    (SAMPLE_HEADER, [SAMPLE_ROWS[0].replace("1005-01-01", "2020-13-45")], (2, "datum_begin", "Geen geldige datum")),
    (SAMPLE_HEADER, [SAMPLE_ROWS[0].replace("0363200000039881", "363200000039881")],
     (2, "nummeraanduiding_id", "voorloopnullen")),
    (SAMPLE_HEADER, [SAMPLE_ROWS[0] + ",extra"], (2, "", "de kopregel heeft 14 kolommen")),
])
def test_malformed_csv_extract_is_refused(load, tmp_path, header, rows, expected):
    from veiliglokaal.core.models import Municipality

    amsterdam = Municipality.objects.get(code="GM0363")
    result = load("bag_csv", sample_csv(tmp_path / "bag.csv", rows, header), municipality=amsterdam)
    assert result.status == JobStatus.FAILED
    row, column, message = expected
    assert any(r == row and c == column and message in m for r, c, m in _messages(result)), _messages(result)
    assert not Address.objects.exists()


def test_unknown_columns_are_ignored_and_listed_not_refused(load, tmp_path):
    from veiliglokaal.core.models import Municipality

    result = load("bag_csv", sample_csv(tmp_path / "bag.csv", [r + ",blauw" for r in SAMPLE_ROWS],
                                        SAMPLE_HEADER + ",kleur"), municipality=Municipality.objects.get(code="GM0363"))
    assert result.status == JobStatus.SUCCEEDED and result.ignored_columns == ["kleur"]
    assert result.column_mapping["straatnaam"] == "straatnaam" and "kleur" not in result.column_mapping.values()
    assert Address.objects.count() == len(SAMPLE_ROWS)


def test_latin1_csv_is_read_with_its_accents(load, tmp_path):
    from veiliglokaal.core.models import Municipality

    text = "\n".join([SAMPLE_HEADER, SAMPLE_ROWS[0].replace("Barentszplein", "Prins Hendrikkade Zuidzijde é")]) + "\n"
    result = load("bag_csv", write(tmp_path / "bag.csv", text, "latin-1"),
                  municipality=Municipality.objects.get(code="GM0363"))
    assert result.status == JobStatus.SUCCEEDED, result.error_report
    assert Address.objects.get().street == "Prins Hendrikkade Zuidzijde é"


def test_ligplaatsen_are_imported_with_their_kind(load, tmp_path):
    from veiliglokaal.core.models import Municipality

    result = load("bag_csv", sample_csv(tmp_path / "bag.csv", SAMPLE_ROWS + [SAMPLE_LIGPLAATS]),
                  municipality=Municipality.objects.get(code="GM0363"))
    assert (result.status, result.rows_imported, result.rows_skipped) == (JobStatus.SUCCEEDED, 4, 0)
    assert str(Address.objects.get(bag_id="0363200000500001")) == "Westerdok 2, Amsterdam (ligplaats)"


def test_failed_import_keeps_its_report_and_provenance(load, tmp_path):
    result = load("bag_csv", sample_csv(tmp_path / "bag.csv"))  # Amsterdam rows offered for Ermelo
    stored = SourceImport.objects.get(pk=result.pk)
    assert stored.status == JobStatus.FAILED and stored.done == stored.total == 3
    assert stored.checksum == result.checksum and stored.file_size > 0 and stored.file.name
    assert not ProcessingLogEntry.objects.filter(activity_key="irregularities.bronnen").exists()


def test_geopackage_whose_header_declares_more_than_the_limit_is_refused_before_opening(load, tmp_path):
    import struct

    path = make_geopackage(tmp_path / "bag-light.gpkg")
    data = bytearray(path.read_bytes())
    data[28:32] = struct.pack(">I", 2**31)  # pages in the header: far beyond 2 GB at any page size
    path.write_bytes(bytes(data))
    result = load("bag_geopackage", path)
    assert result.status == JobStatus.FAILED and "volgens de kop" in result.error_report[0]["message"]
    assert not Address.objects.exists()
