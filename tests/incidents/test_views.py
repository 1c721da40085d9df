"""GIR pages: the report form, lists per role, detail with aftercare and measures, attachments, aangifte."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import ProcessingLogEntry
from veiliglokaal.incidents import services
from veiliglokaal.incidents.models import Aftercare, Incident, Measure, Offender

from tests.conftest import logged_in_client

from .conftest import PNG

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    now = timezone.localtime()
    data = {
        "for_whom": "self", "victim_name": "", "occurred_date": now.date().isoformat(),
        "occurred_time": (now - timezone.timedelta(minutes=30)).strftime("%H:%M"),
        "location": "balie", "victim_role": "baliemedewerker", "types": ["verbaal-geweld"], "channel": "face-to-face",
        "platform": "", "description": "Klant werd boos en schold mij uit.", "injury": "none", "absence_days": "",
        "damage_description": "", "damage_amount": "", "witnesses": "", "department": "Publiekszaken",
        "offender_name": "", "offender_identifier": "", "offender_description": "",
    }
    data.update(overrides)
    return data


def test_employee_reports_and_sees_it_in_my_reports(staff_a, municipality_a, django_capture_on_commit_callbacks):
    client = logged_in_client(staff_a[Role.EMPLOYEE], municipality_a)
    page = client.get("/meldingen/nieuw")
    assert page.status_code == 200 and "Verbaal geweld" in page.content.decode()
    # <input type="date"> only takes ISO dates: a Dutch-formatted value would show as empty on a phone.
    assert f'value="{timezone.localdate().isoformat()}"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/meldingen/nieuw", form_data(
            offender_name="Piet Boos", attachments=[SimpleUploadedFile("foto.png", PNG, "image/png")]))
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/meldingen/{incident.pk}"
    assert incident.attachments.count() == 1 and Offender.objects.get().name == "Piet Boos"
    assert len(mail.outbox) == 1
    listing = client.get("/meldingen").content.decode()
    assert incident.reference in listing and "nazorg nog niet gestart" in listing
    detail = client.get(f"/meldingen/{incident.pk}").content.decode()
    assert "Klant werd boos" in detail and "Piet Boos" not in detail  # the reporter does not see offender details


def test_form_keeps_input_and_explains_errors(staff_a, municipality_a):
    client = logged_in_client(staff_a[Role.EMPLOYEE], municipality_a)
    response = client.post("/meldingen/nieuw", form_data(
        types=[], channel="sociale-media", platform="", description="Mijn eigen tekst blijft staan",
        attachments=[SimpleUploadedFile("virus.png", b"MZ\x90\x00not an image", "image/png")]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mijn eigen tekst blijft staan" in body
    assert 'aria-invalid="true"' in body and "Controleer de velden" in body
    assert not Incident.objects.exists()
    response = client.post("/meldingen/nieuw", form_data(
        channel="sociale-media", platform="", attachments=[SimpleUploadedFile("virus.png", b"MZ\x90\x00", "image/png")]))
    body = response.content.decode()
    assert "Vul in op welk platform" in body and "alleen foto" in body.lower()
    assert not Incident.objects.exists()


def test_reporting_on_behalf_of_someone_else(staff_a, municipality_a):
    client = logged_in_client(staff_a[Role.MANAGER], municipality_a)
    response = client.post("/meldingen/nieuw", form_data(for_whom="other", victim_name="", victim_role="raadslid"))
    assert "namens wie" in response.content.decode()
    client.post("/meldingen/nieuw", form_data(for_whom="other", victim_name="Raadslid De Wit", victim_role="raadslid"))
    incident = Incident.objects.get()
    assert incident.victim_user is None and incident.victim_name == "Raadslid De Wit"
    assert incident.reported_by == staff_a[Role.MANAGER]


def test_lists_per_role(staff_a, report, municipality_a):
    own = report(staff_a[Role.EMPLOYEE])
    elsewhere = report(staff_a[Role.ENFORCER], department="Toezicht")
    manager = logged_in_client(staff_a[Role.MANAGER], municipality_a)
    team = manager.get("/meldingen/team").content.decode()
    assert own.reference in team and elsewhere.reference not in team
    assert manager.get("/meldingen/alle").status_code == 403
    coordinator = logged_in_client(staff_a[Role.COORDINATOR], municipality_a)
    everything = coordinator.get("/meldingen/alle").content.decode()
    assert own.reference in everything and elsewhere.reference in everything
    employee = logged_in_client(staff_a[Role.EMPLOYEE], municipality_a)
    assert employee.get("/meldingen/team").status_code == 403
    assert employee.get(f"/meldingen/{elsewhere.pk}").status_code == 404
    assert logged_in_client(staff_a[Role.NATIONAL_ANALYST], municipality_a).get("/meldingen").status_code == 403


def test_every_incident_read_on_a_page_is_logged(staff_a, report, municipality_a):
    incidents = [report(staff_a[Role.EMPLOYEE]) for _ in range(3)]
    client = logged_in_client(staff_a[Role.COORDINATOR], municipality_a)
    before = ProcessingLogEntry.objects.count()
    client.get("/meldingen/alle")
    assert ProcessingLogEntry.objects.count() == before + 3
    client.get(f"/meldingen/{incidents[0].pk}")
    entry = ProcessingLogEntry.objects.order_by("-sequence").first()
    assert entry.name == "melding bekeken" and entry.activity_key == "incidents.registratie"
    assert entry.actor_id == staff_a[Role.COORDINATOR].pk


def test_manager_sees_team_incident_without_hidden_description(staff_a, report, municipality_a):
    incident = report(staff_a[Role.EMPLOYEE], hide_description_from_manager=True, description="ZEER PERSOONLIJK")
    manager = logged_in_client(staff_a[Role.MANAGER], municipality_a).get(f"/meldingen/{incident.pk}").content.decode()
    assert "ZEER PERSOONLIJK" not in manager and "niet aan de leidinggevende te tonen" in manager
    coordinator = logged_in_client(staff_a[Role.COORDINATOR], municipality_a).get(f"/meldingen/{incident.pk}")
    assert "ZEER PERSOONLIJK" in coordinator.content.decode()


def test_coordinator_handles_aftercare_and_a_measure(staff_a, report, municipality_a):
    incident = report(staff_a[Role.EMPLOYEE])
    coordinator = staff_a[Role.COORDINATOR]
    client = logged_in_client(coordinator, municipality_a)
    assert "Nazorg starten" in client.get(f"/meldingen/{incident.pk}").content.decode()
    client.post(f"/meldingen/{incident.pk}/nazorg/starten", {"nazorg-owner": coordinator.pk})
    aftercare = Aftercare.objects.get(incident=incident)
    assert aftercare.state == "first_contact"
    response = client.post(f"/meldingen/{incident.pk}/nazorg/stap", {"transition": "contact_made", "reason": ""}, follow=True)
    assert "toelichting" in response.content.decode()
    client.post(f"/meldingen/{incident.pk}/nazorg/stap", {"transition": "contact_made", "reason": "Gebeld"})
    aftercare.refresh_from_db()
    assert aftercare.state == "follow_up"
    client.post(f"/meldingen/{incident.pk}/maatregelen/nieuw", {"maatregel-kind": "police_report",
                                                                "maatregel-owner": coordinator.pk})
    measure = Measure.objects.get(incident=incident)
    client.post(f"/meldingen/{incident.pk}/maatregelen/{measure.pk}/stap", {"transition": "file", "reason": "Gedaan"})
    measure.refresh_from_db()
    assert measure.state == "filed"
    detail = client.get(f"/meldingen/{incident.pk}").content.decode()
    assert "Eerste contact gehad" in detail and "Aangifte gedaan" in detail and "Gebeld" in detail
    # The employee sees the status, not the handling buttons.
    employee = logged_in_client(staff_a[Role.EMPLOYEE], municipality_a)
    page = employee.get(f"/meldingen/{incident.pk}").content.decode()
    assert "Vervolgcontact" in page and "Maatregel starten" not in page
    assert employee.post(f"/meldingen/{incident.pk}/nazorg/stap",
                         {"transition": "follow_up_done", "reason": "x"}).status_code == 403


def test_offender_recorded_by_coordinator_with_repeat_signal(staff_a, report, municipality_a):
    earlier = report(staff_a[Role.EMPLOYEE], offender=services.OffenderInput(name="Piet Boos"),
                     occurred_at=timezone.now() - timezone.timedelta(days=3))
    incident = report(staff_a[Role.EMPLOYEE])
    client = logged_in_client(staff_a[Role.COORDINATOR], municipality_a)
    client.post(f"/meldingen/{incident.pk}/veroorzaker", {"name": "boos, piet", "identifier": "", "description": ""})
    page = client.get(f"/meldingen/{incident.pk}").content.decode()
    assert "Herhaling" in page and earlier.reference in page
    manager = logged_in_client(staff_a[Role.MANAGER], municipality_a)
    assert manager.post(f"/meldingen/{incident.pk}/veroorzaker", {"name": "x"}).status_code == 403
    assert "boos, piet" not in manager.get(f"/meldingen/{incident.pk}").content.decode()


def test_attachment_served_only_through_the_scoped_view(staff_a, users_b, report, municipality_a, municipality_b):
    incident = report(staff_a[Role.EMPLOYEE], files=[SimpleUploadedFile("scherm.png", PNG)])
    attachment = incident.attachments.get()
    url = f"/meldingen/{incident.pk}/bijlagen/{attachment.pk}"
    response = logged_in_client(staff_a[Role.EMPLOYEE], municipality_a).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png" and "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert logged_in_client(staff_a[Role.ENFORCER], municipality_a).get(url).status_code == 404
    assert logged_in_client(users_b[Role.COORDINATOR], municipality_b).get(url).status_code == 404
    assert ProcessingLogEntry.objects.filter(name="bijlage bekeken").count() == 1


def test_police_report_page_uses_the_municipality_address(staff_a, report, municipality_a, tenant_of):
    municipality_a.postal_address = "Stationsstraat 38, 3851 NL Ermelo"
    municipality_a.save()
    incident = report(staff_a[Role.EMPLOYEE])
    coordinator = staff_a[Role.COORDINATOR]
    services.add_measure(tenant_of(coordinator, municipality_a), coordinator, incident, "police_report", coordinator)
    page = logged_in_client(coordinator, municipality_a).get(f"/meldingen/{incident.pk}/aangifte")
    body = page.content.decode()
    assert page.status_code == 200 and "Stationsstraat 38, 3851 NL Ermelo" in body and "domicilie" in body
    assert "2 werkdagen" in body
    assert logged_in_client(staff_a[Role.MANAGER], municipality_a).get(
        f"/meldingen/{incident.pk}/aangifte").status_code == 403


def test_worklist_and_overview_pages(staff_a, report, municipality_a, tenant_of):
    coordinator = staff_a[Role.COORDINATOR]
    incident = report(staff_a[Role.EMPLOYEE])
    services.start_aftercare(tenant_of(coordinator, municipality_a), coordinator, incident, coordinator)
    Aftercare.objects.update(deadline_at=timezone.now() - timezone.timedelta(days=1))
    client = logged_in_client(coordinator, municipality_a)
    worklist = client.get("/meldingen/werkvoorraad").content.decode()
    assert incident.reference in worklist and "Eerste contact" in worklist
    overview = client.get("/meldingen/overzicht").content.decode()
    assert "Verbaal geweld" in overview and "Aan de balie" in overview and "Per maand" in overview
    assert client.get("/meldingen/overzicht?jaar=1999").status_code == 200
    assert logged_in_client(staff_a[Role.MANAGER], municipality_a).get("/meldingen/werkvoorraad").status_code == 403


def test_admin_offers_configuration_but_not_incidents():
    from django.contrib import admin

    from veiliglokaal.incidents.models import Attachment, IncidentOption, IncidentSettings

    registered = admin.site._registry
    assert IncidentOption in registered and IncidentSettings in registered
    assert Incident not in registered and Offender not in registered and Attachment not in registered


def test_hidden_description_hides_the_attachments_from_the_manager(staff_a, report, municipality_a, tenant_of):
    """Hiding the description from the manager covers the attachments: neither listed nor downloadable."""
    from veiliglokaal.incidents.models import Attachment

    incident = report(staff_a[Role.EMPLOYEE], hide_description_from_manager=True,
                      files=[SimpleUploadedFile("persoonlijk.png", PNG)])
    attachment = incident.attachments.get()
    url = f"/meldingen/{incident.pk}/bijlagen/{attachment.pk}"
    manager = logged_in_client(staff_a[Role.MANAGER], municipality_a)
    assert manager.get(url).status_code == 404
    assert "persoonlijk.png" not in manager.get(f"/meldingen/{incident.pk}").content.decode()
    assert not Attachment.objects.for_tenant(tenant_of(staff_a[Role.MANAGER], municipality_a)).exists()
    # the reporter and the coordinator still get the file
    assert logged_in_client(staff_a[Role.EMPLOYEE], municipality_a).get(url).status_code == 200
    assert logged_in_client(staff_a[Role.COORDINATOR], municipality_a).get(url).status_code == 200
    # without hiding, the manager of the department does get it
    open_incident = report(staff_a[Role.EMPLOYEE], files=[SimpleUploadedFile("open.png", PNG)])
    assert manager.get(f"/meldingen/{open_incident.pk}/bijlagen/{open_incident.attachments.get().pk}").status_code == 200
