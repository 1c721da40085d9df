"""A threat against an office holder is also a GIR incident: one action registers it through GIR's own service, with
the evidence copied as attachments, and links both ways. GIR's visibility rules stay in force."""

import hashlib

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import logged_in_client
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.incidents.models import Attachment, Incident
from veiliglokaal.online import services
from veiliglokaal.online.models import CustodyAction

from .conftest import HTML, PDF, PNG, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def threat(make_report, staff_a):
    return make_report(staff_a[Role.OFFICIAL], files=[upload("scherm.png", PNG), upload("bericht.pdf", PDF),
                                                      upload("pagina.html", HTML)])


def test_register_creates_incident_with_evidence_and_links(threat, handler, tenant_of, municipality_a, staff_a):
    incident = services.register_in_gir(tenant_of(handler, municipality_a), handler, threat, "burgemeester")
    threat.refresh_from_db()
    assert threat.gir_incident == incident and incident.content_report == threat
    assert incident.victim_user == staff_a[Role.OFFICIAL] and incident.reported_by == handler
    assert [t.code for t in incident.types.all()] == ["bedreiging"]
    assert incident.channel.code == "sociale-media" and incident.location.code == "sociale-media"
    assert incident.platform == "X (Twitter)" and incident.victim_role.code == "burgemeester"
    assert threat.reference in incident.description and "https://x.com/iemand/status/123" in incident.description
    # PNG and PDF are copied byte for byte (same hash); the saved page stays in the meldpunt, named with its hash.
    attachments = Attachment.objects.filter(incident=incident).order_by("pk")
    assert [(a.original_name, a.sha256) for a in attachments] == [
        ("scherm.png", hashlib.sha256(PNG).hexdigest()), ("bericht.pdf", hashlib.sha256(PDF).hexdigest())]
    assert f"pagina.html, SHA-256 {hashlib.sha256(HTML).hexdigest()}" in incident.description
    copied = threat.evidence.filter(custody__action=CustodyAction.COPIED_TO_GIR)
    assert sorted(copied.values_list("original_name", flat=True)) == ["bericht.pdf", "scherm.png"]
    assert incident.events.filter(text__contains=threat.reference).exists()
    assert threat.events.filter(text__contains=incident.reference).exists()


def test_only_once_and_only_for_threats(threat, handler, tenant_of, municipality_a, make_report, staff_a):
    tenant = tenant_of(handler, municipality_a)
    services.register_in_gir(tenant, handler, threat, "burgemeester")
    with pytest.raises(ValidationError, match="al in GIR"):
        services.register_in_gir(tenant, handler, threat, "burgemeester")
    disinformation = make_report(staff_a[Role.OFFICIAL], kind="desinformatie")
    with pytest.raises(ValidationError, match="Alleen bedreiging"):
        services.register_in_gir(tenant, handler, disinformation, "burgemeester")
    assert Incident.objects.count() == 1


def test_doxing_maps_to_other_intimidation(make_report, staff_a, handler, tenant_of, municipality_a):
    report = make_report(staff_a[Role.OFFICIAL], kind="doxing")
    incident = services.register_in_gir(tenant_of(handler, municipality_a), handler, report, "wethouder")
    assert [t.code for t in incident.types.all()] == ["overige-intimidatie"]


def test_link_shown_only_to_who_may_see_the_incident(threat, handler, staff_a, municipality_a):
    client = logged_in_client(handler, municipality_a)
    response = client.post(f"/online-meldingen/{threat.pk}/gir", {"victim_role": "burgemeester"})
    assert response.status_code == 302
    threat.refresh_from_db()
    href = f'href="/meldingen/{threat.gir_incident_id}"'
    assert href in client.get(f"/online-meldingen/{threat.pk}").content.decode()
    # The office holder is the victim in GIR: they see the link and the incident.
    official = logged_in_client(staff_a[Role.OFFICIAL], municipality_a)
    assert href in official.get(f"/online-meldingen/{threat.pk}").content.decode()
    assert official.get(f"/meldingen/{threat.gir_incident_id}").status_code == 200
    # Another handler (coordinator sees all GIR incidents; a second analyst does not): no link without GIR access.
    from tests.conftest import make_user

    other_analyst = make_user("a-analist-2", municipality_a, Role.ANALYST)
    page = logged_in_client(other_analyst, municipality_a).get(f"/online-meldingen/{threat.pk}").content.decode()
    assert href not in page and "Geregistreerd als incident in GIR" in page
    other_client = logged_in_client(other_analyst, municipality_a)
    assert other_client.get(f"/meldingen/{threat.gir_incident_id}").status_code == 404


def test_incident_links_back_to_the_report_for_who_may_see_it(threat, handler, staff_a, municipality_a):
    logged_in_client(handler, municipality_a).post(f"/online-meldingen/{threat.pk}/gir", {"victim_role": "burgemeester"})
    threat.refresh_from_db()
    back = f'href="/online-meldingen/{threat.pk}"'
    # The office holder reported it and is the victim: the incident page links back to the meldpunt report.
    official = logged_in_client(staff_a[Role.OFFICIAL], municipality_a)
    assert back in official.get(f"/meldingen/{threat.gir_incident_id}").content.decode()
    # The coordinator sees every GIR incident and handles meldpunt reports: link shown too.
    coordinator = logged_in_client(staff_a[Role.COORDINATOR], municipality_a)
    assert back in coordinator.get(f"/meldingen/{threat.gir_incident_id}").content.decode()
    # A manager of the incident's department sees the GIR incident but not the meldpunt report: no link.
    from veiliglokaal.incidents.models import Incident as GirIncident

    incident = GirIncident.objects.get(pk=threat.gir_incident_id)
    manager_user = staff_a[Role.MANAGER]
    manager_user.department = incident.department = "Bestuur"
    manager_user.save()
    incident.save(update_fields=["department"])
    page = logged_in_client(manager_user, municipality_a).get(f"/meldingen/{threat.gir_incident_id}")
    assert page.status_code == 200 and back not in page.content.decode()


def test_non_handler_cannot_register(threat, staff_a, municipality_a):
    response = logged_in_client(staff_a[Role.OFFICIAL], municipality_a).post(
        f"/online-meldingen/{threat.pk}/gir", {"victim_role": "burgemeester"})
    assert response.status_code == 403
    assert not Incident.objects.exists()
