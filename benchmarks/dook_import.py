"""Benchmark: DOOK source imports. Two claims, each against a baseline measured in the same run.

1. Buurt assignment (`sources.geo.assign_neighbourhoods`, NumPy, bounding-box prefilter, one edge against all
   points at once) for BENCH_POINTS (default 100,000) RD points spread over Ermelo's extent, against the 17 real
   Ermelo buurten. Baseline: the same even-odd ray casting in plain Python, point by point, on a subset
   (BENCH_BASELINE_POINTS, default 2,000), expressed per point and extrapolated linearly.
2. A whole BAG GeoPackage import through the shared runner (parse, check every row, match buurten, write in one
   transaction with the processing-log entry) of BENCH_IMPORT_ROWS (default 20,000) synthetic verblijfsobjecten.
   Baseline: only reading the same rows from the GeoPackage with sqlite3 (the I/O floor).

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
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

POINTS = int(os.environ.get("BENCH_POINTS", "100000"))
BASELINE_POINTS = int(os.environ.get("BENCH_BASELINE_POINTS", "2000"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "20000"))
RUNS = 5
ERMELO_BOX = (163000.0, 470000.0, 182000.0, 486000.0)


def _rings(polygon) -> list[list[tuple[float, float]]]:
    parts = getattr(polygon, "geoms", [polygon])
    return [list(ring.coords) for part in parts for ring in (part.exterior, *part.interiors)]


def naive_assign(shapes, latitudes, longitudes) -> list[str]:
    """Plain Python: for each point, for each buurt, walk every edge (what a row-by-row importer would do)."""
    codes = []
    for lat, lon in zip(latitudes, longitudes):
        found = ""
        for code, rings in shapes:
            inside = False
            for ring in rings:
                points = ring
                for (ax, ay), (bx, by) in zip(points, points[1:] + points[:1]):
                    if ay != by and (ay > lat) != (by > lat) and lon < ax + (lat - ay) * (bx - ax) / (by - ay):
                        inside = not inside
            if inside:
                found = code
                break
        codes.append(found)
    return codes


def bench_assignment(municipality):
    from veiliglokaal.irregularities.sources.geo import assign_neighbourhoods, neighbourhood_shapes
    from veiliglokaal.core.geo import rd_to_wgs84

    rng = np.random.default_rng(1)
    lat, lon = rd_to_wgs84(rng.uniform(ERMELO_BOX[0], ERMELO_BOX[2], POINTS),
                           rng.uniform(ERMELO_BOX[1], ERMELO_BOX[3], POINTS))
    timings, codes = [], None
    for _run in range(RUNS):
        started = time.perf_counter()
        codes = assign_neighbourhoods(municipality.pk, lat, lon)
        timings.append(time.perf_counter() - started)
    shapes = [(code, _rings(polygon)) for code, polygon in neighbourhood_shapes(municipality.pk)]
    started = time.perf_counter()
    naive = naive_assign(shapes, lat[:BASELINE_POINTS].tolist(), lon[:BASELINE_POINTS].tolist())
    naive_seconds = time.perf_counter() - started
    assert naive == codes[:BASELINE_POINTS], "vectorised and naive assignment disagree"
    vector = statistics.median(timings)
    naive_per_point = naive_seconds / BASELINE_POINTS
    inside = sum(1 for c in codes if c)
    print(f"buurt assignment, {POINTS:,} points ({inside:,} inside a buurt), {len(shapes)} buurten:")
    print(f"  vectorised: median {vector * 1000:.0f} ms over {RUNS} runs ({vector / POINTS * 1e6:.2f} µs/point)")
    print(f"  baseline plain Python on {BASELINE_POINTS:,} points: {naive_seconds:.2f} s "
          f"({naive_per_point * 1e6:.0f} µs/point, ≈ {naive_per_point * POINTS:.0f} s for {POINTS:,})")
    print(f"  ratio baseline / vectorised per point: {naive_per_point / (vector / POINTS):.0f}×")


def bench_import(municipality):
    from veiliglokaal.irregularities import services
    from veiliglokaal.demo.dook import ermelo_addresses, write_bag_geopackage
    from veiliglokaal.irregularities.models import Address, SourceImport

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
    assert result.status == "succeeded", result.errors[:3]
    assert Address.objects.filter(municipality=municipality).count() == IMPORT_ROWS
    print(f"BAG GeoPackage import of {IMPORT_ROWS:,} verblijfsobjecten ({connection.vendor}):")
    print(f"  import (check + buurt + write + log): {import_seconds:.1f} s = {IMPORT_ROWS / import_seconds:,.0f} rows/s")
    print(f"  baseline sqlite3 read only: {read_seconds * 1000:.0f} ms; ratio import / read "
          f"{import_seconds / read_seconds:.0f}×")
    SourceImport.objects.filter(pk=result.pk).update(status="succeeded")


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
