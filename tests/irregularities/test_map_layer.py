"""The aggregated map: counts per area from the latest successful run, small counts masked by role, a table
with the same data, and no address anywhere in the layer."""

import pytest

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import ProcessingLogEntry
from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.irregularities.models import AreaKind

from tests.conftest import logged_in_client

from . import factories_review as f

pytestmark = pytest.mark.django_db


def _layer(client, query=""):
    response = client.get(f"/onregelmatigheden/kaart/laag{query}")
    assert response.status_code == 200
    return response.json()


def test_buurt_layer_has_geometry_counts_and_legend(run_a, analyst_client):
    data = _layer(analyst_client, "?soort=buurt")
    assert data["run"] == run_a.pk
    assert len(data["features"]) == 3
    assert all(feat["geometry"]["type"] in {"Polygon", "MultiPolygon"} for feat in data["features"])
    # 6 signals over 3 buurten: 2 each; the analyst (address access) sees the exact number.
    assert all(": 2 signalen op " in feat["properties"]["label"] for feat in data["features"])
    legend = {row["label"]: row["areas"] for row in data["legend"]}
    assert legend["1–4"] == 3 and legend["0"] == 0


def test_small_counts_show_as_less_than_five_without_address_access(run_a, users_a, municipality_a):
    official = logged_in_client(users_a[Role.OFFICIAL], municipality_a)
    data = _layer(official, "?soort=buurt")
    assert all("< 5 signalen" in feat["properties"]["label"] for feat in data["features"])
    page = official.get("/onregelmatigheden/kaart").content.decode()
    assert "&lt; 5" in page and ">2<" not in page


def test_hexagon_layer_carries_its_own_boundary(run_a, analyst_client):
    data = _layer(analyst_client, "?soort=hex")
    assert [feat["properties"]["code"] for feat in data["features"]] == ["hex-GM0233-0", "hex-GM0233-1"]
    assert ": 13 signalen" in data["features"][1]["properties"]["label"]


def test_layer_contains_no_address(run_a, analyst_client):
    text = analyst_client.get("/onregelmatigheden/kaart/laag?soort=buurt").content.decode()
    assert "Synthetische Laan" not in text and "bag_id" not in text
    assert not ProcessingLogEntry.objects.filter(activity_key="irregularities.adresinzage").exists()


def test_filters_pick_the_matching_aggregate_rows(run_a, analyst_client):
    f.aggregate(run_a, code="BU02330000", addresses=10, signals=9, indicator="low_woz_per_m2")
    data = _layer(analyst_client, "?soort=buurt&indicator=low_woz_per_m2")
    assert [feat["properties"]["code"] for feat in data["features"]] == ["BU02330000"]
    assert ": 9 signalen" in data["features"][0]["properties"]["label"]
    # an unknown filter value falls back to the default layer rather than failing
    assert len(_layer(analyst_client, "?soort=onzin&indicator=bestaat-niet")["features"]) == 3


def test_only_the_latest_successful_run_is_shown(run_a, municipality_a, analyst_client):
    failed = f.run(municipality_a, status=JobStatus.FAILED)
    f.aggregate(failed, code="BU02330000", addresses=1, signals=40)
    assert _layer(analyst_client)["run"] == run_a.pk
    newer = f.run(municipality_a)
    f.aggregate(newer, kind=AreaKind.NEIGHBOURHOOD, code="BU02330000", addresses=5, signals=0)
    assert _layer(analyst_client)["run"] == newer.pk


def test_map_page_has_the_table_alternative_and_a_person_decides_note(run_a, analyst_client):
    page = analyst_client.get("/onregelmatigheden/kaart").content.decode()
    assert 'data-testid="map-table"' in page and 'id="map-data"' in page
    assert "Een signaal is een aanwijzing, geen oordeel." in page


def test_map_without_a_run_explains_what_to_do(analyst_client):
    page = analyst_client.get("/onregelmatigheden/kaart").content.decode()
    assert "nog geen geslaagde berekening" in page
    assert analyst_client.get("/onregelmatigheden/kaart/laag").json()["features"] == []


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.NATIONAL_ANALYST, Role.ADMIN])
def test_roles_without_the_map_scope_get_403(role, run_a, users_a, municipality_a):
    client = logged_in_client(users_a[role], municipality_a)
    assert client.get("/onregelmatigheden/kaart").status_code == 403
    assert client.get("/onregelmatigheden/kaart/laag").status_code == 403


def test_api_rows_match_the_table_and_mask_small_counts(run_a, users_a, municipality_a, tenant_of):
    from django.test import Client

    from veiliglokaal.accounts.services import issue_api_token

    def rows(role, query="?areaKind=hex"):
        user = users_a[role]
        key = issue_api_token(tenant_of(user, municipality_a), user, "test").key
        return Client().get(f"/api/v1/irregularity-areas{query}", HTTP_AUTHORIZATION=f"Token {key}")

    analyst = rows(Role.ANALYST).json()
    assert [(r["areaCode"], r["signals"], r["signalsShown"]) for r in analyst] == [
        ("hex-GM0233-0", 3, "3"), ("hex-GM0233-1", 13, "13")]
    official = rows(Role.OFFICIAL).json()
    assert [(r["signals"], r["signalsShown"], r["countClass"]) for r in official] == [
        (None, "< 5", "1–4"), (13, "13", "10–24")]
    assert all("Synthetische" not in str(r) for r in official)
    bad = rows(Role.ANALYST, "?areaKind=provincie")
    assert bad.status_code == 400 and bad["Content-Type"].startswith("application/problem+json")
    assert rows(Role.EMPLOYEE).status_code == 403


def test_cached_boundaries_follow_the_run(run_a, municipality_a, analyst_client):
    first = _layer(analyst_client, "?soort=hex")["features"][0]["geometry"]
    newer = f.run(municipality_a)
    f.aggregate(newer, kind=AreaKind.HEXAGON, code="hex-new", addresses=5, signals=1, boundary=f.hexagon(52.4, 5.7))
    features = _layer(analyst_client, "?soort=hex")["features"]
    assert [feat["properties"]["code"] for feat in features] == ["hex-new"]
    assert features[0]["geometry"] != first and features[0]["geometry"] == f.hexagon(52.4, 5.7)


def test_an_indicator_link_selects_its_layer_whatever_the_theme_says(run_a, analyst_client):
    """The pipeline writes an indicator's layer under the indicator's theme; a link naming only the indicator (or a
    stale theme) must still show that layer, not an empty map."""
    f.aggregate(run_a, code="BU02330000", addresses=10, signals=7, indicator="low_woz_per_m2")
    for query in ("?soort=buurt&indicator=low_woz_per_m2", "?soort=buurt&thema=housing&indicator=low_woz_per_m2"):
        data = _layer(analyst_client, query)
        assert [feat["properties"]["code"] for feat in data["features"]] == ["BU02330000"], query
