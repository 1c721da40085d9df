"""Units of the importers: RD->WGS84, the Netherlands checks, point in polygon, GeoPackage geometry, value checks,
CSV decoding, and the registry contract. Hypothesis where the input space is large."""

import csv
import struct

import numpy as np
import pytest
from hypothesis import given, settings as hsettings
from hypothesis import strategies as st

from veiliglokaal.irregularities.sources import registry, values
from veiliglokaal.irregularities.sources.bag_geopackage import gpkg
from veiliglokaal.irregularities.sources.base import ImportContext, Register, RowError, SourceType
from veiliglokaal.irregularities.sources.csvfile import read_rows
from veiliglokaal.core.geo import (
    assign_to_polygons, polygon_from_geojson, rd_in_netherlands, rd_to_wgs84, wgs84_in_netherlands,
)
from veiliglokaal.irregularities.sources.geo import assign_neighbourhoods

from tests.conftest import MUNICIPALITY_A
from django.conf import settings

from .dook_files import gpkg_geometry

SAMPLE = settings.PACKAGE_DIR / "core" / "data" / "bag_adressen_amsterdam_sample.csv"


# --- RD -> WGS84 -------------------------------------------------------------------------------------------------

def test_amersfoort_is_the_origin():
    # pyproj (EPSG Helmert, no grid files) lands within 0.3 m of the published WGS84 of Amersfoort
    assert rd_to_wgs84(155000, 463000) == pytest.approx((52.15517440, 5.38720621), abs=5e-6)


def test_conversion_matches_pdok_coordinates_of_the_real_sample_within_a_few_metres():
    """The sample carries both PDOK's WGS84 point and its RD bbox corner (whole metres), so compare all 1904 rows."""
    with open(SAMPLE, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    lat, lon = rd_to_wgs84(np.array([float(r["rd_x"]) for r in rows]), np.array([float(r["rd_y"]) for r in rows]))
    lat_error_m = np.abs(lat - np.array([float(r["lat"]) for r in rows])) * 111_200
    lon_error_m = np.abs(lon - np.array([float(r["lon"]) for r in rows])) * 68_000
    assert lat_error_m.max() < 3 and lon_error_m.max() < 3  # 1 m rounding of the RD values plus ~1 m model error


@given(st.floats(0, 280000), st.floats(300000, 620000))
@hsettings(max_examples=200)
def test_scalar_and_vector_conversion_agree(x, y):
    lat, lon = rd_to_wgs84(x, y)
    lats, lons = rd_to_wgs84(np.array([x]), np.array([y]))
    assert lat == pytest.approx(lats[0]) and lon == pytest.approx(lons[0])


def test_netherlands_checks():
    assert rd_in_netherlands(121223, 489163)
    assert not rd_in_netherlands(4.89, 52.38)  # WGS84 given as RD: caught
    assert not rd_in_netherlands(121223, 100000)
    assert wgs84_in_netherlands(52.38, 4.89)
    assert not wgs84_in_netherlands(48.85, 2.35)  # Paris


# --- point in polygon -------------------------------------------------------------------------------------------

def test_point_in_polygon_with_hole():
    outer = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]
    polygon = polygon_from_geojson({"type": "Polygon", "coordinates": [outer, hole]})
    lon = np.array([1.0, 5.0, 11.0, 9.9])
    lat = np.array([1.0, 5.0, 5.0, 9.9])
    assert assign_to_polygons([("B", polygon)], lon, lat).tolist() == ["B", "", "", "B"]


@pytest.mark.django_db
def test_real_ermelo_points_get_their_buurt(municipality_a):
    points = [rd_to_wgs84(170900, 479100), rd_to_wgs84(169800, 479300), rd_to_wgs84(121223, 489163)]
    codes = assign_neighbourhoods(municipality_a.pk, [p[0] for p in points], [p[1] for p in points])
    assert codes == ["BU02330000", "BU02330003", ""]  # Amsterdam lies in no Ermelo buurt
    assert municipality_a.code == MUNICIPALITY_A


# --- GeoPackage geometry ----------------------------------------------------------------------------------------

@given(st.floats(-7000, 300000), st.floats(289000, 629000), st.booleans())
def test_gpkg_point_roundtrip(x, y, envelope):
    assert gpkg.point(gpkg_geometry(x, y, envelope=envelope)) == (x, y)


def test_gpkg_point_z_big_endian_and_errors():
    header = b"GP" + bytes([0, 0]) + struct.pack(">i", 28992)  # big-endian header, no envelope
    point_z = header + struct.pack(">BIddd", 0, 1001, 1.5, 2.5, 3.5)
    assert gpkg.point(point_z) == (1.5, 2.5)
    polygon = header + struct.pack(">BI", 0, 3) + b"\x00" * 16
    for blob in (None, b"XX" + b"\x00" * 30, polygon, b"GP" + bytes([0, 0b10001]) + b"\x00" * 30):
        with pytest.raises(values.ValueProblem):
            gpkg.point(blob)


# --- values ---------------------------------------------------------------------------------------------------------

@given(st.integers(0, 10**16 - 1))
def test_bag_id_accepts_16_digits_with_leading_zeros(number):
    identifier = f"{number:016d}"
    assert values.bag_id(identifier) == identifier


def test_bag_id_problems_are_explained():
    with pytest.raises(values.ValueProblem, match="voorloopnullen"):
        values.bag_id("363200000039881")
    with pytest.raises(values.ValueProblem, match="nummeraanduiding"):
        values.bag_id("0363200000039881", object_types=("01",))
    with pytest.raises(values.ValueProblem, match="gemeente 0363"):
        values.of_municipality("0363010000000001", "0233")


@given(st.text(max_size=12))
def test_integer_either_parses_or_explains(text):
    try:
        result = values.integer(text)
    except values.ValueProblem as problem:
        assert str(problem)
    else:
        assert result is None or isinstance(result, int)


@pytest.mark.parametrize("text,expected", [("2024-01-31", "2024-01-31"), ("20240131", "2024-01-31"),
                                           ("31-01-2024", "2024-01-31")])
def test_dates_in_the_formats_of_the_sources(text, expected):
    assert values.date(text).isoformat() == expected


def test_purposes_are_the_eleven_bag_values():
    assert values.purposes("winkelfunctie,woonfunctie") == "winkelfunctie,woonfunctie"
    with pytest.raises(values.ValueProblem, match="Onbekend gebruiksdoel: woning"):
        values.purposes("woning")


# --- CSV ------------------------------------------------------------------------------------------------------

def _context():
    return ImportContext(municipality_id=0, municipality_code="0233", reference_date=None)


def test_windows_1252_file_is_read_with_its_accents(tmp_path):
    path = tmp_path / "brp.csv"
    path.write_bytes("verblijfsobject_id;ingeschreven_personen\n0233010000000001;2\nCafé;1\n".encode("cp1252"))
    source = registry.get("brp_counts_csv")
    rows = list(read_rows(str(path), source.schema(), _context()))
    assert rows == [(2, {"verblijfsobject_id": "0233010000000001", "ingeschreven_personen": "2"}),
                    (3, {"verblijfsobject_id": "Café", "ingeschreven_personen": "1"})]


def test_header_problems_are_row_one_errors(tmp_path):
    path = tmp_path / "brp.csv"
    path.write_text("adres;aantal\n0233010000000001;2\n", encoding="utf-8")
    errors = list(read_rows(str(path), registry.get("brp_counts_csv").schema(), _context()))
    assert {(e.row, e.column) for e in errors} == {(1, "verblijfsobject_id"), (1, "ingeschreven_personen")}
    assert all(isinstance(e, RowError) and "Verplichte kolom ontbreekt" in e.message for e in errors)


@given(st.lists(st.tuples(st.text(alphabet="0123456789", min_size=16, max_size=16), st.integers(0, 50)),
                max_size=20), st.sampled_from([",", ";"]))
@hsettings(max_examples=50, deadline=None)
def test_csv_reader_roundtrip(tmp_path_factory, rows, delimiter):
    from .dook_files import csv_text

    path = tmp_path_factory.mktemp("csv") / "brp.csv"
    path.write_text(csv_text(["verblijfsobject_id", "ingeschreven_personen"], rows, delimiter), encoding="utf-8")
    parsed = list(read_rows(str(path), registry.get("brp_counts_csv").schema(), _context()))
    assert [(r["verblijfsobject_id"], int(r["ingeschreven_personen"])) for _n, r in parsed] == rows


# --- registry contract ----------------------------------------------------------------------------------------

def test_every_source_type_fulfils_the_contract():
    keys = {source.key for source in registry.all_types()}
    assert keys == {"bag_geopackage", "bag_csv", "kvk_json", "kvk_csv", "brp_counts_csv", "woz_csv"}
    for source in registry.all_types():
        assert isinstance(source, SourceType)
        assert source.label and source.description and source.extensions and source.max_bytes > 0
        assert source.columns and all(column.description for column in source.columns)
        assert source.register in {Register.BAG, Register.KVK, Register.BRP, Register.WOZ}
        assert type(source).parse is not SourceType.parse and type(source).write is not SourceType.write


def test_registering_a_key_twice_is_refused():
    from veiliglokaal.irregularities.sources.registry import register

    class Twice(SourceType):
        key = "bag_csv"

    with pytest.raises(ValueError):
        register(Twice)


@pytest.mark.parametrize("text,expected", [
    ("250000", 250000), ("250.000", 250000), ("€ 250.000", 250000), ("€\u00a01.250.000,00", 1250000),
    (" 95000 ", 95000), ("412000.00", 412000), ("", None),
])
def test_euro_amounts_as_dutch_exports_write_them(text, expected):
    assert values.euros(text) == expected


@pytest.mark.parametrize("text", ["250.000,50", "268.5", "412000.50", "2.50.000", "4.5e5", "-100", "250,000.00"])
def test_euro_amounts_that_are_not_whole_euros_are_refused(text):
    with pytest.raises(values.ValueProblem):
        values.euros(text)
