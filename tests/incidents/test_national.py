"""National GIR figures: snapshots, pages, CSV, API, the coordinator comparison and the veiligheidsbeeld indicator."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.core.models import Municipality
from veiliglokaal.incidents import national
from veiliglokaal.incidents.models import Incident, NationalMonth

from veiliglokaal.accounts.models import User

from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db
SECRET = "GEHEIME-BESCHRIJVING-LANDELIJK"
TZ = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def january(report, users_a, users_b, municipality_a, municipality_b):
    """January 2025: 12 incidents in Ermelo, 6 in Harderwijk (same region, other size class), 5 in Amsterdam."""
    when = datetime.datetime(2025, 1, 15, 10, tzinfo=TZ)
    for i in range(12):
        report(users_a[Role.EMPLOYEE], occurred_at=when, description=f"{SECRET} {i}",
               types=["verbaal-geweld"] if i % 3 else ["verbaal-geweld", "bedreiging"])
    for i in range(6):
        report(users_b[Role.EMPLOYEE], municipality=municipality_b, occurred_at=when, description=SECRET,
               victim_name="Jan Geheim", victim_user=None, types=["bedreiging"])
    amsterdam = Municipality.objects.get(code="GM0363")
    for _ in range(5):
        report(make_user("adam-medewerker", amsterdam, Role.EMPLOYEE) if _ == 0 else
               User.objects.get(username="adam-medewerker"), municipality=amsterdam, occurred_at=when)
    assert national.freeze_months(today=datetime.date(2025, 3, 5)) == 1
    return NationalMonth.objects.get()


def test_snapshot_counts_distinct_incidents_and_each_type(january):
    assert january.month == datetime.date(2025, 1, 1)
    assert january.total == 23
    assert january.counts["type"] == {"verbaal-geweld": 17, "bedreiging": 15}
    assert january.counts["municipality"] == {"GM0233": 12, "GM0243": 6, "GM0363": 5}


def test_snapshots_are_frozen_and_only_settled_months(report, users_a, january):
    report(users_a[Role.EMPLOYEE], occurred_at=datetime.datetime(2025, 1, 20, tzinfo=TZ))  # late report
    report(users_a[Role.EMPLOYEE], occurred_at=datetime.datetime(2025, 2, 20, tzinfo=TZ))
    assert national.freeze_months(today=datetime.date(2025, 3, 31)) == 0  # February settles on 1 April
    assert national.freeze_months(today=datetime.date(2025, 4, 1)) == 1
    assert NationalMonth.objects.get(month=datetime.date(2025, 1, 1)).total == 23  # not changed by the late report


def test_year_view_suppresses_small_cells(january):
    data = national.year_tables(2025)
    assert data["month_totals"] == [{"month": datetime.date(2025, 1, 1), "total": 23}]
    tables = {t["key"]: {r["code"]: r["values"][0] for r in t["rows"]} for t in data["tables"]}
    # the other types hold 0 (< 5, suppressed, together < 5): the smallest published type is suppressed as well
    assert tables["type"]["verbaal-geweld"] == 17 and tables["type"]["bedreiging"] is None
    # one victim role holds everything: with all the zeros it must go too, or total minus zeros would give it
    assert set(tables["victim_role"].values()) == {None}
    # size class: 18 (20k-50k: Ermelo and Harderwijk), 5 (ge250k) and zeros: 5 is sacrificed
    assert tables["size_class"]["20k-50k"] == 18
    assert tables["size_class"]["ge250k"] is None and tables["size_class"]["lt10k"] is None
    region = Municipality.objects.get(code="GM0233").safety_region.code
    assert tables["region"][region] == 18
    assert tables["region"][Municipality.objects.get(code="GM0363").safety_region.code] is None


def _client(users, role, municipality):
    return logged_in_client(users[role], municipality)


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.NATIONAL_ANALYST])
def test_national_pages_are_for_the_national_analyst_only(role, users_a, municipality_a, january):
    client = _client(users_a, role, municipality_a)
    assert client.get("/meldingen/landelijk").status_code == 403
    assert client.get("/meldingen/landelijk/csv").status_code == 403
    assert client.get("/api/v1/incident-trends").status_code == 403


def test_national_page_csv_and_api_hold_only_suppressed_aggregates(users_a, municipality_a, january):
    client = _client(users_a, Role.NATIONAL_ANALYST, municipality_a)
    page = client.get("/meldingen/landelijk?jaar=2025")
    assert page.status_code == 200
    csv_response = client.get("/meldingen/landelijk/csv?jaar=2025")
    api = client.get("/api/v1/incident-trends?year=2025")
    assert api.status_code == 200
    main = page.content.decode().split("<main", 1)[1].split("</main>", 1)[0]  # the header names the own municipality
    body = [main, csv_response.content.decode(), api.content.decode()]
    for text in body:
        for forbidden in (SECRET, "Jan Geheim", "Ermelo", "Harderwijk", ">Amsterdam<", "GM0363", "GM0233", "GIR-0", "a-employee"):
            assert forbidden not in text
    lines = csv_response.content.decode("utf-8-sig").splitlines()  # the platform's CSV: BOM and ";" (Dutch Excel)
    assert lines[0] == "maand;indeling;categorie;omschrijving;aantal"
    assert "2025-01;total;totaal;Totaal;23" in lines
    assert "2025-01;size_class;lt10k;minder dan 10.000 inwoners;x" in lines
    values = [line.rsplit(";", 1)[1] for line in lines[1:]]
    assert all(v == "x" or int(v) >= 5 for v in values)
    cells = api.json()
    assert all(c["count"] is None or c["count"] >= 5 for c in cells)
    assert {c["dimension"] for c in cells} == {"total", *national.ALL_DIMENSIONS}
    assert client.get("/api/v1/incident-trends?year=1999").status_code == 400


def test_coordinator_overview_compares_with_size_class_and_region(users_a, municipality_a, january):
    text = _client(users_a, Role.COORDINATOR, municipality_a).get("/meldingen/overzicht").content.decode()
    assert "Vergeleken met grootteklasse en veiligheidsregio" in text
    comparison = national.comparison(Municipality.objects.select_related("safety_region").get(code="GM0233"))
    own, (size, region) = comparison["own"], comparison["groups"]
    assert own.count == 12 and not comparison["own_small"]
    assert own.per_1000 == pytest.approx(1000 * 12 / municipality_a.population * 12)
    # size class 20k-50k and the region hold 18: the other municipalities 6 >= 5, so they are shown
    assert size.count == 18 and region.count == 18
    assert size.per_1000 == pytest.approx(1000 * 18 / size.population * 12)


def test_group_is_not_shown_when_the_other_municipalities_hold_fewer_than_five(report, users_a, municipality_a):
    amsterdam = Municipality.objects.get(code="GM0363")
    when = datetime.datetime(2025, 1, 15, 10, tzinfo=TZ)
    for _ in range(12):
        report(users_a[Role.EMPLOYEE], occurred_at=when)
    user = make_user("adam-medewerker", amsterdam, Role.EMPLOYEE)
    for _ in range(6):
        report(user, municipality=amsterdam, occurred_at=when)
    national.freeze_months(today=datetime.date(2025, 3, 5))
    region = municipality_a.safety_region.code
    tables = {t["key"]: {r["code"]: r["values"][0] for r in t["rows"]} for t in national.year_tables(2025)["tables"]}
    assert tables["region"][region] == 12  # published nationally (Amsterdam's 6 is the secondary suppression)
    comparison = national.comparison(Municipality.objects.select_related("safety_region").get(code="GM0233"))
    assert comparison["groups"][1].count is None  # but 12 - own 12 = 0 < 5: not shown to Ermelo


def test_profile_shows_gir_indicator_suppressed_and_never_in_public_mode(settings, users_b, municipality_b, january):
    comparison = national.comparison(Municipality.objects.select_related("safety_region").get(code="GM0243"))
    assert comparison["own"].count == 6 and comparison["groups"][1].count == 18
    text = _client(users_b, Role.EMPLOYEE, municipality_b).get("/veiligheidsbeeld").content.decode()
    assert "GIR-meldingen per 1.000 inwoners" in text and 'data-testid="gir-indicator"' in text
    settings.INDICATORS_PUBLIC = True
    from django.test import Client

    public = Client().get("/openbaar/veiligheidsbeeld/GM0243").content.decode()
    assert "GIR-meldingen" not in public and "gir-indicator" not in public


def test_own_count_below_five_is_shown_as_less_than_five(report, users_a, municipality_a):
    for _ in range(3):
        report(users_a[Role.EMPLOYEE], occurred_at=datetime.datetime(2025, 1, 10, tzinfo=TZ))
    national.freeze_months(today=datetime.date(2025, 3, 5))
    text = _client(users_a, Role.EMPLOYEE, municipality_a).get("/veiligheidsbeeld").content.decode()
    section = text.split('data-testid="gir-indicator"')[1].split("</section>")[0]
    assert "&lt; 5" in section and ">3<" not in section


def test_national_analyst_sees_groups_but_not_the_own_municipality(users_a, municipality_a, january):
    text = _client(users_a, Role.NATIONAL_ANALYST, municipality_a).get("/veiligheidsbeeld").content.decode()
    section = text.split('data-testid="gir-indicator"')[1].split("</section>")[0]
    assert "Veiligheidsregio" in section and ">Ermelo<" not in section


def test_national_demo_command(settings):
    call_command("load_gir_national_demo", total=800, months=3)
    assert Incident.objects.filter(description__startswith="[DEMO]").count() >= 800
    assert Incident.objects.values("municipality").distinct().count() == 341  # all but Ermelo (own demo story)
    assert NationalMonth.objects.count() == 3
    call_command("load_gir_national_demo", total=800, months=3)  # idempotent
    assert NationalMonth.objects.count() == 3


# --------------------------------------------------------------------------- registry changes never alter a release

def _release_view(year: int, municipality_code: str):
    municipality = Municipality.objects.select_related("safety_region").get(code=municipality_code)
    comparison = national.comparison(municipality)
    return (national.year_tables(year), national.cells(year),
            [(g.count, g.population) for g in comparison["groups"]], comparison["own"].count)


@given(data=st.data())
@hyp_settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_registry_change_never_alters_a_published_release(january, data):
    """The differencing attack of issue 20: move one municipality to another size class and region (a new
    population figure, a region change or a merger) between two reads; every published figure stays the same."""
    from veiliglokaal.core.models import SafetyRegion, SizeClass

    code = data.draw(st.sampled_from(["GM0233", "GM0243", "GM0363", "GM0200"]), label="municipality")
    new_size = data.draw(st.sampled_from([c.value for c in SizeClass]), label="size class")
    new_region = data.draw(st.sampled_from(sorted(SafetyRegion.objects.values_list("code", flat=True))),
                           label="region")
    new_population = data.draw(st.integers(min_value=1_000, max_value=1_000_000), label="population")
    moved = Municipality.objects.get(code=code)
    original = (moved.size_class, moved.safety_region_id, moved.population)
    assume((new_size, new_region) != (original[0], moved.safety_region.code))
    before = {c: _release_view(2025, c) for c in ("GM0233", "GM0243")}
    try:
        Municipality.objects.filter(pk=moved.pk).update(
            size_class=new_size, safety_region=SafetyRegion.objects.get(code=new_region), population=new_population)
        after = {c: _release_view(2025, c) for c in ("GM0233", "GM0243")}
    finally:
        Municipality.objects.filter(pk=moved.pk).update(
            size_class=original[0], safety_region_id=original[1], population=original[2])
    assert after == before


def test_the_release_is_what_was_published_when_frozen(january):
    """The frozen release holds the suppressed tables themselves, with the groups as the registry stood."""
    release = january.release
    assert release["total"] == 23
    assert release["membership"]["GM0233"][0] == Municipality.objects.get(code="GM0233").size_class
    region = {code: n for code, _label, n in release["tables"]["region"]["rows"]}
    assert region[Municipality.objects.get(code="GM0233").safety_region.code] == 18
    assert all(n is None or n >= national.MIN_CELL for table in release["tables"].values()
               for _c, _l, n in table["rows"])
