"""Pages, CSV downloads and API of the veiligheidsbeeld for a logged-in user."""

import csv
import io

import pytest

from veiliglokaal.accounts.scopes import ROLE_SCOPES, Role, Scope
from tests.conftest import logged_in_client, make_user


@pytest.fixture
def client_a(police_statistics, municipality_a):
    return logged_in_client(make_user("medewerker-ermelo", municipality_a, Role.EMPLOYEE), municipality_a)


def test_every_role_has_the_scope():
    assert all(Scope.INDICATORS_VIEW in scopes for scopes in ROLE_SCOPES.values())


def test_profile_page(client_a):
    response = client_a.get("/veiligheidsbeeld")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Veiligheidsbeeld Ermelo" in html
    assert "34,8" in html  # 970 / 27.856 x 1.000
    assert "<svg" in html and 'role="img"' in html
    assert "Vergelijkbare gemeenten" in html and "Veiligheidsregio Noord- en Oost-Gelderland" in html
    assert 'id="definities"' in html and "inwonertal van 1 januari 2024" in html
    assert 'href="/veiligheidsbeeld"' in html  # navigation entry
    assert "css/indicators.css" in html


def test_map_page(client_a):
    response = client_a.get("/veiligheidsbeeld/kaart?jaar=2023")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<tr class="utrecht-table__row') >= 343  # header + 342 municipalities
    assert 'id="map-data"' in html and "indicators-map.js" in html
    assert response.context["year"] == "2023"
    assert len(response.context["map_data"]["features"]) == 342
    assert all(f["geometry"] for f in response.context["map_data"]["features"])
    assert len(response.context["legend"]) == 5


def test_map_table_sorts(client_a):
    rows = client_a.get("/veiligheidsbeeld/kaart?sorteer=naam&richting=op").context["rows"]
    assert [r.name for r in rows] == sorted(r.name for r in rows)
    rows = client_a.get("/veiligheidsbeeld/kaart").context["rows"]
    assert rows[0].value == max(r.value for r in rows)


@pytest.mark.parametrize("table,header", [
    ("trend", "jaar"), ("vergelijking", "groep"), ("vergelijkbare-gemeenten", "gemeentecode"),
    ("alle-gemeenten", "gemeentecode"),
])
def test_csv_downloads(client_a, table, header):
    response = client_a.get(f"/veiligheidsbeeld/csv/{table}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == header
    if table == "trend":
        assert rows[3][:3] == ["2024", "970", "34.82"]
    if table == "alle-gemeenten":
        assert len(rows) == 1 + 342 * 3


def test_unknown_csv_is_404(client_a):
    assert client_a.get("/veiligheidsbeeld/csv/geheim").status_code == 404


def test_anonymous_is_sent_to_login(db):
    from django.test import Client

    response = Client().get("/veiligheidsbeeld")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen")


def test_profile_without_statistics(db, municipality_a):
    client = logged_in_client(make_user("leeg", municipality_a, Role.ANALYST), municipality_a)
    response = client.get("/veiligheidsbeeld")
    assert response.status_code == 200
    assert "load_statistics" in response.content.decode()


def test_api_indicators(client_a):
    response = client_a.get("/api/v1/indicators")
    assert response.status_code == 200
    assert response.json()[0]["key"] == "geregistreerde-misdrijven"
    assert response.json()[0]["tableId"] == "47013NED"
    detail = client_a.get("/api/v1/indicators/geregistreerde-misdrijven")
    assert detail.status_code == 200 and detail.json()["years"] == [2022, 2023, 2024]
    assert "API-Version" in detail.headers


def test_api_values(client_a):
    response = client_a.get("/api/v1/indicators/geregistreerde-misdrijven/values?year=2024")
    assert response.status_code == 200
    data = response.json()
    assert len(data) == 342
    ermelo = next(v for v in data if v["municipality"] == "GM0233")
    assert ermelo["numerator"] == 970 and ermelo["value"] == pytest.approx(970 / 27856 * 1000)


def test_api_errors_are_problem_json(client_a):
    bad_year = client_a.get("/api/v1/indicators/geregistreerde-misdrijven/values?year=1999")
    assert bad_year.status_code == 400 and bad_year["Content-Type"].startswith("application/problem+json")
    assert bad_year.json()["invalidParams"][0]["name"] == "year"
    missing = client_a.get("/api/v1/indicators/bestaat-niet")
    assert missing.status_code == 404 and missing["Content-Type"].startswith("application/problem+json")


def test_api_lists_the_bbv_indicators_with_their_availability(client_a):
    data = {i["key"]: i for i in client_a.get("/api/v1/indicators").json()}
    assert data["geregistreerde-misdrijven"]["unavailableReason"] == ""
    assert data["halt-verwijzingen"]["unavailableReason"] == "tabel HALT ontbreekt"
    assert data["halt-verwijzingen"]["scale"] == 10000
    values = client_a.get("/api/v1/indicators/winkeldiefstal/values?year=2024").json()
    assert len(values) == 342 and all(v["value"] is None for v in values)
