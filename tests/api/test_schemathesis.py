"""API contract: schemathesis generates requests for every operation of the published OpenAPI schema and sends
them to the running app (pytest-django's live server) with a real API token. No request may cause a 5xx, and every
response must conform to the schema: a documented status code, the documented content type, a body that validates
against the documented schema, and the documented headers (`API-Version`)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import MUNICIPALITY_A, ensure_registry, make_user
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.accounts.selectors import tenant_for
from veiliglokaal.accounts.services import issue_api_token
from veiliglokaal.core.models import Municipality

pytestmark = pytest.mark.live


@pytest.fixture
def api_token(live_server):
    """An admin of Ermelo (the widest scopes of a municipal role) with a personal API token."""
    ensure_registry()
    municipality = Municipality.objects.get(code=MUNICIPALITY_A)
    user = make_user("api-contract", municipality, Role.ADMIN)
    return issue_api_token(tenant_for(user, municipality.pk), user, "schemathesis", 1).key


def _published_schema() -> dict:
    """The schema the app publishes at /api/v1/openapi.json, generated the same way in-process.

    (schemathesis' lazy `from_fixture` loader, which could fetch it from the live server, does not work with
    pytest 9.2 in schemathesis 4.32: it reads `Function._nodeid`. `test_live_schema_is_the_tested_schema` proves
    the live server publishes this very schema.)"""
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


SCHEMA = _published_schema()
schema = schemathesis.openapi.from_dict(SCHEMA)


def test_live_schema_is_the_tested_schema(live_server):
    import requests

    response = requests.get(f"{live_server.url}/api/v1/openapi.json", timeout=30)
    assert response.status_code == 200
    assert set(response.json()["paths"]) == set(SCHEMA["paths"])
    assert response.json()["components"] == SCHEMA["components"]


CONFORMANCE_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
                      response_schema_conformance, response_headers_conformance]


@schema.parametrize()
@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])
def test_no_server_errors_and_responses_conform(case, live_server, api_token):
    case.call_and_validate(base_url=f"{live_server.url}/api/v1", headers={"Authorization": f"Token {api_token}"},
                           checks=CONFORMANCE_CHECKS, timeout=30)


@pytest.mark.parametrize(("moment", "status"), [
    ("9016-07-23T07:50:55-19:55", 200),  # valid ISO 8601, but an offset PostgreSQL refuses: normalised to UTC
    ("9999-12-31T23:59:59-01:00", 400),  # beyond year 9999 in UTC
    ("0001-01-01T00:00:00+01:00", 400),  # before year 1 in UTC
])
def test_extreme_timestamps_in_filters_are_no_server_error(live_server, api_token, moment, status):
    """Found by schemathesis on PostgreSQL: an offset beyond ±15:59 reached the database and failed there (500)."""
    import requests

    for path in ("security-log?occurredFrom=", "processing-log?startedUntil="):
        response = requests.get(f"{live_server.url}/api/v1/{path}{requests.utils.quote(moment)}",
                                headers={"Authorization": f"Token {api_token}"}, timeout=30)
        assert response.status_code == status, (path, response.status_code, response.text[:300])
        if status == 400:
            assert response.headers["Content-Type"].startswith("application/problem+json")
