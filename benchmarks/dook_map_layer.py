"""Benchmark: the DOOK aggregated map layer on the REAL pipeline output, against counting signals on the fly.

Builds, in a fresh test database, one municipality with SYNTHETIC register data on real geography:
  * Ermelo (GM0233), the municipality whose real CBS buurten (codes and boundaries) the registry loads;
  * BENCH_ADDRESSES addresses (default 500,000; far more than Ermelo has — a size test) at points inside those
    real buurten (`demo.dook_geography`), with the register attributes, establishments and planted
    irregularities of the seeded national generator (`demo.dook_synthetic`), written as Address,
    RegistrationCount, PropertyValue and Establishment rows of a synthetic SourceImport;
  * one scoring run through the product's own service (`scoring.execute_run`: loader -> pipeline -> Signal rows
    and AreaAggregate rows per buurt and per 250 m hexagon, with the real indicator codes).

Then, per request (median and p95 of BENCH_REQUESTS after 3 warm-ups; the baseline BENCH_BASELINE_REQUESTS):
  * ours: `map_layer.layer_geojson` for the buurt layer (all signals) and for one indicator (occupancy), which
    reads the run's precomputed AreaAggregate rows;
  * baseline: the same GeoJSON computed on the fly from the Address and Signal rows (COUNT ... GROUP BY buurt code;
    for one indicator, a scan of the signals' indicator list), rendered by the same code (same boundaries, classes,
    labels). Before timing, the counts per buurt and the response bodies are checked equal (`BASELINE MISMATCH` and
    exit status 1 otherwise);
  * for information: the endpoint through the Django test client (middleware, session, tenancy), buurt and hexagon.

    DJANGO_SETTINGS_MODULE=veiliglokaal.settings.test .venv/bin/python benchmarks/dook_map_layer.py
    BENCH_ADDRESSES=50000 BENCH_REQUESTS=20 BENCH_BASELINE_REQUESTS=5 ...   # the small `make bench` size
"""

import datetime
import hashlib
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiliglokaal.settings.test")

import django

django.setup()

import numpy as np
from django.db import connection
from django.test.utils import setup_test_environment

from benchmarks._result import emit

ADDRESSES = int(os.environ.get("BENCH_ADDRESSES", "500000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "40"))
BASELINE_REQUESTS = int(os.environ.get("BENCH_BASELINE_REQUESTS", "10"))
WARMUP = 3
MUNICIPALITY = "GM0233"  # Ermelo: the registry ships its real CBS buurten
INDICATOR = "occupancy"
REFERENCE_DATE = datetime.date(2025, 1, 1)
BATCH = 5000


def measure(call, n):
    times = []
    for i in range(n + WARMUP):
        start = time.perf_counter()
        call()
        if i >= WARMUP:
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    return {"median": statistics.median(times), "p95": p95, "n": n}


def line(name, r):
    return f"{name:<62} median {r['median']:8.1f} ms   p95 {r['p95']:8.1f} ms   (n={r['n']})"


# ------------------------------------------------------------------------------------------ data (SYNTHETIC)


def synthetic_points(municipality, n, rng):
    """n RD points inside the municipality's real buurten, shared out by the buurten's real population."""
    from veiliglokaal.demo import dook
    from veiliglokaal.demo.dook_geography import (
        neighbourhood_boxes,
        points_in_neighbourhood,
    )

    boxes = neighbourhood_boxes(municipality.pk, dook.ERMELO_RD_BOX)
    population = dook._population_by_buurt()
    weights = np.array(
        [max(population.get(code, 0), 1) for code, _name, _p, _b in boxes],
        dtype=np.float64,
    )
    counts = np.floor(weights / weights.sum() * n).astype(np.int64)
    counts[np.argsort(-weights)[: n - counts.sum()]] += 1
    xs, ys, codes = [], [], []
    for (code, _name, polygon, box), count in zip(boxes, counts):
        if count:
            points = points_in_neighbourhood(rng, polygon, box, int(count))
            xs.append(points[:, 0])
            ys.append(points[:, 1])
            codes.extend([code] * len(points))
    order = rng.permutation(len(codes))
    return (
        np.concatenate(xs)[order],
        np.concatenate(ys)[order],
        np.array(codes, dtype=object)[order],
        len(boxes),
    )


def build(municipality):
    """Write SYNTHETIC source rows for the municipality: addresses in its real buurten, registers from the generator."""
    from veiliglokaal.core.geo import rd_to_wgs84
    from veiliglokaal.core.jobs import JobStatus
    from veiliglokaal.demo import dook_synthetic as synthetic
    from veiliglokaal.irregularities.models import (
        Address,
        Establishment,
        PropertyValue,
        RegistrationCount,
        SourceImport,
    )
    from veiliglokaal.irregularities.pipeline.schema import PURPOSE_BIT

    rng = np.random.default_rng(20261205)
    xs, ys, buurt, n_buurten = synthetic_points(municipality, ADDRESSES, rng)
    n = len(buurt)
    frames = synthetic.generate_frames(n).frames
    a, e = frames.addresses, frames.establishments
    lat, lon = rd_to_wgs84(xs, ys)
    sources = {
        kind: SourceImport.objects.create(
            municipality=municipality,
            source_type=kind,
            file_name=f"synthetisch-{kind}-benchmark.csv",
            checksum=hashlib.sha256(kind.encode()).hexdigest(),
            reference_date=REFERENCE_DATE,
            status=JobStatus.SUCCEEDED,
            is_synthetic=True,
            total=n,
            rows_imported=n,
        )
        for kind in ("bag_csv", "brp_counts_csv", "woz_csv", "kvk_csv")
    }
    masks = a["purpose_mask"].to_numpy()
    purposes = {
        int(m): ",".join(name for name, bit in PURPOSE_BIT.items() if m & bit)
        for m in np.unique(masks)
    }
    street = a["street"].astype(str).to_numpy()
    floor_area = a["floor_area"].to_numpy()
    year = a["construction_year"].to_numpy()
    started = time.perf_counter()
    code = municipality.code[2:]
    for begin in range(0, n, BATCH):
        Address.objects.bulk_create(
            [
                Address(
                    municipality=municipality,
                    bag_id=f"{code}01{i:010d}",
                    street=street[i][:80],
                    house_number=i % 200 + 1,
                    city="Ermelo (synthetisch)",
                    neighbourhood_code=buurt[i],
                    purposes=purposes[int(masks[i])],
                    floor_area=None if np.isnan(floor_area[i]) else int(floor_area[i]),
                    construction_year=None if np.isnan(year[i]) else int(year[i]),
                    rd_x=float(xs[i]),
                    rd_y=float(ys[i]),
                    latitude=float(lat[i]),
                    longitude=float(lon[i]),
                    source_import=sources["bag_csv"],
                )
                for i in range(begin, min(n, begin + BATCH))
            ]
        )
    pk = np.array(
        Address.objects.filter(municipality=municipality)
        .order_by("bag_id")
        .values_list("pk", flat=True)
    )
    row_of_id = {int(i): k for k, i in enumerate(a["id"].to_numpy())}
    persons, moves_in, moves_out = (
        a[c].to_numpy() for c in ("persons", "moves_in", "moves_out")
    )
    woz = a["woz_value"].to_numpy()
    common = {"municipality": municipality, "reference_date": REFERENCE_DATE}
    _bulk(
        RegistrationCount,
        [
            RegistrationCount(
                address_id=int(pk[i]),
                persons=int(persons[i]),
                moves_in_12m=int(np.nan_to_num(moves_in[i])),
                moves_out_12m=int(np.nan_to_num(moves_out[i])),
                source_import=sources["brp_counts_csv"],
                **common,
            )
            for i in range(n)
            if not np.isnan(persons[i])
        ],
    )
    _bulk(
        PropertyValue,
        [
            PropertyValue(
                address_id=int(pk[i]),
                value_eur=int(woz[i]),
                source_import=sources["woz_csv"],
                **common,
            )
            for i in range(n)
            if not np.isnan(woz[i])
        ],
    )
    address_rows = [row_of_id[int(i)] for i in e["address_id"].to_numpy()]
    sbi_codes, active = e["sbi_code"].astype(str).to_numpy(), e["active"].to_numpy()
    _bulk(
        Establishment,
        [
            Establishment(
                address_id=int(pk[row]),
                establishment_number=f"{k + 1:012d}",
                kvk_number=f"{k + 1:08d}"[-8:],
                trade_name="Synthetische vestiging",
                sbi_code=sbi_codes[k][:6],
                ended_on=None if active[k] else datetime.date(2024, 6, 30),
                source_import=sources["kvk_csv"],
                **common,
            )
            for k, row in enumerate(address_rows)
        ],
    )
    return {
        "addresses": n,
        "buurten": n_buurten,
        "establishments": len(e),
        "seconds": time.perf_counter() - started,
    }


def _bulk(model, objects):
    for begin in range(0, len(objects), BATCH):
        model.objects.bulk_create(objects[begin : begin + BATCH])


def score(municipality):
    """One scoring run through the product's service: loader -> pipeline -> Signal and AreaAggregate rows."""
    from veiliglokaal.core.jobs import JobStatus
    from veiliglokaal.irregularities.models import ScoringRun
    from veiliglokaal.irregularities.pipeline import ALGORITHM_VERSION
    from veiliglokaal.irregularities.scoring import execute_run

    run = ScoringRun.objects.create(
        municipality=municipality,
        engine="in-process",
        algorithm_version=ALGORITHM_VERSION,
        total=100,
    )
    started = time.perf_counter()
    execute_run(run)
    run.refresh_from_db()
    if run.status != JobStatus.SUCCEEDED:
        raise SystemExit(f"scoring run failed: {run.error_summary}")
    return run, time.perf_counter() - started


# ------------------------------------------------------------------------------------------ baseline


def on_the_fly_rows(tenant, run, indicator=""):
    """The baseline's counts: addresses and signals per buurt, counted from the rows at request time."""
    from django.db.models import Count

    from veiliglokaal.irregularities.models import Address, Signal

    totals = dict(
        Address.objects.for_tenant(tenant)
        .values("neighbourhood_code")
        .annotate(n=Count("pk"))
        .values_list("neighbourhood_code", "n")
    )
    signals = Signal.objects.for_tenant(tenant).filter(run=run)
    if indicator:
        counts = {}
        for code, indicators in signals.values_list(
            "address__neighbourhood_code", "indicators"
        ):
            if any(i.get("code") == indicator for i in indicators):
                counts[code] = counts.get(code, 0) + 1
    else:
        counts = dict(
            signals.values("address__neighbourhood_code")
            .annotate(n=Count("pk"))
            .values_list("address__neighbourhood_code", "n")
        )
    return [
        {"area_code": code, "addresses": total, "signals": counts.get(code, 0)}
        for code, total in sorted(totals.items())
    ]


def on_the_fly_geojson(tenant, run, indicator=""):
    """The same GeoJSON as `map_layer.layer_geojson(kind="buurt")`, from on-the-fly counts: only the counting differs."""
    import json

    from django.utils.translation import gettext as _

    from veiliglokaal.irregularities import map_layer

    rows = on_the_fly_rows(tenant, run, indicator)
    names = map_layer._names(tenant, "buurt", rows)
    labels = [c.label for c in map_layer.CLASSES]
    for row in rows:
        index = map_layer._class_index(row["signals"])
        row.update(
            name=names.get(row["area_code"], row["area_code"]),
            colour=map_layer.CLASSES[index].colour,
            klass=labels[index],
            shown=map_layer.shown_count(row["signals"], False),
        )
    boundaries = map_layer._cached_boundaries(tenant, "buurt", run) if rows else {}
    template = _("%(name)s: %(shown)s signalen op %(addresses)s adressen")
    features = []
    for row in rows:
        geometry = boundaries.get(row["area_code"])
        if not geometry:
            continue
        properties = json.dumps(
            {
                "code": row["area_code"],
                "colour": row["colour"],
                "label": template % row,
            },
            ensure_ascii=False,
        )
        features.append(
            f'{{"type":"Feature","geometry":{geometry},"properties":{properties}}}'
        )
    meta = json.dumps(
        {"legend": map_layer._legend(rows), "run": run.pk}, ensure_ascii=False
    )
    return f'{{"type":"FeatureCollection","features":[{",".join(features)}],{meta[1:]}'


def client_for(municipality, role, username):
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from veiliglokaal.accounts.models import Membership, User

    user = User.objects.create_user(
        username=username, password="Benchmark-wachtwoord-1!"
    )
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
    from veiliglokaal.accounts.scopes import Role
    from veiliglokaal.accounts.selectors import tenant_for
    from veiliglokaal.core.models import Municipality
    from veiliglokaal.core.services import load_registry
    from veiliglokaal.irregularities import map_layer
    from veiliglokaal.irregularities.models import AreaAggregate, Signal
    from veiliglokaal.irregularities.pipeline.indicators import BY_CODE

    setup_test_environment()
    vendor = connection.vendor
    if vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(
            REPO / "var" / "benchmark-dook-map.sqlite3"
        )
        (REPO / "var").mkdir(exist_ok=True)
    else:
        connection.settings_dict["TEST"]["NAME"] = (
            f"bench_dookmap_{connection.settings_dict['NAME']}"
        )
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_registry()
        municipality = Municipality.objects.get(code=MUNICIPALITY)
        built = build(municipality)
        run, scoring_seconds = score(municipality)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        hexes = AreaAggregate.objects.filter(
            run=run, area_kind="hex", theme="", indicator=""
        ).count()
        print(f"database: {vendor}; load average {os.getloadavg()}")
        print(
            f"SYNTHETIC data: {built['addresses']:,} addresses in the {built['buurten']} real buurten of "
            f"{municipality.name}, {built['establishments']:,} establishments, written in {built['seconds']:.0f} s"
        )
        print(
            f"scoring run through scoring.execute_run: {scoring_seconds:.1f} s, {run.signals:,} signals, "
            f"{AreaAggregate.objects.filter(run=run).count():,} aggregate rows ({hexes:,} hexagons of 250 m)"
        )
        client, user = client_for(municipality, Role.ANALYST, "bench-analist")
        tenant = tenant_for(user, municipality.pk)
        theme = BY_CODE[INDICATOR].theme

        # the same answer first: counts per buurt, and the whole response body
        problems = []
        for indicator, layer_theme in (("", ""), (INDICATOR, theme)):
            ours = map_layer.area_layer(
                tenant, run, kind="buurt", theme=layer_theme, indicator=indicator
            )["rows"]
            ours = [
                {k: r[k] for k in ("area_code", "addresses", "signals")} for r in ours
            ]
            if ours != on_the_fly_rows(tenant, run, indicator):
                problems.append(f"buurt counts differ (indicator {indicator or 'all'})")
            body = map_layer.layer_geojson(
                tenant, run, kind="buurt", theme=layer_theme, indicator=indicator
            )
            if body != on_the_fly_geojson(tenant, run, indicator):
                problems.append(
                    f"response bodies differ (indicator {indicator or 'all'})"
                )
        fired = Signal.objects.filter(run=run).values_list("indicators", flat=True)
        if not any(any(i["code"] == INDICATOR for i in x) for x in fired):
            problems.append(
                f"no signal has indicator {INDICATOR}: the check would be empty"
            )
        if problems:
            print("BASELINE MISMATCH")
            for problem in problems:
                print("  " + problem)
            raise SystemExit(1)
        print(
            "checked equal: buurt counts and GeoJSON bodies, all signals and one indicator"
        )

        rows = []
        for label, indicator, layer_theme in (
            ("buurt layer, all signals", "", ""),
            (f"buurt layer, one indicator ({INDICATOR})", INDICATOR, theme),
        ):
            ours = measure(
                lambda i=indicator, t=layer_theme: map_layer.layer_geojson(
                    tenant, run, kind="buurt", theme=t, indicator=i
                ),
                REQUESTS,
            )
            base = measure(
                lambda i=indicator: on_the_fly_geojson(tenant, run, i),
                BASELINE_REQUESTS,
            )
            rows.append((label, ours, base))

        def get(path):
            def call():
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
                return response

            return call

        endpoint = []
        for label, path in (
            (
                "endpoint buurt (test client)",
                "/onregelmatigheden/kaart/laag?soort=buurt",
            ),
            (
                "endpoint buurt, one indicator (test client)",
                f"/onregelmatigheden/kaart/laag?soort=buurt&thema={theme}&indicator={INDICATOR}",
            ),
            (
                "endpoint hexagons (test client)",
                "/onregelmatigheden/kaart/laag?soort=hex",
            ),
            (
                "endpoint hexagons, one indicator (test client)",
                f"/onregelmatigheden/kaart/laag?soort=hex&thema={theme}&indicator={INDICATOR}",
            ),
        ):
            size = len(get(path)().content)
            endpoint.append((label, measure(get(path), REQUESTS), size))
        only_indicator = client.get(
            f"/onregelmatigheden/kaart/laag?soort=buurt&indicator={INDICATOR}"
        ).content
        only_indicator_areas = only_indicator.count(b'"Feature"')
        print()
        for label, ours, base in rows:
            print(line("ours: " + label + " (precomputed)", ours))
            print(
                line("baseline: " + label + " (on the fly)", base),
                f"  ratio {base['median'] / ours['median']:.1f}x (medians)",
            )
            emit(
                f"DOOK map layer {built['addresses']:,} addresses (synthetic), {label}, median",
                ours["median"],
                base["median"],
                unit="ms",
                baseline_name="counts on the fly from Address/Signal rows",
            )
            emit(
                f"DOOK map layer {built['addresses']:,} addresses (synthetic), {label}, p95",
                ours["p95"],
                base["p95"],
                unit="ms",
                baseline_name="counts on the fly from Address/Signal rows",
            )
        for label, result, size in endpoint:
            print(line(label, result), f"  {size / 1024:,.0f} KiB")
        print(
            f"note: ?soort=buurt&indicator={INDICATOR} without thema returns "
            f"{only_indicator_areas} areas (the aggregates store the indicator under its theme)"
        )
    finally:
        connection.creation.destroy_test_db(
            connection.settings_dict["NAME"], verbosity=0
        )


if __name__ == "__main__":
    main()
