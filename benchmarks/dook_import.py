"""Benchmark: DOOK source imports. Two claims, each against a baseline measured in the same run.

1. Buurt assignment as the import does it (`sources.geo.assign_neighbourhoods`: the buurten from the database,
   then `core.geo.assign_to_polygons`, shapely `contains_xy` on prepared polygons after a bounding-box prefilter)
   for BENCH_POINTS (default 100,000) RD points spread over Ermelo's extent, against the 17 real Ermelo buurten.
   Baselines on the same polygons and points: shapely 2's STRtree `query(points, predicate="within")` and shapely's
   `contains_xy` per polygon without prefilter (benchmarks/buurt_assignment.py). All must give the same buurt for
   every point (else `BASELINE MISMATCH`, exit 1).
2. A whole BAG GeoPackage import through the shared runner (parse, check every row, match buurten, write in one
   transaction with the processing-log entry) of BENCH_IMPORT_ROWS (default 20,000) synthetic verblijfsobjecten.
   Not a speed-up claim: reading the same rows with sqlite3 is printed as the I/O floor, no ratio.

Uses a fresh test database (SQLite file under var/, or a bench_ database on PostgreSQL).

    .venv/bin/python benchmarks/dook_import.py
    DATABASE_URL=postgres://veiliglokaal:veiliglokaal@127.0.0.1:5432/veiliglokaal .venv/bin/python benchmarks/dook_import.py
"""

import datetime
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiliglokaal.settings.test")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from _result import emit  # noqa: E402
from buurt_assignment import check_equal, shapely_contains_xy, shapely_strtree  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

POINTS = int(os.environ.get("BENCH_POINTS", "100000"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "20000"))
RUNS = 5
ERMELO_BOX = (163000.0, 470000.0, 182000.0, 486000.0)


def _median(function, *args):
    timings, result = [], None
    for _run in range(RUNS):
        started = time.perf_counter()
        result = function(*args)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def bench_assignment(municipality):
    from veiliglokaal.core.geo import rd_to_wgs84
    from veiliglokaal.irregularities.sources.geo import assign_neighbourhoods, neighbourhood_shapes

    rng = np.random.default_rng(1)
    lat, lon = rd_to_wgs84(rng.uniform(ERMELO_BOX[0], ERMELO_BOX[2], POINTS),
                           rng.uniform(ERMELO_BOX[1], ERMELO_BOX[3], POINTS))
    ours, codes = _median(assign_neighbourhoods, municipality.pk, lat, lon)
    codes = np.array(codes, dtype=object)
    shapes = neighbourhood_shapes(municipality.pk)
    tree, tree_codes = _median(shapely_strtree, shapes, lon, lat)
    plain, plain_codes = _median(shapely_contains_xy, shapes, lon, lat)
    check_equal(codes, [("shapely STRtree", tree_codes), ("shapely contains_xy", plain_codes)])
    inside = int((codes != "").sum())
    print(f"buurt assignment, {POINTS:,} points ({inside:,} inside a buurt), {len(shapes)} buurten, median of {RUNS} "
          f"runs; all give the same buurt for every point:")
    print(f"  ours (assign_neighbourhoods, incl. reading the buurten): {ours * 1000:.0f} ms "
          f"({ours / POINTS * 1e6:.2f} µs/point)")
    print(f"  shapely STRtree query(within): {tree * 1000:.0f} ms ({tree / ours:.1f}x ours)")
    print(f"  shapely contains_xy per polygon, no prefilter: {plain * 1000:.0f} ms ({plain / ours:.1f}x ours)")
    emit(f"DOOK import: buurt of {POINTS:,} points, {connection.vendor}, ms", ours * 1000, tree * 1000, unit="ms",
         baseline_name="shapely 2 STRtree query(within)",
         note=f"ours includes reading {len(shapes)} buurten; answers checked equal")


def bench_import(municipality):
    from veiliglokaal.irregularities.services import sources as services
    from veiliglokaal.demo.dook import ermelo_addresses, write_bag_geopackage
    from veiliglokaal.irregularities.models import Address

    addresses = []
    seed = 1
    while len(addresses) < IMPORT_ROWS:  # the demo generator at 30 % scale gives ~3,800 a run: renumber copies
        batch = ermelo_addresses(municipality, seed)
        for a in batch:
            a.bag_id = f"0233{'01'}{len(addresses) + 1:010d}"
            a.designation_id = f"0233{'20'}{len(addresses) + 1:010d}"
            addresses.append(a)
        seed += 1
    addresses = addresses[:IMPORT_ROWS]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bag-light.gpkg"
        write_bag_geopackage(path, addresses)
        started = time.perf_counter()
        with sqlite3.connect(path) as db:
            rows = db.execute("SELECT * FROM verblijfsobject").fetchall()
        read_seconds = time.perf_counter() - started
        assert len(rows) == IMPORT_ROWS
        started = time.perf_counter()
        result = services.offer_path(municipality, "bag_geopackage", path, datetime.date(2025, 1, 1), run_now=True)
        import_seconds = time.perf_counter() - started
    assert result.status == "succeeded", result.error_report[:3]
    assert Address.objects.filter(municipality=municipality).count() == IMPORT_ROWS
    print(f"BAG GeoPackage import of {IMPORT_ROWS:,} verblijfsobjecten ({connection.vendor}):")
    print(f"  import (check + buurt + write + log): {import_seconds:.1f} s = {IMPORT_ROWS / import_seconds:,.0f} rows/s")
    print(f"  for reference, sqlite3 read only (the I/O floor): {read_seconds * 1000:.0f} ms")
    emit(f"DOOK BAG GeoPackage import, {IMPORT_ROWS:,} rows, {connection.vendor}, rows/s", IMPORT_ROWS / import_seconds,
         unit="rows/s", higher_is_better=True,
         note=f"{import_seconds:.1f} s; no baseline (sqlite3 read floor {read_seconds * 1000:.0f} ms)")


def main():
    from veiliglokaal.core.models import Municipality
    from veiliglokaal.core.services import load_registry

    setup_test_environment()
    if connection.vendor == "sqlite":
        (REPO / "var").mkdir(exist_ok=True)
        connection.settings_dict["TEST"]["NAME"] = str(REPO / "var" / "benchmark-dook.sqlite3")
    else:
        connection.settings_dict["TEST"]["NAME"] = f"bench_dook_{connection.settings_dict['NAME']}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_registry()
        ermelo = Municipality.objects.get(code="GM0233")
        print(f"database: {connection.vendor}")
        bench_assignment(ermelo)
        bench_import(ermelo)
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
