"""Benchmark: veiligheidsbeeld profile page and national map data at national scale, against a naive ORM loop.

Loads 342 municipalities x 10 years x 50 measures of SYNTHETIC observations (171,000 rows; the table and its data
source are labelled "SYNTHETISCH") into a fresh test database, then measures in one run:

  * the profile page /veiligheidsbeeld (Django test client, logged in, server time incl. template rendering),
    with the real selectors and with `selectors.panel` replaced by a naive per-municipality ORM loop;
  * the national map data (values, quantile classes and GeoJSON features of all 342 municipalities for one year,
    `views.map_data`), real versus a naive loop (one query per municipality for the value and one for its boundary).

Before timing, the naive and real paths are run once and compared: `selectors.panel` against `naive_panel` for
every indicator definition (all its periods), and the map data's values, classes and boundaries. On any difference
the script prints `BASELINE MISMATCH` with the detail and exits with status 1.

Prints median and p95 (ms), queries per request, and the ratio naive / real, and one `BENCH_RESULT` line per row
(`benchmarks/_result.py`, collected by `make bench`). Targets: profile p95 < 200 ms, map data < 100 ms.

    DJANGO_SETTINGS_MODULE=veiliglokaal.settings.test .venv/bin/python benchmarks/indicators_profile.py
    DATABASE_URL=postgres://... DJANGO_SETTINGS_MODULE=veiliglokaal.settings.test .venv/bin/python benchmarks/indicators_profile.py
"""

import math
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiliglokaal.settings.test")

import django  # noqa: E402

django.setup()

from _result import emit  # noqa: E402

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "60"))  # per measured variant, after 5 warm-up requests
NAIVE_REQUESTS = int(os.environ.get("BENCH_NAIVE_REQUESTS", "5"))  # the naive page takes seconds: 1 warm-up
WARMUP = 5
YEARS = list(range(2015, 2025))
BBV_CATEGORIES = [("0.0.0", "Totaal misdrijven"), ("1.1.1", "Diefstal/inbraak woning"), ("1.4.1", "Zedenmisdrijf"),
                  ("1.4.2", "Moord, doodslag"), ("1.4.3", "Openlijk geweld (persoon)"), ("1.4.4", "Bedreiging"),
                  ("1.4.5", "Mishandeling"), ("1.4.6", "Straatroof"), ("1.4.7", "Overval"),
                  ("2.2.1", "Vernieling cq. zaakbeschadiging"), ("2.5.2", "Winkeldiefstal")]
CATEGORIES = BBV_CATEGORIES + [(f"9.{i}", f"Synthetische soort {i}") for i in range(1, 50 - len(BBV_CATEGORIES) + 1)]


def load_synthetic():
    from veiliglokaal.core.models import DataSource, Municipality
    from veiliglokaal.indicators.models import Measure, Observation, StatisticsTable

    rng = random.Random(42)
    source = DataSource.objects.create(
        key="statistiek-47013NED", title="SYNTHETISCH: benchmarkgegevens (geen echte cijfers)", publisher="benchmark",
        licence="n.v.t.", file_name="synthetisch", sha256="0" * 64, rows=342 * len(YEARS) * len(CATEGORIES))
    table = StatisticsTable.objects.create(table_id="47013NED", title="SYNTHETISCH — misdrijven per soort",
                                           source_format="synthetisch", source=source)
    measures = Measure.objects.bulk_create([
        Measure(table=table, code="GeregistreerdeMisdrijven", title="Geregistreerde misdrijven", unit="aantal",
                category_code=code, category_title=title) for code, title in CATEGORIES])
    municipalities = list(Municipality.objects.values_list("id", "code", "population"))
    rows = []
    for pk, code, population in municipalities:
        for year in YEARS:
            for measure in measures:
                rate = 50 if measure.category_code == "0.0.0" else 1
                rows.append(Observation(
                    table=table, measure=measure, region_code=code, municipality_id=pk, period_code=f"{year}JJ00",
                    period_type="year", period_start=f"{year}-01-01",
                    value=round(population * rate / 1000 * rng.uniform(0.5, 1.5)), provisional=year == YEARS[-1]))
    Observation.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def naive_panel(indicator, periods=None, registry=None):
    """The naive implementation: for every municipality and period, ask the ORM for its observations."""
    from veiliglokaal.core.models import Municipality
    from veiliglokaal.indicators import selectors
    from veiliglokaal.indicators.models import Observation

    periods = tuple(periods or indicator.periods)
    numerator_ids = selectors.resolve(indicator.numerator).measure_ids
    denominator_ids = selectors.resolve(indicator.denominator).measure_ids if indicator.denominator else ()
    result = {}
    for period in periods:
        rows = []
        for m in Municipality.objects.without_boundaries().order_by("code"):
            observations = list(Observation.objects.filter(municipality=m, measure_id__in=numerator_ids,
                                                           period_code=period))
            numerator = (float(sum(o.value for o in observations))
                         if observations and len(observations) == len(numerator_ids)
                         and all(o.value is not None for o in observations) else None)
            if indicator.denominator:
                values = [o.value for o in Observation.objects.filter(municipality=m, measure_id__in=denominator_ids,
                                                                       period_code=period)]
                denominator = float(sum(values)) if values and None not in values else None
            else:
                denominator = m.population
            value = numerator * indicator.scale / denominator if numerator is not None and denominator else None
            rows.append(selectors.IndicatorValue(
                m.pk, m.code, m.name, m.population, float(m.density_per_km2), m.size_class, m.safety_region_id,
                m.province_id, numerator, value, any(o.provisional for o in observations), denominator))
        result[period] = rows
    return result


def naive_map_data(period_code):
    from veiliglokaal.core.models import Municipality
    from veiliglokaal.indicators import selectors
    from veiliglokaal.indicators.definitions import DEFAULT
    from veiliglokaal.indicators.models import Observation

    ids = selectors.resolve(DEFAULT.numerator).measure_ids
    features = []
    for m in Municipality.objects.without_boundaries().order_by("code"):
        observation = Observation.objects.filter(municipality=m, measure_id__in=ids, period_code=period_code).first()
        value = float(observation.value) * 1000 / m.population if observation and observation.value else None
        boundary = Municipality.objects.values_list("boundary", flat=True).get(pk=m.pk)
        features.append({"type": "Feature", "geometry": boundary,
                         "properties": {"code": m.code, "name": m.name, "value": value}})
    breaks = selectors.quantile_breaks([f["properties"]["value"] for f in features
                                        if f["properties"]["value"] is not None])
    return features, breaks


def mismatch(what: str, ours, baseline) -> None:
    print(f"BASELINE MISMATCH in {what}:\n  ours:     {ours!r}\n  baseline: {baseline!r}", flush=True)
    raise SystemExit(1)


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def check_same_answers():
    """The naive and real paths must give the same figures, or the ratio means nothing."""
    from veiliglokaal.indicators import selectors, views
    from veiliglokaal.indicators.definitions import INDICATORS

    for indicator in INDICATORS:
        ours, theirs = selectors.panel(indicator), naive_panel(indicator)
        if ours.keys() != theirs.keys():
            mismatch(f"panel {indicator.key}: periods", sorted(ours), sorted(theirs))
        for period in ours:
            for a, b in zip(ours[period], theirs[period], strict=True):
                same = (a.municipality_id == b.municipality_id and _close(a.numerator, b.numerator)
                        and _close(a.value, b.value) and _close(a.denominator, b.denominator)
                        and (a.provisional == b.provisional or a.numerator is None))
                if not same:
                    mismatch(f"panel {indicator.key} {period} {a.code}", a, b)
    _rows, breaks, collection = views.map_data("2024JJ00")
    naive_features, naive_breaks = naive_map_data("2024JJ00")
    if len(breaks) != len(naive_breaks) or not all(_close(a, b) for a, b in zip(breaks, naive_breaks)):
        mismatch("map data quantile breaks", breaks, naive_breaks)
    naive_by_code = {f["properties"]["code"]: f for f in naive_features}
    for feature in collection["features"]:
        code = feature["properties"]["code"]
        other = naive_by_code.pop(code, None)
        value = None if other is None or other["properties"]["value"] is None else round(other["properties"]["value"], 1)
        if other is None or feature["geometry"] != other["geometry"] or not _close(feature["properties"]["value"], value):
            mismatch(f"map data {code}", feature["properties"], other and other["properties"])
    if naive_by_code:
        mismatch("map data: municipalities only in the baseline", [], sorted(naive_by_code))
    print(f"checked: naive and real give the same figures for {len(INDICATORS)} indicators and the map data")


def measure(call, n, warmup=WARMUP):
    times, queries = [], 0
    for i in range(n + warmup):
        counter = [0]

        def count(execute, sql, params, many, context):
            counter[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            start = time.perf_counter()
            call()
            elapsed = (time.perf_counter() - start) * 1000
        if i >= warmup:
            times.append(elapsed)
            queries = counter[0]
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return {"median": statistics.median(times), "p95": p95, "n": n, "queries": queries}


def line(name, r):
    return f"{name:<44} median {r['median']:8.1f} ms   p95 {r['p95']:8.1f} ms   {r['queries']:5d} queries   (n={r['n']})"


def main():
    from django.test import Client

    from veiliglokaal.accounts.models import Membership, User
    from veiliglokaal.accounts.scopes import Role
    from veiliglokaal.core.models import Municipality
    from veiliglokaal.core.services import load_registry
    from veiliglokaal.indicators import selectors, views
    from django_otp.plugins.otp_totp.models import TOTPDevice

    setup_test_environment()
    vendor = connection.vendor
    if vendor == "sqlite":  # a file, as in a deployment (the default test database would be in memory)
        connection.settings_dict["TEST"]["NAME"] = str(REPO / "var" / "benchmark.sqlite3")
        (REPO / "var").mkdir(exist_ok=True)
    else:  # its own database, next to the test suite's
        connection.settings_dict["TEST"]["NAME"] = f"bench_{connection.settings_dict['NAME']}"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_registry()
        started = time.perf_counter()
        rows = load_synthetic()
        print(f"database: {vendor} {connection.settings_dict['NAME']}")
        print(f"loaded {rows:,} SYNTHETIC observations (342 municipalities x {len(YEARS)} years x "
              f"{len(CATEGORIES)} measures) in {time.perf_counter() - started:.1f} s")
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        ermelo = Municipality.objects.get(code="GM0233")
        user = User.objects.create_user(username="benchmark", password="Benchmark-wachtwoord-1!")
        Membership.objects.create(user=user, municipality=ermelo, role=Role.ANALYST)
        client = Client()
        client.force_login(user)
        device = TOTPDevice.objects.create(user=user, name="benchmark", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session["active_municipality_id"] = ermelo.pk
        session.save()

        def profile():
            response = client.get("/veiligheidsbeeld")
            assert response.status_code == 200, response.status_code

        check_same_answers()
        real_profile = measure(profile, REQUESTS)
        real_panel = selectors.panel
        selectors.panel = naive_panel
        try:
            naive_profile = measure(profile, NAIVE_REQUESTS, warmup=1)
        finally:
            selectors.panel = real_panel
        real_map = measure(lambda: views.map_data("2024JJ00"), REQUESTS)
        naive_map = measure(lambda: naive_map_data("2024JJ00"), NAIVE_REQUESTS, warmup=1)

        print(line("profile page /veiligheidsbeeld (real)", real_profile))
        print(line("profile page (naive per-municipality loop)", naive_profile))
        print(line("national map data 2024 (real)", real_map))
        print(line("national map data (naive per-municipality loop)", naive_map))
        print(f"ratio naive/real: profile median {naive_profile['median'] / real_profile['median']:.1f}x, "
              f"p95 {naive_profile['p95'] / real_profile['p95']:.1f}x; "
              f"map median {naive_map['median'] / real_map['median']:.1f}x")
        emit(f"Veiligheidsbeeld profile page, {vendor}, median ms", real_profile["median"], naive_profile["median"],
             unit="ms", baseline_name="naive per-municipality ORM loop",
             note=f"p95 {real_profile['p95']:.0f} ms (target < 200); answers checked equal")
        emit(f"Veiligheidsbeeld national map data, {vendor}, median ms", real_map["median"], naive_map["median"],
             unit="ms", baseline_name="one query per municipality (value + boundary)",
             note=f"p95 {real_map['p95']:.0f} ms (target < 100); answers checked equal")
        print(f"targets: profile p95 < 200 ms: {'met' if real_profile['p95'] < 200 else 'MISSED'}; "
              f"map data < 100 ms (p95): {'met' if real_map['p95'] < 100 else 'MISSED'}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
