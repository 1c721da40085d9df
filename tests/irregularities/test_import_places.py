"""All addressable objects of the BAG: ligplaatsen (woonboten) and standplaatsen (woonwagens) from bag-light.gpkg's
own tables and from the CSV extracts, registers referring to them, and the GeoPackage's file-level refusals (a
damaged or cut-off download, a file that is no GeoPackage, coordinates outside the Netherlands naming the BAG ids).
The fixtures are synthetic objects in the real layouts (tests/irregularities/dook_files.py)."""

import pytest
import shapely

from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.irregularities.models import Address, AddressKind, PropertyValue, RegistrationCount

from .dook_files import (ERMELO_LIGPLAATS, ERMELO_STANDPLAATS, ERMELO_VBO, SAMPLE_LIGPLAATS,
                         SAMPLE_ROWS, add_places, csv_text, full_geopackage, make_geopackage, sample_csv, write)

pytestmark = pytest.mark.django_db


def _messages(source_import):
    return [(e["row"], e["column"], e["message"]) for e in source_import.error_report]


def test_geopackage_loads_verblijfsobjecten_ligplaatsen_and_standplaatsen(load, tmp_path):
    result = load("bag_geopackage", full_geopackage(tmp_path / "bag-light.gpkg"))
    assert result.status == JobStatus.SUCCEEDED, result.error_report
    assert (result.total, result.rows_imported, result.rows_skipped) == (5, 5, 0)
    kinds = dict(Address.objects.values_list("bag_id", "kind"))
    assert kinds == {vbo[0]: AddressKind.VERBLIJFSOBJECT for vbo in ERMELO_VBO} | {
        "0233020000000001": AddressKind.LIGPLAATS, "0233030000000001": AddressKind.STANDPLAATS}
    boat = Address.objects.get(bag_id="0233020000000001")
    assert (boat.street, boat.house_number, boat.postcode, boat.city, boat.purposes) == (
        "Haven", 2, "3851AA", "Ermelo", "")
    assert (boat.number_designation_id, boat.bag_status) == ("0233200000000101", "Plaats aangewezen")
    assert boat.floor_area is None and boat.building_id == "" and str(boat) == "Haven 2, Ermelo (ligplaats)"
    assert boat.neighbourhood_code  # a point inside the mooring, in a buurt
    # The L-shaped pitch: its point lies inside the polygon although the centroid does not.
    pitch = Address.objects.get(bag_id="0233030000000001")
    polygon = shapely.Polygon(ERMELO_STANDPLAATS[0][5])
    assert not polygon.contains(polygon.centroid)
    assert polygon.contains(shapely.Point(pitch.rd_x, pitch.rd_y))
    assert pitch.latitude == pytest.approx(52.30, abs=0.01) and pitch.longitude == pytest.approx(5.61, abs=0.01)


def test_brp_and_woz_rows_at_a_woonboot_or_woonwagen_are_accepted(load, tmp_path):
    """Before, one person registered in a woonwagen refused the whole BRP file ('Lees eerst de BAG in')."""
    assert load("bag_geopackage", full_geopackage(tmp_path / "bag-light.gpkg")).status == JobStatus.SUCCEEDED
    brp = load("brp_counts_csv", write(tmp_path / "brp.csv", csv_text(
        ["verblijfsobject_identificatie", "aantal_ingeschreven"],
        [["0233010000000002", 2], ["0233020000000001", 1], ["0233030000000001", 4]], ";")))
    assert brp.status == JobStatus.SUCCEEDED, brp.error_report
    persons = {c.address.bag_id: c.persons for c in RegistrationCount.objects.select_related("address")}
    assert persons == {"0233010000000002": 2, "0233020000000001": 1, "0233030000000001": 4}
    woz = load("woz_csv", write(tmp_path / "woz.csv", csv_text(
        ["verblijfsobject_id", "woz_waarde"], [["0233030000000001", 95000]])))
    assert woz.status == JobStatus.SUCCEEDED and PropertyValue.objects.get().address.kind == AddressKind.STANDPLAATS


def test_a_second_geopackage_updates_a_ligplaats_by_its_id(load, tmp_path):
    load("bag_geopackage", full_geopackage(tmp_path / "v1.gpkg"))
    moved = [(*ERMELO_LIGPLAATS[0][:2], 4, *ERMELO_LIGPLAATS[0][3:])]
    second = make_geopackage(tmp_path / "v2.gpkg", ERMELO_VBO[:1])
    assert load("bag_geopackage", add_places(second, "ligplaats", moved)).status == JobStatus.SUCCEEDED
    assert Address.objects.count() == 5 and Address.objects.get(bag_id="0233020000000001").house_number == 4


@pytest.mark.parametrize("table,rows,change,expected", [
    ("ligplaats", ERMELO_LIGPLAATS, {"geometry_type": "LINESTRING"}, (0, "ligplaats.geom", "vlakken (POLYGON)")),
    ("standplaats", ERMELO_STANDPLAATS, {"srs_id": 4326}, (0, "standplaats.geom", "EPSG:28992")),
    # A verblijfsobject id in the ligplaats table.
    ("ligplaats", [("0233010000000009", *ERMELO_LIGPLAATS[0][1:])], {}, (1, "ligplaats.identificatie", "ligplaats")),
    ("standplaats", ERMELO_STANDPLAATS, {"geometries": {"0233030000000001": b"GP\x00\x01\x40\x71\x00\x00junk"}},
     (1, "standplaats.geom", "")),
])
def test_malformed_ligplaats_or_standplaats_table_refuses_the_file(load, tmp_path, table, rows, change, expected):
    path = add_places(make_geopackage(tmp_path / "bag.gpkg"), table, rows, **change)
    result = load("bag_geopackage", path)
    assert result.status == JobStatus.FAILED
    row, column, message = expected
    assert any(r == row and c == column and message in m for r, c, m in _messages(result)), _messages(result)
    assert not Address.objects.exists()


def test_truncated_geopackage_is_called_damaged_or_incomplete(load, tmp_path):
    path = full_geopackage(tmp_path / "bag-light.gpkg")
    data = path.read_bytes()
    assert len(data) > 4096 * 3
    cut = write(tmp_path / "cut.gpkg", "")
    cut.write_bytes(data[:len(data) // 2])  # a download that stopped half way
    result = load("bag_geopackage", cut)
    assert result.status == JobStatus.FAILED and len(result.error_report) == 1
    message = result.error_report[0]["message"]
    assert "beschadigd of onvolledig" in message and "downloaden afgebroken?" in message
    assert "geen GeoPackage" not in message
    # Cut inside the 100-byte SQLite header: still an incomplete download, not "another kind of file".
    cut.write_bytes(data[:40])
    assert "beschadigd of onvolledig" in load("bag_geopackage", cut).error_report[0]["message"]
    assert not Address.objects.exists()


def test_geopackage_with_broken_pages_is_called_damaged(load, tmp_path):
    path = full_geopackage(tmp_path / "bag-light.gpkg")
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page overwritten: the size is right, the content is not
    path.write_bytes(bytes(data))
    result = load("bag_geopackage", path)
    assert result.status == JobStatus.FAILED
    assert "beschadigd of onvolledig" in result.error_report[0]["message"], result.error_report
    assert not Address.objects.exists()


def test_other_files_are_still_no_geopackage(load, tmp_path):
    for content in (b"PK\x03\x04 a zip file", b"identificatie;huisnummer\n"):  # (an empty file: refused on upload)
        result = load("bag_geopackage", write(tmp_path / "bag.gpkg", content.decode()))
        assert result.status == JobStatus.FAILED
        assert "geen GeoPackage" in result.error_report[0]["message"], content
    assert not Address.objects.exists()


def test_coordinates_outside_the_netherlands_name_the_bag_ids(load, tmp_path):
    # A file whose points were written in WGS84 degrees while it declares RD: every object lies "in the sea".
    rows = [vbo[:10] + (5.62 + i / 1000, 52.30) for i, vbo in enumerate(ERMELO_VBO)]
    rows += [(f"02330100000001{i:02d}", *ERMELO_VBO[0][1:10], 5.6, 52.3) for i in range(12)]
    path = add_places(make_geopackage(tmp_path / "bag.gpkg", rows), "ligplaats",
                      [(*ERMELO_LIGPLAATS[0][:5], [(5.6, 52.3), (5.7, 52.3), (5.7, 52.4), (5.6, 52.3)])])
    result = load("bag_geopackage", path)
    assert result.status == JobStatus.FAILED
    messages = _messages(result)
    summary = [m for r, c, m in messages if r == 0]
    assert len(summary) == 1 and summary[0].startswith("16 objecten liggen buiten Nederland: 0233010000000001, ")
    assert "En nog 6" in summary[0] and "RD New" in summary[0]
    assert any(r == 1 and c == "geom" and m.startswith("BAG-id 0233010000000001: coördinaten buiten Nederland")
               for r, c, m in messages)
    assert any(r == 1 and c == "ligplaats.geom" and "BAG-id 0233020000000001" in m for r, c, m in messages)
    assert not Address.objects.exists()


def test_csv_extract_imports_ligplaatsen_and_standplaatsen(load, tmp_path):
    from veiliglokaal.core.models import Municipality

    standplaats = SAMPLE_LIGPLAATS.replace("0363200000500001,Ligplaats,Westerdok,2",
                                           "0363200000600001,Standplaats,Zeeburgerpad,9")
    result = load("bag_csv", sample_csv(tmp_path / "bag.csv", SAMPLE_ROWS + [SAMPLE_LIGPLAATS, standplaats]),
                  municipality=Municipality.objects.get(code="GM0363"))
    assert (result.status, result.rows_imported, result.rows_skipped) == (JobStatus.SUCCEEDED, 5, 0)
    assert dict(Address.objects.filter(kind__in=["ligplaats", "standplaats"]).values_list("bag_id", "kind")) == {
        "0363200000500001": "ligplaats", "0363200000600001": "standplaats"}


def test_csv_with_ids_of_the_wrong_object_type_for_its_objecttype_is_refused(load, tmp_path):
    header = "verblijfsobject_id;objecttype;straatnaam;huisnummer;woonplaats;rd_x;rd_y"
    rows = ["0233010000000001;LIG;Haven;2;Ermelo;170950;479143",  # a verblijfsobject id called a ligplaats
            "0233030000000001;STA;Woonwagenpad;7;Ermelo;169702;479215"]
    result = load("bag_csv", write(tmp_path / "bag.csv", "\n".join([header, *rows]) + "\n"))
    assert result.status == JobStatus.FAILED
    assert any(r == 2 and c == "verblijfsobject_id" and "verwacht: ligplaats" in m for r, c, m in _messages(result))
    assert not Address.objects.exists()


def test_csv_without_objecttype_takes_the_kind_from_the_id(load, tmp_path):
    header = "identificatie;straatnaam;huisnummer;woonplaats;x;y"
    rows = ["0233030000000001;Woonwagenpad;7;Ermelo;169702;479215", "0233010000000001;Stationsstraat;1;Ermelo;170900;479100"]
    result = load("bag_csv", write(tmp_path / "bag.csv", "\n".join([header, *rows]) + "\n"))
    assert result.status == JobStatus.SUCCEEDED, result.error_report
    assert dict(Address.objects.values_list("bag_id", "kind")) == {
        "0233030000000001": "standplaats", "0233010000000001": "verblijfsobject"}


def test_result_page_shows_counts_per_kind(analyst_client, load, tmp_path):
    result = load("bag_geopackage", full_geopackage(tmp_path / "bag-light.gpkg"))
    body = analyst_client.get(f"/dook/bronnen/{result.pk}").content.decode()
    assert "3 verblijfsobjecten" in body and "1 ligplaats" in body and "1 standplaats" in body
