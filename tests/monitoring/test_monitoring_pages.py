"""Pages: protocol → activate → monitor → upload (all or nothing) → alert → mark; configuration; result roles."""

import datetime
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.conftest import logged_in_client
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import ProcessingLogEntry
from veiliglokaal.monitoring import services
from veiliglokaal.monitoring.models import (
    Alert, AlertStatus, GazetteerEntry, Monitor, MonitoringProtocol, Post, ProtocolStatus, TopicTerm,
)

from .monitoring_helpers import burst, make_monitor

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(users_a):
    return users_a[Role.ANALYST]


@pytest.fixture
def client(analyst, municipality_a):
    return logged_in_client(analyst, municipality_a)


def _jsonl(n=8, text="Iedereen naar het gemeentehuis, vuurwerk mee"):
    # the middle of the previous hour: all posts fall in one hour whatever the clock says
    moment = timezone.now().replace(minute=30, second=0, microsecond=0) - datetime.timedelta(hours=1)
    lines = [json.dumps({"id": f"up-{i}", "time": (moment - datetime.timedelta(seconds=i)).isoformat(), "text": text,
                         "author": f"synthetisch_{i}"}) for i in range(n)]
    return SimpleUploadedFile("berichten.jsonl", "\n".join(lines).encode(), content_type="application/jsonl")


def test_protocol_first_flow_through_the_pages(client, municipality_a, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    response = client.post("/monitoring/protocollen/nieuw", {
        "title": "Onrust rond het gemeentehuis", "question": "Wordt onrust online aangejaagd?",
        "legal_basis": "Gemeentewet art. 172", "starts_on": (today - datetime.timedelta(days=3)).isoformat(),
        "ends_on": (today + datetime.timedelta(days=30)).isoformat(), "sources": "Upload", "search_terms": "standaard",
        "retention_days": 30, "result_roles": [Role.ANALYST]})
    protocol = MonitoringProtocol.objects.get()
    assert response.status_code == 302 and protocol.status == ProtocolStatus.DRAFT
    assert protocol.result_roles == ",analyst,"
    client.post(f"/monitoring/protocollen/{protocol.pk}", {"name": "Centrum"})
    monitor = Monitor.objects.get()
    GazetteerEntry.objects.get_or_create(municipality=municipality_a, kind="landmark", name="gemeentehuis",
                                         defaults={"latitude": 52.3, "longitude": 5.62})
    upload = {"connector": "upload", "source_name": "Export", "file": _jsonl()}
    refused = client.post(f"/monitoring/monitors/{monitor.pk}/upload", upload)
    assert refused.status_code == 400 and "niet actief" in refused.content.decode()  # still a draft
    assert not Post.objects.exists()

    assert client.post(f"/monitoring/protocollen/{protocol.pk}/activeren").status_code == 302
    with django_capture_on_commit_callbacks(execute=True):  # the upload job runs once its row is committed
        response = client.post(f"/monitoring/monitors/{monitor.pk}/upload",
                               {"connector": "upload", "source_name": "Export", "file": _jsonl()})
    assert "8 berichten opgeslagen" in client.get(response["Location"]).content.decode()
    alert = Alert.objects.get(place="gemeentehuis")
    assert alert.topics == ["oproep tot verzamelen", "vuurwerk"]
    detail = client.get(f"/monitoring/alerts/{alert.pk}")
    body = detail.content.decode()
    assert detail.status_code == 200 and 'data-testid="timeline"' in body and 'id="map-data"' in body
    svg = body.split('data-testid="timeline"')[1].split("</svg>")[0]
    geometry = re.findall(r'\s(?:x|y|width|height|y1|y2)="([^"]*)"', svg)
    assert geometry and [v for v in geometry if not re.fullmatch(r"-?\d+(\.\d+)?", v)] == []  # no decimal comma
    assert re.search(r'<rect [^>]*height="(?!0")', svg)  # the alert hour has a visible bar
    assert body.count("Iedereen naar het gemeentehuis") == 8
    assert "gemeentehuis — oproep tot verzamelen, vuurwerk" in body and f"versie {alert.lexicon_version}" in body
    assert detail.context["map_data"]["places"][0]["name"] == "gemeentehuis"
    assert ProcessingLogEntry.objects.filter(activity_key="monitoring.inzien").count() == 8

    assert client.post(f"/monitoring/alerts/{alert.pk}/beoordelen", {"relevant": "nee"}).status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.NOT_RELEVANT
    monitor.refresh_from_db()
    assert monitor.min_count == 6


def test_malformed_upload_stores_nothing_and_lists_every_problem(client, analyst, municipality_a,
                                                                 django_capture_on_commit_callbacks):
    monitor = make_monitor(analyst, municipality_a)
    good = _jsonl(3).read().decode()
    bad = SimpleUploadedFile("x.jsonl", (good + '\n{"id": "k", "text": "zonder tijd"}\nkapot').encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/monitoring/monitors/{monitor.pk}/upload",
                               {"connector": "upload", "source_name": "Export", "file": bad})
    response = client.get(response["Location"])
    body = response.content.decode()
    assert response.status_code == 200 and "niets opgeslagen" in body  # the upload page reports the failure
    assert "Regel 4: verplicht veld ontbreekt: time." in body and "Regel 5: geen geldige JSON." in body
    assert not Post.objects.exists()
    not_json = SimpleUploadedFile("x.json", b"{kapot")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/monitoring/monitors/{monitor.pk}/upload",
                               {"connector": "telegram", "source_name": "Kanaal", "file": not_json})
    assert "geen geldige JSON" in client.get(response["Location"]).content.decode()
    no_name = client.post(f"/monitoring/monitors/{monitor.pk}/upload",
                          {"connector": "upload", "source_name": "Export", "file": _jsonl(1)} | {"connector": "x"})
    assert no_name.status_code == 400 and 'value="Export"' in no_name.content.decode()  # the form keeps input


def test_upload_size_limit(client, analyst, municipality_a, settings):
    settings.MONITORING_UPLOAD_MAX_BYTES = 1_000_000
    monitor = make_monitor(analyst, municipality_a)
    big = SimpleUploadedFile("groot.csv", b"id,time,text\n" + b"x" * 1_000_001)
    response = client.post(f"/monitoring/monitors/{monitor.pk}/upload",
                           {"connector": "upload", "source_name": "Groot", "file": big})
    assert response.status_code == 400 and "groter dan 1 MB" in response.content.decode()


def test_live_source_must_be_https(client, analyst, municipality_a):
    monitor = make_monitor(analyst, municipality_a)
    response = client.post(f"/monitoring/monitors/{monitor.pk}/bronnen",
                           {"connector": "rss", "name": "Feed", "url": "http://nieuws.example/feed"})
    assert response.status_code == 400 and "https" in response.content.decode()
    client.post(f"/monitoring/monitors/{monitor.pk}/bronnen",
                {"connector": "mastodon", "name": "Tag", "url": "https://social.example/api/v1/timelines/tag/x"})
    assert monitor.sources.get().config == {"url": "https://social.example/api/v1/timelines/tag/x"}


def test_configuration_adds_landmarks_and_terms(client, analyst, municipality_a):
    make_monitor(analyst, municipality_a)
    response = client.post("/monitoring/woordenlijsten", {"form": "place", "kind": "landmark", "name": "azc",
                                                          "latitude": "52.31", "longitude": "5.63"})
    assert response.status_code == 302
    assert GazetteerEntry.objects.get(municipality=municipality_a, name="azc").latitude == 52.31
    duplicate = client.post("/monitoring/woordenlijsten", {"form": "place", "kind": "landmark", "name": "AZC",
                                                           "latitude": "52.31", "longitude": "5.63"})
    assert duplicate.status_code == 400 and "staat al in de lijst" in duplicate.content.decode()
    client.post("/monitoring/woordenlijsten", {"form": "term", "topic": "rellen", "term": "amok"})
    assert TopicTerm.objects.get(municipality=municipality_a, term="amok").topic == "rellen"
    page = client.get("/monitoring/woordenlijsten").content.decode()
    assert "azc" in page and "amok" in page


def test_alerts_are_visible_only_to_the_roles_the_protocol_names(client, analyst, municipality_a):
    monitor = make_monitor(analyst, municipality_a, result_roles=[Role.OFFICIAL])
    at = timezone.now().replace(minute=0, second=0, microsecond=0) - datetime.timedelta(hours=1)
    services.ingest(monitor, "upload", "f", burst(6, at))
    alert = Alert.objects.first()
    assert alert is not None
    assert client.get(f"/monitoring/alerts/{alert.pk}").status_code == 404
    assert alert.place not in client.get("/monitoring/alerts").content.decode()


def test_roles_without_the_scope_get_403(users_a, municipality_a):
    for role in (Role.EMPLOYEE, Role.COORDINATOR, Role.OFFICIAL, Role.ADMIN):
        response = logged_in_client(users_a[role], municipality_a).get("/monitoring")
        assert response.status_code == 403, role
