"""Benchmark: buurt assignment by point in polygon — our former NumPy even-odd ray casting against shapely 2.

The 17 real Ermelo buurten (core/data/buurten_ermelo_2021.geojson, WGS84) and BENCH_POINTS (default 100,000) random
RD points over Ermelo's extent, converted with `core.geo.rd_to_wgs84` (pyproj). Three ways, each checked to give the
same buurt for every point:

1. NumPy even-odd ray casting with a bounding-box prefilter (the platform's code until the module kit);
2. shapely: `contains_xy` on each prepared polygon, with the same bounding-box prefilter (what `core.geo` keeps);
3. shapely: one STRtree over the buurten, `query(points, predicate="within")`.

    .venv/bin/python benchmarks/buurt_assignment.py
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import shapely

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "src")]

from veiliglokaal.core.geo import assign_to_polygons, polygon_from_geojson, rd_to_wgs84  # noqa: E402

POINTS = int(os.environ.get("BENCH_POINTS", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
ERMELO_BOX = (163000.0, 470000.0, 182000.0, 486000.0)  # RD metres, as in benchmarks/dook_import.py
BUURTEN = REPO / "src" / "veiliglokaal" / "core" / "data" / "buurten_ermelo_2021.geojson"


def numpy_rings(geometry):
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [np.asarray(ring, dtype=float)[:, :2] for polygon in polygons for ring in polygon if len(ring) >= 3]


def numpy_even_odd(shapes, lon, lat):
    """The former `irregularities.sources.geo.assign_neighbourhoods`: one edge against all candidate points."""
    codes = np.full(lon.shape, "", dtype=object)
    for code, rings in shapes:
        stacked = np.vstack(rings)
        min_x, min_y = stacked.min(axis=0)
        max_x, max_y = stacked.max(axis=0)
        candidates = np.flatnonzero((codes == "") & (lon >= min_x) & (lon <= max_x) & (lat >= min_y) & (lat <= max_y))
        if not candidates.size:
            continue
        px, py = lon[candidates], lat[candidates]
        inside = np.zeros(px.shape, dtype=bool)
        for ring in rings:
            x1, y1 = ring[:, 0], ring[:, 1]
            x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
            for ax, ay, bx, by in zip(x1, y1, x2, y2):
                if ay == by:
                    continue
                crosses = (ay > py) != (by > py)
                inside ^= crosses & (px < ax + (py - ay) * (bx - ax) / (by - ay))
        codes[candidates[inside]] = code
    return codes


def shapely_strtree(codes_and_polygons, lon, lat):
    codes = np.full(lon.shape, "", dtype=object)
    tree = shapely.STRtree([polygon for _code, polygon in codes_and_polygons])
    point_index, polygon_index = tree.query(shapely.points(lon, lat), predicate="within")
    order = np.argsort(polygon_index, kind="stable")[::-1]  # the first buurt wins, as in the others
    codes[point_index[order]] = np.array([c for c, _p in codes_and_polygons], dtype=object)[polygon_index[order]]
    return codes


def timed(function, *args):
    timings, result = [], None
    for _run in range(RUNS):
        started = time.perf_counter()
        result = function(*args)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def main():
    features = json.loads(BUURTEN.read_text(encoding="utf-8"))["features"]
    rings = [(f["properties"]["buurtcode"], numpy_rings(f["geometry"])) for f in features]
    polygons = [(f["properties"]["buurtcode"], polygon_from_geojson(f["geometry"])) for f in features]
    rng = np.random.default_rng(1)
    lat, lon = rd_to_wgs84(rng.uniform(ERMELO_BOX[0], ERMELO_BOX[2], POINTS),
                           rng.uniform(ERMELO_BOX[1], ERMELO_BOX[3], POINTS))
    ours, ours_codes = timed(numpy_even_odd, rings, lon, lat)
    prepared, prepared_codes = timed(assign_to_polygons, polygons, lon, lat)
    tree, tree_codes = timed(shapely_strtree, polygons, lon, lat)
    assert (ours_codes == prepared_codes).all() and (ours_codes == tree_codes).all(), "the methods disagree"
    inside = int((ours_codes != "").sum())
    print(f"buurt assignment, {POINTS:,} points ({inside:,} inside a buurt), {len(features)} Ermelo buurten, "
          f"median of {RUNS} runs; all three give the same buurt for every point")
    print(f"  ours (NumPy even-odd, bbox prefilter)       {ours * 1000:8.1f} ms")
    print(f"  shapely contains_xy, prepared, bbox prefilter {prepared * 1000:6.1f} ms  ({ours / prepared:.1f}× ours)")
    print(f"  shapely STRtree query(within)               {tree * 1000:8.1f} ms  ({ours / tree:.1f}× ours)")
    fastest = min((ours, "ours"), (prepared, "shapely contains_xy (kept in core.geo)"), (tree, "shapely STRtree"))
    print(f"  fastest: {fastest[1]}")


if __name__ == "__main__":
    main()
