"""API robustness: hostile JSON, oversized bodies, unknown paths, bad page sizes, throttling per token, cheap
last-used bookkeeping, and no caching of personal data."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.test import Client

from veiliglokaal.accounts.models import ApiToken
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.accounts.selectors import tenant_for
from veiliglokaal.accounts.services import issue_api_token

from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


@pytest.fixture
def token(municipality_a):
    user = make_user("api-gebruiker", municipality_a, Role.COORDINATOR)
    issued = issue_api_token(tenant_for(user, municipality_a.pk), user, "test")
    cache.clear()
    return issued


def _client(token):
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def test_deeply_nested_json_is_a_400_problem(token):
    body = "[" * 100_000 + "]" * 100_000
    response = _client(token).post("/api/v1/incidents", body, content_type="application/json")
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    assert response.json()["status"] == 400


def test_too_large_body_is_a_413_problem(token, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"description": "x" * 5000})
    response = _client(token).post("/api/v1/incidents", body, content_type="application/json")
    assert response.status_code == 413 and response["Content-Type"] == PROBLEM
    assert response.json()["title"] == "Verzoek te groot"


@pytest.mark.parametrize("path", ["/api/v1/bestaat-niet", "/api/v2/incidents", "/api/"])
def test_unknown_api_path_is_a_404_problem(token, path):
    response = _client(token).get(path)
    assert response.status_code == 404 and response["Content-Type"] == PROBLEM
    assert response.json()["status"] == 404 and response["API-Version"]


@pytest.mark.parametrize("value", ["null", "0", "-1", "abc", "1.5", ""])
def test_invalid_page_size_is_a_400(token, value):
    response = _client(token).get("/api/v1/municipalities", {"pageSize": value})
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    assert response.json()["invalidParams"][0]["name"] == "pageSize"


def test_valid_page_size_still_works(token):
    response = _client(token).get("/api/v1/municipalities", {"pageSize": "5"})
    assert response.status_code == 200 and len(response.json()["results"]) == 5


def test_tokens_are_throttled(token, settings):
    settings.API_THROTTLE_RATE = "3/min"
    client = _client(token)
    assert [client.get("/api/v1/me").status_code for _ in range(4)] == [200, 200, 200, 429]
    limited = client.get("/api/v1/me")
    assert limited["Content-Type"] == PROBLEM and "Retry-After" in limited


def test_last_used_is_written_at_most_once_a_minute(token, django_assert_num_queries):
    client = _client(token)
    client.get("/api/v1/me")
    first = ApiToken.objects.get(pk=token.token.pk).last_used_at
    assert first is not None
    client.get("/api/v1/me")
    assert ApiToken.objects.get(pk=token.token.pk).last_used_at == first  # not written again
    ApiToken.objects.filter(pk=token.token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    client.get("/api/v1/me")
    assert ApiToken.objects.get(pk=token.token.pk).last_used_at > first - datetime.timedelta(seconds=1)


def test_authenticated_pages_and_api_are_not_cached(token, municipality_a):
    api = _client(token).get("/api/v1/me")
    assert "no-store" in api["Cache-Control"]
    user = make_user("beheerder", municipality_a, Role.ADMIN)
    page = logged_in_client(user, municipality_a).get("/beheer/gebruikers")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
