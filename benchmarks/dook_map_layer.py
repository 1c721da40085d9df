"""Benchmark: the DOOK aggregated map layer for a municipality of 500,000 addresses, against aggregating the
Signal rows on the fly (the baseline) in the same run.

Builds, in a fresh test database, a SYNTHETIC municipality (the registry's largest municipality record; its real
buurten are replaced by a synthetic 20 x 20 grid of 1 km² "buurten" with 200-vertex boundaries, code prefix BX):
BENCH_ADDRESSES (default 500,000) addresses spread over the grid, one successful scoring run with signals at
BENCH_SIGNAL_SHARE (default 2 %) of them, and the AreaAggregates the pipeline writes — per buurt and per hexagon
(pointy hexagons of 300 m circumradius, about 1,700), for all signals, per theme and per indicator.

Measures (test client, logged in as an analyst; each request renders the full GeoJSON response; the boundaries'
text is cached per run, so the first request of a run pays for reading it — measured separately with the cache
cleared before every request):
  * GET /onregelmatigheden/kaart/laag?soort=buurt                     (precomputed aggregates)
  * GET /onregelmatigheden/kaart/laag?soort=hex
  * GET /onregelmatigheden/kaart/laag?soort=hex&indicator=<code>
  * GET /onregelmatigheden/kaart  (the page with the table alternative)
  * baseline: the same buurt layer computed per request from Address and Signal rows (COUNT ... GROUP BY the
    buurt code, plus a scan of the signals' indicator JSON for the indicator filter), same response shape.

Prints median and p95 (ms) and the ratio baseline / precomputed. Target: p95 < 200 ms for the layer endpoint.

    DJANGO_SETTINGS_MODULE=veiliglokaal.settings.test .venv/bin/python benchmarks/dook_map_layer.py
    DATABASE_URL=postgres://veiliglokaal:veiliglokaal@127.0.0.1:5432/veiliglokaal_dook_ui \\
        DJANGO_SETTINGS_MODULE=veiliglokaal.settings.test .venv/bin/python benchmarks/dook_map_layer.py
"""

import datetime
import hashlib
import math
import os
import statistics
import sys
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

ADDRESSES = int(os.environ.get("BENCH_ADDRESSES", "500000"))
SIGNAL_SHARE = float(os.environ.get("BENCH_SIGNAL_SHARE", "0.02"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "40"))
BASELINE_REQUESTS = int(os.environ.get("BENCH_BASELINE_REQUESTS", "10"))
WARMUP = 3
GRID = 20                  # buurten per side (1 km each)
HEX_RADIUS_M = 300.0
LAT0, LON0 = 51.90, 4.40   # south-west corner of the synthetic grid
M_PER_DEG_LAT, M_PER_DEG_LON = 111_320.0, 68_900.0
THEMES = ["housing", "business_parks", "retail_auto", "property"]
INDICATORS = ["besettingsgraad", "veel_verhuizingen", "woz_afwijking"]
BATCH = 5000


def measure(call, n):
    times = []
    for i in range(n + WARMUP):
        start = time.perf_counter()
        call()
        if i >= WARMUP:
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return {"median": statistics.median(times), "p95": p95, "n": n}


def line(name, r):
    return f"{name:<58} median {r['median']:8.1f} ms   p95 {r['p95']:8.1f} ms   (n={r['n']})"


# ------------------------------------------------------------------------------------------ geometry

def to_lonlat(x, y):
    return LON0 + x / M_PER_DEG_LON, LAT0 + y / M_PER_DEG_LAT


def buurt_polygon(col, row, per_side=50):
    """A 1 km square with 200 vertices (real buurt boundaries have hundreds of vertices too)."""
    x0, y0 = col * 1000.0, row * 1000.0
    ring = []
    for side in range(4):
        for k in range(per_side):
            t = k / per_side * 1000.0
            x, y = [(x0 + t, y0), (x0 + 1000.0, y0 + t), (x0 + 1000.0 - t, y0 + 1000.0), (x0, y0 + 1000.0 - t)][side]
            ring.append([round(v, 6) for v in to_lonlat(x, y)])
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


def hex_axial(x, y):
    """Pointy-top hexagon containing (x, y) (metres), by cube rounding; vectorised."""
    q = (math.sqrt(3) / 3 * x - y / 3) / HEX_RADIUS_M
    r = (2 / 3 * y) / HEX_RADIUS_M
    s = -q - r
    rq, rr, rs = np.round(q), np.round(r), np.round(s)
    dq, dr, ds = np.abs(rq - q), np.abs(rr - r), np.abs(rs - s)
    fix_q = (dq > dr) & (dq > ds)
    fix_r = ~fix_q & (dr > ds)
    rq = np.where(fix_q, -rr - rs, rq)
    rr = np.where(fix_r, -rq - rs, rr)
    return rq.astype(int), rr.astype(int)


def hex_polygon(q, r):
    cx = HEX_RADIUS_M * math.sqrt(3) * (q + r / 2)
    cy = HEX_RADIUS_M * 1.5 * r
    ring = []
    for k in range(6):
        angle = math.radians(60 * k - 30)
        ring.append([round(v, 6) for v in to_lonlat(cx + HEX_RADIUS_M * math.cos(angle),
                                                      cy + HEX_RADIUS_M * math.sin(angle))])
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


# ------------------------------------------------------------------------------------------ data

def build(municipality):
    from veiliglokaal.core.models import Neighbourhood
    from veiliglokaal.irregularities.models import (
        Address, AreaAggregate, ImportStatus, ScoringRun, Signal, SourceImport,
    )

    rng = np.random.default_rng(20261130)
    Neighbourhood.objects.filter(municipality=municipality).delete()
    buurt_codes = {}
    for row in range(GRID):
        for col in range(GRID):
            code = f"BX{municipality.code[2:]}{row:02d}{col:02d}"
            buurt_codes[(col, row)] = code
            Neighbourhood.objects.create(code=code, name=f"Synthetische buurt {row}-{col}", district_code="WXBENCH",
                                         municipality=municipality, boundary=buurt_polygon(col, row),
                                         reference_year=2026)
    source = SourceImport.objects.create(
        municipality=municipality, source_type="bag", file_name="synthetisch-bag-benchmark.csv",
        checksum=hashlib.sha256(b"benchmark").hexdigest(), reference_date=datetime.date(2026, 1, 1),
        status=ImportStatus.SUCCEEDED, is_synthetic=True, rows_total=ADDRESSES, rows_imported=ADDRESSES)

    xs = rng.uniform(0, GRID * 1000.0, ADDRESSES)
    ys = rng.uniform(0, GRID * 1000.0, ADDRESSES)
    cols, rows = (xs // 1000).astype(int), (ys // 1000).astype(int)
    started = time.perf_counter()
    code = municipality.code[2:]
    for begin in range(0, ADDRESSES, BATCH):
        batch = []
        for i in range(begin, min(ADDRESSES, begin + BATCH)):
            lon, lat = to_lonlat(xs[i], ys[i])
            batch.append(Address(
                municipality=municipality, bag_id=f"{code}01{i:010d}", street=f"Synthetische straat {i // 200}",
                house_number=i % 200 + 1, city="Synthetisch", neighbourhood_code=buurt_codes[(cols[i], rows[i])],
                purposes="woonfunctie", floor_area=int(40 + i % 120), rd_x=float(xs[i]), rd_y=float(ys[i]),
                latitude=lat, longitude=lon, source_import=source))
        Address.objects.bulk_create(batch, batch_size=BATCH)
        if (begin + BATCH) % 100_000 == 0:
            print(f"  … {begin + len(batch):,} synthetic addresses ({time.perf_counter() - started:.0f} s)", flush=True)
    address_ids = np.array(Address.objects.filter(municipality=municipality).order_by("bag_id")
                           .values_list("pk", flat=True))

    run = ScoringRun.objects.create(municipality=municipality, status=ImportStatus.SUCCEEDED,
                                    algorithm_version="benchmark", addresses=ADDRESSES)
    chosen = np.sort(rng.choice(ADDRESSES, int(ADDRESSES * SIGNAL_SHARE), replace=False))
    signal_theme = rng.integers(0, len(THEMES), len(chosen))
    signal_indicator = rng.integers(0, len(INDICATORS), len(chosen))
    signals = [Signal(municipality=municipality, run=run, address_id=int(address_ids[i]),
                      themes=[THEMES[signal_theme[k]]],
                      indicators=[{"code": INDICATORS[signal_indicator[k]], "value": 1.0, "threshold": 0.5}],
                      anomaly_score=float(len(chosen) - k), contributions={}, features={}, peer_group="benchmark",
                      peer_stats={}, priority=float(len(chosen) - k), rank=k + 1)
               for k, i in enumerate(chosen)]
    Signal.objects.bulk_create(signals, batch_size=BATCH)
    run.signals = len(signals)
    run.save(update_fields=["signals"])

    # Aggregates as the pipeline writes them: per area, for all signals, per theme and per indicator.
    hq, hr = hex_axial(xs, ys)
    buurt_of = np.array([buurt_codes[(c, r)] for c, r in zip(cols, rows)])
    hex_of = np.array([f"h{q}_{r}" for q, r in zip(hq, hr)])
    has_signal = np.zeros(ADDRESSES, bool)
    has_signal[chosen] = True
    theme_of = np.full(ADDRESSES, "", dtype=object)
    theme_of[chosen] = [THEMES[t] for t in signal_theme]
    indicator_of = np.full(ADDRESSES, "", dtype=object)
    indicator_of[chosen] = [INDICATORS[t] for t in signal_indicator]
    hex_boundary = {f"h{q}_{r}": hex_polygon(q, r) for q, r in set(zip(hq.tolist(), hr.tolist()))}
    aggregates = []
    for kind, area_of in (("buurt", buurt_of), ("hex", hex_of)):
        areas, inverse = np.unique(area_of, return_inverse=True)
        totals = np.bincount(inverse, minlength=len(areas))
        selections = [("", "", has_signal)]
        selections += [(t, "", has_signal & (theme_of == t)) for t in THEMES]
        selections += [("", ind, has_signal & (indicator_of == ind)) for ind in INDICATORS]
        for theme, indicator, mask in selections:
            counts = np.bincount(inverse, weights=mask, minlength=len(areas)).astype(int)
            for k, area in enumerate(areas):
                aggregates.append(AreaAggregate(
                    municipality=municipality, run=run, area_kind=kind, area_code=str(area), theme=theme,
                    indicator=indicator, addresses=int(totals[k]), signals=int(counts[k]),
                    boundary=hex_boundary[str(area)] if kind == "hex" else None))
    AreaAggregate.objects.bulk_create(aggregates, batch_size=2000)
    return run, len(signals), len(aggregates), len(hex_boundary)


# ------------------------------------------------------------------------------------------ baseline

def on_the_fly_buurt_layer(tenant, run, indicator=""):
    """The baseline: count addresses and signals per buurt from the rows at request time (no aggregates)."""
    from django.db.models import Count

    from veiliglokaal.core.models import Neighbourhood
    from veiliglokaal.irregularities import map_layer
    from veiliglokaal.irregularities.models import Address, Signal

    totals = dict(Address.objects.for_tenant(tenant).values("neighbourhood_code").annotate(n=Count("pk"))
                  .values_list("neighbourhood_code", "n"))
    signals = Signal.objects.for_tenant(tenant).filter(run=run)
    if indicator:
        counts = {}
        for code, indicators in signals.values_list("address__neighbourhood_code", "indicators"):
            if any(i.get("code") == indicator for i in indicators):
                counts[code] = counts.get(code, 0) + 1
    else:
        counts = dict(signals.values("address__neighbourhood_code").annotate(n=Count("pk"))
                      .values_list("address__neighbourhood_code", "n"))
    boundaries = dict(Neighbourhood.objects.filter(municipality_id=tenant.municipality_id, code__in=list(totals))
                      .values_list("code", "boundary"))
    features = []
    for code, total in sorted(totals.items()):
        n = counts.get(code, 0)
        klass = map_layer.count_class(n)
        features.append({"type": "Feature", "geometry": boundaries.get(code),
                         "properties": {"code": code, "colour": klass.colour,
                                        "label": f"{code}: {map_layer.shown_count(n, True)} signalen op {total}"}})
    return {"type": "FeatureCollection", "features": features}


def client_for(municipality, role, username):
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from veiliglokaal.accounts.models import Membership, User

    user = User.objects.create_user(username=username, password="Benchmark-wachtwoord-1!")
    Membership.objects.create(user=user, municipality=municipality, role=role)
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="benchmark", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session["active_municipality_id"] = municipality.pk
    session.save()
    return client, user


def main():
    from django.http import JsonResponse

    from veiliglokaal.accounts.scopes import Role
    from veiliglokaal.accounts.selectors import tenant_for
    from veiliglokaal.core.models import Municipality
    from veiliglokaal.core.services import load_registry

    setup_test_environment()
    vendor = connection.vendor
    if vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(REPO / "var" / "benchmark-dook.sqlite3")
        (REPO / "var").mkdir(exist_ok=True)
    else:
        connection.settings_dict["TEST"]["NAME"] = f"bench_dook_{connection.settings_dict['NAME']}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_registry()
        municipality = Municipality.objects.order_by("-population").first()
        started = time.perf_counter()
        run, n_signals, n_aggregates, n_hexes = build(municipality)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"database: {vendor}")
        print(f"built {ADDRESSES:,} SYNTHETIC addresses, {n_signals:,} signals, {n_aggregates:,} aggregates "
              f"({GRID * GRID} buurten, {n_hexes:,} hexagons) in {time.perf_counter() - started:.0f} s")
        client, user = client_for(municipality, Role.ANALYST, "bench-analist")
        tenant = tenant_for(user, municipality.pk)

        def get(path):
            def call():
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
                return response
            return call

        from django.core.cache import cache

        def cold(path):
            def call():
                cache.clear()
                return get(path)()
            return call

        sizes = {}
        results = []
        for name, path in [("layer buurt (precomputed)", "/onregelmatigheden/kaart/laag?soort=buurt"),
                           ("layer hex (precomputed)", "/onregelmatigheden/kaart/laag?soort=hex"),
                           ("layer hex, one indicator (precomputed)",
                            "/onregelmatigheden/kaart/laag?soort=hex&indicator=besettingsgraad"),
                           ("map page with table (buurt)", "/onregelmatigheden/kaart?soort=buurt")]:
            sizes[name] = len(get(path)().content)
            results.append((name, measure(get(path), REQUESTS)))
        for name, path in [("layer buurt, boundary cache cleared each time", "/onregelmatigheden/kaart/laag?soort=buurt"),
                           ("layer hex, boundary cache cleared each time", "/onregelmatigheden/kaart/laag?soort=hex")]:
            sizes[name] = len(get(path)().content)
            results.append((name, measure(cold(path), REQUESTS)))

        def baseline(indicator=""):
            def call():
                return JsonResponse(on_the_fly_buurt_layer(tenant, run, indicator))
            return call

        sizes["baseline"] = len(baseline()().content)
        base_all = measure(baseline(), BASELINE_REQUESTS)
        base_indicator = measure(baseline("besettingsgraad"), BASELINE_REQUESTS)
        print()
        for name, r in results:
            print(line(name, r), f"  {sizes[name] / 1024:,.0f} KiB")
        print(line("baseline buurt, on the fly from Signal rows", base_all), f"  {sizes['baseline'] / 1024:,.0f} KiB",
              f"  ratio {base_all['median'] / results[0][1]['median']:.1f}x")
        print(line("baseline buurt, one indicator, on the fly", base_indicator),
              f"  ratio {base_indicator['median'] / results[0][1]['median']:.1f}x")
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
