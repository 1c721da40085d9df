"""API /api/v1/content-reports: create and read with the pages' rules, visibility and logging."""

import pytest
from django.test import Client

from tests.conftest import make_user
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.accounts.services import issue_api_token
from veiliglokaal.audit.models import ProcessingLogEntry
from veiliglokaal.online.models import ContentReport

from .conftest import PNG, upload

pytestmark = pytest.mark.django_db


def _client(user, municipality, tenant_of):
    key = issue_api_token(tenant_of(user, municipality), user, "test").key
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


BODY = {"urls": ["https://www.tiktok.com/@iemand/video/1"], "platform": "tiktok", "kind": "doxing",
        "targetFunction": "wethouder", "description": "Privéadres van de wethouder gedeeld."}


def test_create_and_read(staff_a, municipality_a, tenant_of):
    official = staff_a[Role.OFFICIAL]
    client = _client(official, municipality_a, tenant_of)
    response = client.post("/api/v1/content-reports", BODY, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["reference"].startswith("OM-") and data["urls"] == BODY["urls"] and data["state"] == "received"
    assert data["onBehalf"] is False and data["evidence"] == []
    assert client.get(f"/api/v1/content-reports/{data['id']}").json()["kind"] == "doxing"
    assert [r["id"] for r in client.get("/api/v1/content-reports").json()["results"]] == [data["id"]]
    assert ProcessingLogEntry.objects.filter(name="melding online inhoud opgevraagd (API)").exists()


def test_validation_errors_are_problem_json_in_dutch(staff_a, municipality_a, tenant_of):
    client = _client(staff_a[Role.EMPLOYEE], municipality_a, tenant_of)
    response = client.post("/api/v1/content-reports", {**BODY, "urls": ["javascript:alert(1)"], "platform": "myspace"},
                           content_type="application/json")
    assert response.status_code == 400 and response["Content-Type"].startswith("application/problem+json")
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert names == {"urls", "platform"}
    assert not ContentReport.objects.exists()


def test_visibility_and_evidence_hashes(staff_a, municipality_a, tenant_of, make_report):
    report = make_report(staff_a[Role.OFFICIAL], files=[upload("a.png", PNG)])
    other = make_user("a-collega", municipality_a, Role.EMPLOYEE)
    assert _client(other, municipality_a, tenant_of).get(f"/api/v1/content-reports/{report.pk}").status_code == 404
    data = _client(staff_a[Role.ANALYST], municipality_a, tenant_of).get(f"/api/v1/content-reports/{report.pk}").json()
    assert data["evidence"][0]["sha256"] == report.evidence.get().sha256
