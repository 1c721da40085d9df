"""GIR API: create and read with the same validation and tenancy as the pages; problem+json on errors."""

import pytest
from django.test import Client
from django.utils import timezone

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.accounts.services import issue_api_token
from veiliglokaal.audit.models import ProcessingLogEntry
from veiliglokaal.incidents.models import Incident

from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


def payload(**overrides):
    data = {"occurredAt": (timezone.now() - timezone.timedelta(hours=1)).isoformat(), "location": "buitendienst",
            "victimRole": "handhaver", "types": ["bedreiging"], "channel": "face-to-face",
            "description": "Bedreigd tijdens controle.", "hideDescriptionFromManager": True}
    data.update(overrides)
    return data


def token_client(user, municipality, tenant_of):
    key = issue_api_token(tenant_of(user, municipality), user, "veldapp").key
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_create_and_read_by_token(staff_a, municipality_a, tenant_of):
    enforcer = staff_a[Role.ENFORCER]
    client = token_client(enforcer, municipality_a, tenant_of)
    response = client.post("/api/v1/incidents", payload(), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["types"] == ["bedreiging"] and body["description"] == "Bedreigd tijdens controle."
    assert body["status"] == "gemeld" and body["reference"].startswith("GIR-")
    assert response["API-Version"]
    incident = Incident.objects.get()
    assert incident.reported_by == enforcer and incident.victim_user == enforcer
    detail = client.get(f"/api/v1/incidents/{incident.pk}")
    assert detail.status_code == 200 and detail.json()["id"] == incident.pk
    rows = client.get("/api/v1/incidents").json()["results"]
    assert [r["id"] for r in rows] == [incident.pk]
    assert ProcessingLogEntry.objects.filter(name__contains="opgevraagd (API)").count() == 3


@pytest.mark.parametrize("overrides, param", [
    ({"location": "maan"}, "location"),
    ({"types": ["onbekend"]}, "types"),
    ({"types": []}, "types"),
    ({"channel": "sociale-media"}, "platform"),
    ({"occurredAt": "gisteren"}, "occurredAt"),
    ({"occurredAt": (timezone.now() + timezone.timedelta(days=2)).isoformat()}, "occurredAt"),
])
def test_invalid_input_is_a_problem_with_invalid_params(staff_a, municipality_a, overrides, param):
    client = logged_in_client(staff_a[Role.EMPLOYEE], municipality_a)
    response = client.post("/api/v1/incidents", payload(**overrides), content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert param in {p["name"] for p in response.json()["invalidParams"]}
    assert not Incident.objects.exists()


def test_api_visibility_matches_the_pages(staff_a, users_b, municipality_a, municipality_b, tenant_of):
    employee_client = logged_in_client(staff_a[Role.EMPLOYEE], municipality_a)
    created = employee_client.post("/api/v1/incidents", payload(department="Publiekszaken"),
                                   content_type="application/json").json()
    manager = logged_in_client(staff_a[Role.MANAGER], municipality_a).get(f"/api/v1/incidents/{created['id']}")
    assert manager.status_code == 200 and manager.json()["description"] is None  # hidden from the manager
    assert logged_in_client(staff_a[Role.ENFORCER], municipality_a).get(
        f"/api/v1/incidents/{created['id']}").status_code == 404
    b_client = token_client(users_b[Role.COORDINATOR], municipality_b, tenant_of)
    assert b_client.get(f"/api/v1/incidents/{created['id']}").status_code == 404
    assert b_client.get("/api/v1/incidents").json()["results"] == []
    national = logged_in_client(staff_a[Role.NATIONAL_ANALYST], municipality_a).get("/api/v1/incidents")
    assert national.status_code == 403


def test_on_behalf_of_someone_else(staff_a, municipality_a):
    client = logged_in_client(staff_a[Role.MANAGER], municipality_a)
    response = client.post("/api/v1/incidents", payload(victimName="Wethouder Jansen", victimRole="wethouder"),
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["victimName"] == "Wethouder Jansen"
    assert Incident.objects.get().victim_user is None
