"""Geometry through libraries: pyproj for RD <-> WGS84, shapely for point in polygon (core.geo)."""

import csv
import json

import numpy as np
import pytest
from django.conf import settings

from veiliglokaal.core import geo

DATA = settings.PACKAGE_DIR / "core" / "data"


def test_one_cached_transformer_per_direction():
    geo.rd_to_wgs84(155000, 463000)
    geo.rd_to_wgs84(np.array([155000.0]), np.array([463000.0]))
    geo.wgs84_to_rd(52.0, 5.0)
    assert geo._transformer.cache_info().currsize == 2


def test_scalars_give_floats_and_arrays_give_arrays():
    lat, lon = geo.rd_to_wgs84(121223, 489163)
    assert type(lat) is float and type(lon) is float
    lats, lons = geo.rd_to_wgs84(np.array([121223.0, 170900.0]), np.array([489163.0, 479100.0]))
    assert lats.shape == (2,) and lats[0] == pytest.approx(lat) and lons[0] == pytest.approx(lon)


def test_round_trip_within_a_millimetre():
    x = np.linspace(0, 280000, 50)
    y = np.linspace(300000, 620000, 50)
    back_x, back_y = geo.wgs84_to_rd(*geo.rd_to_wgs84(x, y))
    assert np.abs(back_x - x).max() < 1e-3 and np.abs(back_y - y).max() < 1e-3


def test_pdok_sample_within_centimetres():
    with open(DATA / "bag_adressen_amsterdam_sample.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    lat, lon = geo.rd_to_wgs84(np.array([float(r["rd_x"]) for r in rows]), np.array([float(r["rd_y"]) for r in rows]))
    x, y = geo.wgs84_to_rd(np.array([float(r["lat"]) for r in rows]), np.array([float(r["lon"]) for r in rows]))
    assert np.hypot(x - np.array([float(r["rd_x"]) for r in rows]),
                    y - np.array([float(r["rd_y"]) for r in rows])).max() < 0.02
    assert (np.abs(lat - np.array([float(r["lat"]) for r in rows])) * 111_200).max() < 0.02
    assert (np.abs(lon - np.array([float(r["lon"]) for r in rows])) * 68_000).max() < 0.02


def test_ermelo_buurten_cover_their_own_points_and_nothing_else():
    features = json.loads((DATA / "buurten_ermelo_2021.geojson").read_text(encoding="utf-8"))["features"]
    polygons = [(f["properties"]["buurtcode"], geo.polygon_from_geojson(f)) for f in features]
    points = [polygon.representative_point() for _code, polygon in polygons]
    codes = geo.assign_to_polygons(polygons, [p.x for p in points], [p.y for p in points])
    assert codes.tolist() == [code for code, _polygon in polygons]
    lat, lon = geo.rd_to_wgs84(121223, 489163)  # Amsterdam
    assert geo.assign_to_polygons(polygons, [lon], [lat]).tolist() == [""]


def test_non_areas_are_not_polygons():
    assert geo.polygon_from_geojson({"type": "Point", "coordinates": [5, 52]}) is None
    assert geo.polygon_from_geojson(None) is None
    assert geo.polygon_from_geojson({"type": "Polygon", "coordinates": []}) is None
