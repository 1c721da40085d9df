"""NL API Design Rules at the HTTP level: problem+json errors in Dutch, the API-Version header on every
response, camelCase query keys and invalidParams on validation errors."""

import pytest
from django.conf import settings
from django.test import Client

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.accounts.services import issue_api_token
from veiliglokaal.audit.models import SecurityAction
from veiliglokaal.audit.services import log_processing, log_security
from veiliglokaal.core.models import Municipality, SizeClass

from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture
def admin_key(municipality_a, tenant_of):
    admin = make_user("api-beheerder", municipality_a, Role.ADMIN)
    return issue_api_token(tenant_of(admin, municipality_a), admin, "contract").key


@pytest.fixture
def api(admin_key):
    client = Client(HTTP_AUTHORIZATION=f"Token {admin_key}")
    return client


@pytest.fixture
def employee_api(municipality_a, tenant_of):
    employee = make_user("api-medewerker", municipality_a, Role.EMPLOYEE)
    key = issue_api_token(tenant_of(employee, municipality_a), employee, "contract").key
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def _problem(response, status: int, title: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM)
    assert response["API-Version"] == settings.API_VERSION
    body = response.json()
    assert body["status"] == status and body["title"] == title
    assert body["type"].endswith(f"/{status}")
    assert body["detail"]
    return body


# ----------------------------------------------------------------------------------------------- problem+json


@pytest.mark.parametrize("path", ["/api/v1/me", "/api/v1/municipalities", "/api/v1/memberships",
                                  "/api/v1/processing-log", "/api/v1/security-log",
                                  "/api/v1/processing-activities", "/api/v1/memberships/1"])
def test_401_without_credentials(path):
    body = _problem(Client().get(path), 401, "Niet ingelogd")
    assert body["instance"] == path


def test_401_with_a_wrong_key_and_with_a_malformed_header(db):
    _problem(Client().get("/api/v1/me", HTTP_AUTHORIZATION="Token onzin"), 401, "Niet ingelogd")
    _problem(Client().get("/api/v1/me", HTTP_AUTHORIZATION="Token"), 401, "Niet ingelogd")
    _problem(Client().get("/api/v1/me", HTTP_AUTHORIZATION="Token twee delen"), 401, "Niet ingelogd")


def test_401_for_a_session_without_mfa(municipality_a):
    user = make_user("half-ingelogd", municipality_a, Role.ANALYST)
    client = Client()
    client.force_login(user)
    body = _problem(client.get("/api/v1/me"), 401, "Niet ingelogd")
    assert "MFA" in body["detail"]


@pytest.mark.parametrize("path", ["/api/v1/memberships", "/api/v1/processing-log", "/api/v1/security-log"])
def test_403_without_the_scope(employee_api, path):
    _problem(employee_api.get(path), 403, "Geen toegang")


@pytest.mark.parametrize("path", [
    "/api/v1/memberships/987654321",
    "/api/v1/memberships/geen-getal",
    "/api/v1/municipalities/GM9999",
    "/api/v1/municipalities/gemeente",
    "/api/v1/processing-activities/bestaat.niet",
    "/api/v1/bestaat-niet",
    "/api/v1/municipalities/",  # no trailing slashes
    "/api/v1/municipalities?page=999",
])
def test_404_is_problem_json(api, path):
    _problem(api.get(path), 404, "Niet gevonden")


def test_404_for_an_unknown_path_even_without_credentials(db):
    _problem(Client().get("/api/v1/bestaat-niet"), 404, "Niet gevonden")
    _problem(Client().get("/api/v2/municipalities"), 404, "Niet gevonden")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_read_only_endpoints_refuse_writes(api, method):
    response = getattr(api, method)("/api/v1/municipalities", data={}, content_type="application/json")
    _problem(response, 405, "Methode niet toegestaan")


@pytest.mark.parametrize("path, param", [
    ("/api/v1/municipalities?sizeClass=reus", "sizeClass"),
    ("/api/v1/processing-log?startedFrom=gisteren", "startedFrom"),
    ("/api/v1/processing-log?startedUntil=2024-13-45", "startedUntil"),
    ("/api/v1/security-log?action=inbreken", "action"),
    ("/api/v1/security-log?result=misschien", "result"),
    ("/api/v1/security-log?occurredFrom=morgen", "occurredFrom"),
])
def test_400_carries_invalid_params(api, path, param):
    body = _problem(api.get(path), 400, "Ongeldige invoer")
    assert body["detail"] == "De invoer bevat fouten; zie invalidParams."
    names = [p["name"] for p in body["invalidParams"]]
    assert names == [param]
    assert all(p["reason"] and p["code"] for p in body["invalidParams"])


def test_400_names_every_invalid_param(api):
    body = _problem(api.get("/api/v1/security-log?action=x&result=y"), 400, "Ongeldige invoer")
    assert sorted(p["name"] for p in body["invalidParams"]) == ["action", "result"]


# ----------------------------------------------------------------------------------------------- API-Version


@pytest.mark.parametrize("path", ["/api/v1/me", "/api/v1/municipalities", "/api/v1/municipalities/GM0233",
                                  "/api/v1/memberships", "/api/v1/processing-log", "/api/v1/security-log",
                                  "/api/v1/processing-activities", "/api/v1/openapi.json"])
def test_api_version_header_on_success(api, path):
    response = api.get(path)
    assert response.status_code == 200
    assert response["API-Version"] == settings.API_VERSION == "1.0.0"
    assert response["Content-Type"].startswith("application/json") or path.endswith("openapi.json")


def test_api_version_header_only_on_api_paths(municipality_a):
    client = logged_in_client(make_user("web", municipality_a, Role.ANALYST), municipality_a)
    assert "API-Version" not in client.get("/")
    assert "API-Version" not in client.get("/api-sleutels")


def test_openapi_document_is_published(api):
    schema = api.get("/api/v1/openapi.json").json()
    assert schema["info"]["version"] == settings.API_VERSION
    assert all(not path.endswith("/") for path in schema["paths"])
    assert "/municipalities" in schema["paths"]


# ----------------------------------------------------------------------------------------------- camelCase filters


def test_size_class_filter(api):
    data = api.get(f"/api/v1/municipalities?sizeClass={SizeClass.FROM_250K}&pageSize=500").json()
    expected = set(Municipality.objects.filter(size_class=SizeClass.FROM_250K).values_list("code", flat=True))
    assert {row["code"] for row in data["results"]} == expected
    assert "GM0363" in expected and data["count"] == len(expected)
    assert all(row["sizeClass"] == SizeClass.FROM_250K for row in data["results"])


def test_safety_region_filter(api):
    data = api.get("/api/v1/municipalities?safetyRegion=VR06&pageSize=500").json()
    codes = {row["code"] for row in data["results"]}
    assert {"GM0233", "GM0243"} <= codes
    assert all(row["safetyRegion"]["code"] == "VR06" for row in data["results"])
    assert data["count"] == Municipality.objects.filter(safety_region__code="VR06").count()


def test_province_filter_and_combination(api):
    data = api.get("/api/v1/municipalities?province=gelderland&sizeClass=" + SizeClass.FROM_20K + "&pageSize=500").json()
    assert data["count"] > 0
    assert all(r["province"] == "Gelderland" and r["sizeClass"] == SizeClass.FROM_20K for r in data["results"])
    assert "GM0233" in {r["code"] for r in data["results"]}


def test_page_size(api):
    data = api.get("/api/v1/municipalities?pageSize=5").json()
    assert len(data["results"]) == 5 and data["count"] == 342
    assert "pageSize=5" in data["next"] and "page=2" in data["next"]
    second = api.get("/api/v1/municipalities?pageSize=5&page=2").json()
    assert not {r["code"] for r in data["results"]} & {r["code"] for r in second["results"]}
    assert len(api.get("/api/v1/municipalities").json()["results"]) == 50  # default
    assert len(api.get("/api/v1/municipalities?pageSize=10000").json()["results"]) == 342  # capped at 500


def test_response_properties_are_camel_case(api):
    row = api.get("/api/v1/municipalities/GM0233").json()
    assert {"safetyRegion", "populationReferenceDate", "landAreaKm2", "densityPerKm2", "sizeClass"} <= set(row)
    assert not any("_" in key for key in row)
    assert row["name"] == "Ermelo" and row["population"] == 27856


def test_processing_log_filters(api, municipality_a):
    from veiliglokaal.audit import context

    context.start("00-" + "ef" * 16 + "-" + "01" * 8 + "-01")
    log_processing(activity="accounts.gebruikersbeheer", name="gezocht", subject_type="gebruiker", subject_id=1,
                   municipality_id=municipality_a.pk)
    context.start()
    log_processing(activity="audit.logboek", name="ander", subject_type="gebruiker", subject_id=2,
                   municipality_id=municipality_a.pk)
    by_trace = api.get("/api/v1/processing-log?traceId=" + "ef" * 16).json()["results"]
    assert [r["name"] for r in by_trace] == ["gezocht"]
    by_activity = api.get("/api/v1/processing-log?processingActivity=audit.logboek").json()["results"]
    assert [r["name"] for r in by_activity] == ["ander"]
    assert set(by_activity[0]) == {"sequence", "traceId", "spanId", "parentSpanId", "name", "startedAt", "endedAt",
                                   "status", "processingActivity", "dataSubjectId", "dataSubjectType", "actorId"}
    future = api.get("/api/v1/processing-log?startedFrom=2999-01-01T00:00:00Z").json()
    assert future["count"] == 0


def test_security_log_filters(api, municipality_a):
    log_security(SecurityAction.EXPORT, actor_name="iemand", object_type="verwerkingslog",
                 municipality_id=municipality_a.pk)
    rows = api.get("/api/v1/security-log?action=export").json()["results"]
    assert rows and all(r["action"] == "export" for r in rows)
    assert api.get("/api/v1/security-log?result=denied").json()["count"] == 0
