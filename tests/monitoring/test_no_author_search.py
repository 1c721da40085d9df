"""No search by author or person exists in the product (ADR 12):
- no form of the module has a field for an author, account, handle or person;
- every page refuses query parameters it does not declare (author, acct, username, …) with a 400;
- the author pseudonym never appears in any response, and the handle is never stored;
- no URL of the module takes an author, and the API exposes no monitoring endpoint with such a filter."""

import datetime
import re

import pytest
from django import forms as django_forms
from django.urls import get_resolver
from django.utils import timezone

from tests.conftest import logged_in_client
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.monitoring import forms as monitoring_forms
from veiliglokaal.monitoring.models import Alert, Post

from .monitoring_helpers import burst, make_monitor

pytestmark = pytest.mark.django_db
PERSON_WORDS = re.compile(r"auth|acct|account|user|handle|afzender|auteur|persoon|person|naam_|from|profiel|profile",
                          re.I)
PERSON_PARAMS = ["author", "auteur", "acct", "account", "username", "user", "handle", "from_id", "afzender",
                 "author_pseudonym", "q", "zoek"]


def _form_classes():
    return [obj for obj in vars(monitoring_forms).values()
            if isinstance(obj, type) and issubclass(obj, django_forms.BaseForm) and obj.__module__ == monitoring_forms.__name__]


def test_no_form_has_a_person_field():
    classes = _form_classes()
    assert len(classes) >= 7
    for form_class in classes:
        names = list(form_class.base_fields)
        assert not [n for n in names if PERSON_WORDS.search(n)], (form_class.__name__, names)


def test_no_url_of_the_module_takes_a_person():
    patterns = [str(p.pattern) for p in get_resolver().url_patterns if "monitoring" in str(p)]
    monitoring = [str(p.pattern) for p in get_resolver("veiliglokaal.monitoring.urls").url_patterns]
    assert monitoring and not [p for p in monitoring + patterns if PERSON_WORDS.search(p)]


def test_api_has_no_monitoring_endpoint_with_an_author_filter(users_a, municipality_a):
    client = logged_in_client(users_a[Role.ANALYST], municipality_a)
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        if "monitor" in path or "post" in path or "alert" in path:  # includes /monitoring-alerts
            for operation in operations.values():
                names = [p["name"] for p in operation.get("parameters", [])] if isinstance(operation, dict) else []
                assert not [n for n in names if PERSON_WORDS.search(n)], (path, names)


@pytest.fixture
def world(users_a, municipality_a):
    analyst = users_a[Role.ANALYST]
    monitor = make_monitor(analyst, municipality_a)
    from veiliglokaal.monitoring import services

    at = timezone.now().replace(minute=0, second=0, microsecond=0) - datetime.timedelta(hours=1)
    services.ingest(monitor, "mastodon", "test", burst(6, at, author="Zichtbare_Handle_{i}@social.example"))
    return {"client": logged_in_client(analyst, municipality_a), "monitor": monitor, "alert": Alert.objects.first()}


def _pages(world):
    monitor, alert = world["monitor"], world["alert"]
    return ["/monitoring", "/monitoring/protocollen/nieuw", f"/monitoring/protocollen/{monitor.protocol_id}",
            f"/monitoring/monitors/{monitor.pk}", "/monitoring/woordenlijsten", "/monitoring/alerts",
            f"/monitoring/alerts/{alert.pk}"]


def test_pseudonyms_and_handles_appear_in_no_response(world):
    pseudonyms = set(Post.objects.values_list("author_pseudonym", flat=True))
    assert len(pseudonyms) == 6 and all(pseudonyms)
    for path in _pages(world):
        response = world["client"].get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert not [p for p in pseudonyms if p in body or p[:12] in body], path
        assert "zichtbare_handle" not in body.lower(), path


def test_the_handle_is_stored_nowhere(world):
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("monitoring_post", "monitoring_match", "monitoring_alert", "audit_processinglogentry"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            assert "zichtbare_handle" not in str(cursor.fetchall()).lower(), table


@pytest.mark.parametrize("param", PERSON_PARAMS)
def test_person_query_parameters_are_refused(world, param):
    for path in _pages(world):
        response = world["client"].get(path, {param: "Zichtbare_Handle_1@social.example"})
        assert response.status_code == 400, (path, param)
        assert "niet filteren of zoeken op afzenders" in response.content.decode()


def test_declared_parameters_still_work(world):
    response = world["client"].get("/monitoring/alerts", {"status": "open", "pagina": "1"})
    assert response.status_code == 200 and world["alert"].place in response.content.decode()


def test_api_alerts_are_aggregates_and_refuse_person_parameters(world):
    client = world["client"]
    data = client.get("/api/v1/monitoring-alerts").json()
    (row, *_rest) = data["results"]
    assert set(row) == {"id", "monitor", "place", "topic", "hourStart", "observed", "expected", "pValue",
                        "distinctSenders", "status"}
    assert row["distinctSenders"] == 6
    body = client.get(f"/api/v1/monitoring-alerts/{row['id']}").content.decode()
    assert "zichtbare_handle" not in body.lower()
    assert not [p for p in Post.objects.values_list("author_pseudonym", flat=True) if p[:12] in body]
    for param in PERSON_PARAMS:
        response = client.get("/api/v1/monitoring-alerts", {param: "Zichtbare_Handle_1"})
        assert response.status_code == 400, param
        assert response["Content-Type"].startswith("application/problem+json")
    assert client.get("/api/v1/monitoring-alerts", {"status": "open", "pageSize": 5}).status_code == 200
    assert client.get("/api/v1/monitoring-alerts", {"status": "verzonnen"}).status_code == 400
