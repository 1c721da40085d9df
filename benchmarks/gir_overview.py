"""Benchmark: GIR coordinator management overview and the national trend query at national scale, against the
plain ORM implementation (one COUNT per category) in the same run.

Loads BENCH_INCIDENTS (default 2,000,000) SYNTHETIC incidents (description "[DEMO] synthetische melding …", one
inactive synthetic reporter) over 36 months across all 342 municipalities, by population, into a fresh test
database, freezes the national monthly figures, then measures:

  * the coordinator's management overview `GET /meldingen/overzicht` (test client, logged in; counts by type,
    victim role, location, channel, department, month, plus the size-class/region comparison) for Ermelo and for
    the largest municipality; baseline: `selectors.overview` replaced by a per-category COUNT loop;
  * the national trend query `national.compute_month` (the grouped queries that build one month's national figures
    from the incidents); baseline: `compute_month_naive` below (one COUNT per category and per municipality);
  * the national analyst's page `GET /meldingen/landelijk` (a year of frozen, suppressed months).

Before timing, each baseline is run once and its answer compared with ours (overview per municipality, the
national month); on any difference the script prints `BASELINE MISMATCH` with the detail and exits with status 1.
Prints median and p95 (ms), queries, and the ratio naive / real, and one `BENCH_RESULT` line per row
(`benchmarks/_result.py`, collected by `make bench`). Target: p95 < 300 ms.

    DJANGO_SETTINGS_MODULE=veiliglokaal.settings.test .venv/bin/python benchmarks/gir_overview.py
    DATABASE_URL=postgres://... DJANGO_SETTINGS_MODULE=veiliglokaal.settings.test .venv/bin/python benchmarks/gir_overview.py
"""

import datetime
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

from _result import emit  # noqa: E402

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

INCIDENTS = int(os.environ.get("BENCH_INCIDENTS", "2000000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "40"))
NAIVE_REQUESTS = int(os.environ.get("BENCH_NAIVE_REQUESTS", "5"))
WARMUP = 3
MONTHS = 36


def measure(call, n):
    times, queries = [], 0
    for i in range(n + WARMUP):
        counter = [0]

        def count(execute, sql, params, many, context):
            counter[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            start = time.perf_counter()
            call()
            elapsed = (time.perf_counter() - start) * 1000
        if i >= WARMUP:
            times.append(elapsed)
            queries = counter[0]
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return {"median": statistics.median(times), "p95": p95, "n": n, "queries": queries}


def line(name, r):
    return f"{name:<46} median {r['median']:8.1f} ms   p95 {r['p95']:8.1f} ms   {r['queries']:5d} queries   (n={r['n']})"


def naive_overview(tenant, year=None):
    """The plain ORM implementation: one COUNT per option of each list, per department and per month."""
    from django.db.models.functions import TruncMonth

    from veiliglokaal.incidents.models import Incident, IncidentOption

    incidents = Incident.objects.for_tenant(tenant)
    if year:
        incidents = incidents.filter(occurred_at__year=year)
    options = IncidentOption.objects.filter(municipality_id=tenant.municipality_id)
    sections = []
    for key, label, field in [("type", "Soort incident", "types"), ("victim_role", "Functie getroffene", "victim_role"),
                              ("location", "Plaats", "location"), ("channel", "Kanaal", "channel")]:
        rows = [{"label": o.label, "count": incidents.filter(**{field: o}).count()} for o in options.filter(kind=key)]
        sections.append((key, label, sorted([r for r in rows if r["count"]], key=lambda r: (-r["count"], r["label"]))))
    departments = sorted(set(incidents.values_list("department", flat=True)))
    sections.append(("department", "Afdeling", [{"label": d, "count": incidents.filter(department=d).count()}
                                                 for d in departments]))
    months = sorted(set(incidents.annotate(m=TruncMonth("occurred_at")).values_list("m", flat=True)))
    return {"total": incidents.count(), "sections": sections,
            "months": [{"month": m, "count": incidents.filter(occurred_at__year=m.year,
                                                              occurred_at__month=m.month).count()} for m in months]}


def compute_month_naive(month: datetime.date) -> tuple[int, dict[str, dict[str, int]]]:
    """The plain ORM baseline of `national.compute_month`: one COUNT per category and per municipality."""
    from veiliglokaal.core.models import Municipality
    from veiliglokaal.incidents import defaults, national
    from veiliglokaal.incidents.models import Incident

    start, end = national.month_bounds(month)
    incidents = Incident.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
    counts: dict[str, dict[str, int]] = {"victim_role": {}, "channel": {}, "type": {}, "municipality": {}}
    for code, _l in defaults.VICTIM_ROLES:
        counts["victim_role"][code] = incidents.filter(victim_role__code=code).count()
    for code, _l, _o in defaults.CHANNELS:
        counts["channel"][code] = incidents.filter(channel__code=code).count()
    for code, _l in defaults.TYPES:
        counts["type"][code] = incidents.filter(types__code=code).count()
    for code in Municipality.objects.values_list("code", flat=True):
        counts["municipality"][code] = incidents.filter(municipality__code=code).count()
    return incidents.count(), counts


def _nonzero(counts: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    return {key: {code: n for code, n in cells.items() if n} for key, cells in counts.items()}


def _overview_answer(result: dict) -> dict:
    """The overview's figures, independent of row order and of zero rows."""
    return {"total": result["total"],
            "sections": {key: {row["label"]: row["count"] for row in rows if row["count"]}
                         for key, _title, rows in result["sections"]},
            "months": {row["month"]: row["count"] for row in result["months"] if row["count"]}}


def mismatch(what: str, ours, baseline) -> None:
    print(f"BASELINE MISMATCH in {what}:\n  ours:     {ours!r}\n  baseline: {baseline!r}", flush=True)
    raise SystemExit(1)


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
    client.bench_user = user
    return client


def main():
    from veiliglokaal.accounts.scopes import Role
    from veiliglokaal.accounts.selectors import tenant_for
    from veiliglokaal.core.models import Municipality
    from veiliglokaal.core.services import load_registry
    from veiliglokaal.demo import incidents_national as demo_national
    from veiliglokaal.incidents import national, selectors

    setup_test_environment()
    vendor = connection.vendor
    if vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(REPO / "var" / "benchmark-gir.sqlite3")
        (REPO / "var").mkdir(exist_ok=True)
    else:
        connection.settings_dict["TEST"]["NAME"] = f"bench_gir_{connection.settings_dict['NAME']}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_registry()
        last = national.publishable_until()
        started = time.perf_counter()

        def progress(done):
            if done % 200_000 < 5000:
                print(f"  … {done:,} synthetic incidents ({time.perf_counter() - started:.0f} s)", flush=True)

        created = demo_national.generate(INCIDENTS, MONTHS, last, exclude=(), batch=5000, progress=progress)
        print(f"database: {vendor} {connection.settings_dict['NAME']}")
        print(f"loaded {created:,} SYNTHETIC incidents over {MONTHS} months in {time.perf_counter() - started:.0f} s")
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        else:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        started = time.perf_counter()
        frozen = national.freeze_months()
        print(f"froze {frozen} national months in {time.perf_counter() - started:.1f} s")

        ermelo = Municipality.objects.get(code="GM0233")
        largest = Municipality.objects.order_by("-population").first()
        results = []
        for municipality in (ermelo, largest):
            from veiliglokaal.incidents.models import Incident

            n = Incident.objects.filter(municipality=municipality).count()
            client = client_for(municipality, Role.COORDINATOR, f"bench-{municipality.code}")
            tenant = tenant_for(client.bench_user, municipality.pk)
            ours, theirs = _overview_answer(selectors.overview(tenant)), _overview_answer(naive_overview(tenant))
            if ours != theirs:
                mismatch(f"overview {municipality.name}", ours, theirs)

            def overview():
                response = client.get("/meldingen/overzicht")
                assert response.status_code == 200, response.status_code

            real = measure(overview, REQUESTS)
            original = selectors.overview
            selectors.overview = naive_overview
            try:
                naive = measure(overview, NAIVE_REQUESTS)
            finally:
                selectors.overview = original
            results.append((f"overview {municipality.name} ({n:,} incidents)", real, naive))

        month = last
        month_n = Incident.objects.filter(occurred_at__gte=national.month_bounds(month)[0],
                                          occurred_at__lt=national.month_bounds(month)[1]).count()
        (ours_total, ours_counts), (naive_total, naive_counts) = national.compute_month(month), compute_month_naive(month)
        if (ours_total, _nonzero(ours_counts)) != (naive_total, _nonzero(naive_counts)):
            mismatch(f"national month {month:%Y-%m}", (ours_total, _nonzero(ours_counts)),
                     (naive_total, _nonzero(naive_counts)))
        real = measure(lambda: national.compute_month(month), REQUESTS)
        naive = measure(lambda: compute_month_naive(month), NAIVE_REQUESTS)
        results.append((f"national month {month:%Y-%m} ({month_n:,} incidents)", real, naive))

        analyst = client_for(ermelo, Role.NATIONAL_ANALYST, "bench-analyst")

        def national_page():
            response = analyst.get(f"/meldingen/landelijk?jaar={last.year}")
            assert response.status_code == 200, response.status_code

        page = measure(national_page, REQUESTS)
        print()
        for name, real, naive in results:
            print(line(name, real))
            print(line("  naive (COUNT per category)", naive), f"  ratio {naive['median'] / real['median']:.1f}x")
            emit(f"GIR {name}, {vendor}, median ms", real["median"], naive["median"], unit="ms",
                 baseline_name="plain ORM, one COUNT per category",
                 note=f"p95 {real['p95']:.0f} ms; {real['queries']} vs {naive['queries']} queries; answers checked equal")
        print(line("national analyst page (frozen year)", page))
        emit(f"GIR national analyst page (frozen year), {vendor}, median ms", page["median"], unit="ms",
             note=f"p95 {page['p95']:.0f} ms; no baseline (reads frozen months)")
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
