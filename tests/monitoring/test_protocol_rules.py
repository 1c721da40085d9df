"""Protocol first: a monitor cannot run without an active protocol within its duration."""

import datetime

import pytest
from django.utils import timezone

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.monitoring import services
from veiliglokaal.monitoring.models import Post, ProtocolStatus

from .monitoring_helpers import burst, make_monitor, make_protocol, tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(users_a):
    return users_a[Role.ANALYST]


def test_draft_protocol_does_not_run(analyst, municipality_a):
    monitor = make_monitor(analyst, municipality_a, active=False)
    assert monitor.protocol.status == ProtocolStatus.DRAFT
    with pytest.raises(services.MonitoringError, match="niet actief"):
        services.ingest(monitor, "upload", "test", burst(3, timezone.now()))
    assert not Post.objects.exists()


def test_active_protocol_outside_its_duration_does_not_run(analyst, municipality_a):
    monitor = make_monitor(analyst, municipality_a, days_before=-3, days_after=10)  # starts in three days
    with pytest.raises(services.MonitoringError, match="looptijd"):
        services.ingest(monitor, "upload", "test", burst(3, timezone.now()))
    later = timezone.now() + datetime.timedelta(days=4)
    assert services.ingest(monitor, "upload", "test", burst(3, later), now=later).stored == 3


def test_ended_protocol_stops_monitors_and_takes_no_new_ones(analyst, municipality_a):
    monitor = make_monitor(analyst, municipality_a)
    services.end_protocol(monitor.protocol)
    with pytest.raises(services.MonitoringError):
        services.ingest(monitor, "upload", "test", burst(3, timezone.now()))
    with pytest.raises(services.MonitoringError, match="beëindigd"):
        services.create_monitor(tenant(analyst, municipality_a), monitor.protocol, "nog een")


def test_activation_rules(analyst, municipality_a):
    protocol = make_protocol(analyst, municipality_a, active=False, days_before=30, days_after=-1)
    with pytest.raises(services.MonitoringError, match="einddatum"):
        services.activate_protocol(tenant(analyst, municipality_a), analyst, protocol)
    fresh = make_protocol(analyst, municipality_a)
    assert fresh.status == ProtocolStatus.ACTIVE and fresh.activated_by == analyst
    with pytest.raises(services.MonitoringError, match="concept"):
        services.activate_protocol(tenant(analyst, municipality_a), analyst, fresh)


def test_expired_protocols_end_by_themselves(analyst, municipality_a):
    protocol = make_protocol(analyst, municipality_a)
    assert services.end_expired_protocols(protocol.ends_on + datetime.timedelta(days=1)) == 1
    protocol.refresh_from_db()
    assert protocol.status == ProtocolStatus.ENDED


def test_posts_outside_the_protocol_window_or_retention_are_not_stored(analyst, municipality_a):
    monitor = make_monitor(analyst, municipality_a, days_before=60, retention_days=10)
    now = timezone.now()
    result = services.ingest(monitor, "upload", "test",
                             burst(2, now - datetime.timedelta(days=61), prefix="before")
                             + burst(2, now - datetime.timedelta(days=20), prefix="old")
                             + burst(2, now - datetime.timedelta(hours=1), prefix="ok"))
    assert (result.outside_protocol, result.expired, result.stored) == (2, 2, 2)


def test_protocol_form_requires_every_field_and_keeps_input(analyst, municipality_a):
    from tests.conftest import logged_in_client

    client = logged_in_client(analyst, municipality_a)
    response = client.post("/monitoring/protocollen/nieuw", {"title": "Mijn titel", "starts_on": "2026-12-01",
                                                              "ends_on": "2026-11-01"})
    assert response.status_code == 200
    form = response.context["form"]
    assert {"question", "sources", "search_terms", "result_roles"} <= set(form.errors)
    assert form.errors["ends_on"] == ["De einddatum ligt vóór de begindatum."]
    assert 'value="Mijn titel"' in response.content.decode()


def test_who_sees_the_source_link_is_set_on_the_protocol_form(analyst, municipality_a):
    """The protocol decides who sees the link to a post at its source (ADR 17); only roles that see the results."""
    import datetime

    from django.utils import timezone

    from tests.conftest import logged_in_client
    from veiliglokaal.accounts.scopes import Role
    from veiliglokaal.monitoring.models import MonitoringProtocol

    client = logged_in_client(analyst, municipality_a)
    today = timezone.localdate()
    data = {"title": "Links", "question": "Wordt onrust online aangejaagd?", "legal_basis": "Gemeentewet art. 172",
            "starts_on": today.isoformat(), "ends_on": (today + datetime.timedelta(days=30)).isoformat(),
            "sources": "Upload", "search_terms": "standaard", "retention_days": 30, "result_roles": [Role.ANALYST]}
    refused = client.post("/monitoring/protocollen/nieuw", {**data, "source_link_roles": [Role.OFFICIAL]})
    assert refused.status_code == 200 and "Alleen rollen die de resultaten mogen zien" in refused.content.decode()
    assert client.post("/monitoring/protocollen/nieuw", {**data, "source_link_roles": []}).status_code == 302
    assert MonitoringProtocol.objects.get().source_link_roles == ""  # nobody sees the link
    page = client.get("/monitoring/protocollen/nieuw").content.decode()
    assert 'name="source_link_roles"' in page
