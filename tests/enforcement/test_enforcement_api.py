"""The read-only enforcement API: the tenant's own cases, by deadline; a case read is logged as on the page."""

import pytest

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import ProcessingLogEntry

from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


def test_list_and_detail_show_the_own_case(case_a, enforcer_client):
    rows = enforcer_client.get("/api/v1/enforcement-cases").json()["results"]
    assert [(r["id"], r["reference"], r["state"]) for r in rows] == [(case_a.pk, case_a.reference, "intake")]
    before = ProcessingLogEntry.objects.count()
    detail = enforcer_client.get(f"/api/v1/enforcement-cases/{case_a.pk}")
    assert detail.status_code == 200 and detail.json()["stateLabel"] == case_a.state_label
    assert detail.json()["owner"] == case_a.owner.display_name
    assert ProcessingLogEntry.objects.count() == before + 1


def test_another_municipality_gets_an_empty_list_and_404(case_a, users_b, municipality_b):
    client = logged_in_client(users_b[Role.ENFORCER], municipality_b)
    assert client.get("/api/v1/enforcement-cases").json()["results"] == []
    response = client.get(f"/api/v1/enforcement-cases/{case_a.pk}")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/problem+json")


def test_a_role_without_the_scope_gets_403(case_a, users_a, municipality_a):
    client = logged_in_client(users_a[Role.EMPLOYEE], municipality_a)
    assert client.get("/api/v1/enforcement-cases").status_code == 403
