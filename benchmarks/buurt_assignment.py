"""Benchmark: buurt assignment by point in polygon — `core.geo.assign_to_polygons` against shapely 2 used directly.

The 17 real Ermelo buurten (core/data/buurten_ermelo_2021.geojson, WGS84) and BENCH_POINTS (default 100,000) random
RD points over Ermelo's extent, converted with `core.geo.rd_to_wgs84` (pyproj). Ours and the baselines, each checked
to give the same buurt for every point before the times are reported (else `BASELINE MISMATCH`, exit 1):

* ours: `core.geo.assign_to_polygons` — shapely `contains_xy` on each prepared polygon, after a bounding-box
  prefilter over the points not yet assigned;
* baseline (what a user of shapely 2 would write): one STRtree over the buurten, `query(points, predicate="within")`;
* baseline: shapely `contains_xy` of each prepared polygon over all points, no prefilter;
* for the record: the platform's former NumPy even-odd ray casting (before the module kit).

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

from _result import emit  # noqa: E402

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


def shapely_contains_xy(codes_and_polygons, lon, lat):
    """Vectorised shapely 2, no prefilter: each polygon tests every point not yet assigned; the first buurt wins."""
    codes = np.full(lon.shape, "", dtype=object)
    for code, polygon in codes_and_polygons:
        codes[(codes == "") & shapely.contains_xy(polygon, lon, lat)] = code
    return codes


def shapely_strtree(codes_and_polygons, lon, lat):
    """Vectorised shapely 2 with a spatial index: one STRtree query for all points; the first buurt wins."""
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


def check_equal(reference, others) -> None:
    for name, codes in others:
        differ = np.flatnonzero(reference != codes)
        if differ.size:
            i = differ[0]
            print(f"BASELINE MISMATCH: {name} differs from core.geo on {differ.size:,} points, e.g. point {i}: "
                  f"core.geo {reference[i]!r}, {name} {codes[i]!r}", flush=True)
            raise SystemExit(1)


def main():
    features = json.loads(BUURTEN.read_text(encoding="utf-8"))["features"]
    rings = [(f["properties"]["buurtcode"], numpy_rings(f["geometry"])) for f in features]
    polygons = [(f["properties"]["buurtcode"], polygon_from_geojson(f["geometry"])) for f in features]
    rng = np.random.default_rng(1)
    lat, lon = rd_to_wgs84(rng.uniform(ERMELO_BOX[0], ERMELO_BOX[2], POINTS),
                           rng.uniform(ERMELO_BOX[1], ERMELO_BOX[3], POINTS))
    ours, ours_codes = timed(assign_to_polygons, polygons, lon, lat)
    tree, tree_codes = timed(shapely_strtree, polygons, lon, lat)
    plain, plain_codes = timed(shapely_contains_xy, polygons, lon, lat)
    former, former_codes = timed(numpy_even_odd, rings, lon, lat)
    check_equal(ours_codes, [("shapely STRtree", tree_codes), ("shapely contains_xy", plain_codes),
                             ("former NumPy ray casting", former_codes)])
    inside = int((ours_codes != "").sum())
    print(f"buurt assignment, {POINTS:,} points ({inside:,} inside a buurt), {len(features)} Ermelo buurten, "
          f"median of {RUNS} runs; all give the same buurt for every point")
    print(f"  ours: core.geo (prepared contains_xy, bbox prefilter) {ours * 1000:8.1f} ms")
    print(f"  shapely STRtree query(within)                        {tree * 1000:8.1f} ms  ({tree / ours:.1f}x ours)")
    print(f"  shapely contains_xy per polygon, no prefilter        {plain * 1000:8.1f} ms  ({plain / ours:.1f}x ours)")
    print(f"  former NumPy even-odd ray casting                    {former * 1000:8.1f} ms  ({former / ours:.1f}x ours)")
    note = f"{len(features)} Ermelo buurten, median of {RUNS}; answers checked equal"
    emit(f"module kit: buurt of {POINTS:,} points (core.geo), ms", ours * 1000, tree * 1000, unit="ms",
         baseline_name="shapely 2 STRtree query(within)", note=note)
    emit(f"module kit: buurt of {POINTS:,} points vs contains_xy, ms", ours * 1000, plain * 1000, unit="ms",
         baseline_name="shapely 2 contains_xy per polygon, no prefilter", note=note)


if __name__ == "__main__":
    main()
