"""Retention: incidents past their date are anonymised (skeleton kept), files deleted, a deletion record and a
processing-log entry written; a second run changes nothing."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.chain import verify
from veiliglokaal.audit.models import ProcessingLogEntry
from veiliglokaal.audit.selectors import search_processing_log
from veiliglokaal.audit.services import pseudonymise, pseudonyms_of
from veiliglokaal.incidents import retention, services
from veiliglokaal.incidents.models import (
    Aftercare, Attachment, Incident, IncidentEvent, Measure, Offender, RetentionRecord,
)

from .conftest import PNG

pytestmark = pytest.mark.django_db
MARKERS = ["Geheimzinnige omschrijving", "Jansen-Geheim", "Schade-geheim", "Getuige-geheim", "Veroorzaker-Geheim",
           "KLANT-4711", "Afdeling-Geheim", "Signalement-geheim", "Nazorg-uitkomst-geheim"]


@pytest.fixture
def old_incident(staff_a, report, tenant_of, municipality_a):
    coordinator = staff_a[Role.COORDINATOR]
    when = timezone.now() - datetime.timedelta(days=3)
    incident = report(coordinator, occurred_at=when, description=MARKERS[0], victim_user=None, victim_name=MARKERS[1],
                      damage_description=MARKERS[2], witnesses=MARKERS[3], department=MARKERS[6], injury="medical",
                      absence_days=4, files=[SimpleUploadedFile("foto.png", PNG)],
                      offender=services.OffenderInput(name=MARKERS[4], identifier=MARKERS[5], description=MARKERS[7]))
    tenant = tenant_of(coordinator, municipality_a)
    aftercare = services.start_aftercare(tenant, coordinator, incident, coordinator)
    services.advance_aftercare(tenant, coordinator, aftercare, "decline", MARKERS[8])
    services.add_measure(tenant, coordinator, incident, "police_report", coordinator)
    Incident.objects.filter(pk=incident.pk).update(retain_until=timezone.localdate() - datetime.timedelta(days=1))
    return Incident.objects.get(pk=incident.pk)


@pytest.fixture
def look_alikes(staff_a, report, old_incident):
    """Four more old incidents with the same skeleton (month, role class, place, channel, types): with the old incident
    they form a group of five, so retention keeps them (k-anonymity, `incidents.anonymity`)."""
    made = []
    for _ in range(4):
        incident = report(staff_a[Role.EMPLOYEE], occurred_at=old_incident.occurred_at, victim_user=None,
                          victim_name="Ander", victim_role="overige-medewerker")
        Incident.objects.filter(pk=incident.pk).update(retain_until=old_incident.retain_until)
        made.append(incident)
    return made


def _row_text(table, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])
        return " ".join(str(value) for value in cursor.fetchone())


def _all_incident_tables_text():
    texts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table.startswith("incidents_"):
                cursor.execute(f"SELECT * FROM {table}")
                texts += [" ".join(str(v) for v in row) for row in cursor.fetchall()]
    return "\n".join(texts)


def test_anonymises_keeps_skeleton_deletes_files_and_records(old_incident, look_alikes, private_media, report,
                                                             staff_a):
    recent = report(staff_a[Role.EMPLOYEE], description="Blijft staan")
    attachment = Attachment.objects.get(incident=old_incident)
    path = Path(attachment.file.path)
    assert path.exists()
    types_before = set(old_incident.types.values_list("code", flat=True))
    month = timezone.localtime(old_incident.occurred_at).month
    logs_before = ProcessingLogEntry.objects.count()

    result = retention.apply_retention()

    assert result.incidents == 5 and result.attachments == 1 and result.offenders == 1 and result.cases == 2
    assert result.generalised == 0 and result.removed == 0
    assert not path.exists()
    incident = Incident.objects.get(pk=old_incident.pk)
    assert incident.anonymised_at and incident.description == "" and incident.victim_name == ""
    assert incident.reported_by_id is None and incident.victim_user_id is None and incident.department == ""
    assert incident.injury == "" and incident.absence_days is None
    assert set(incident.types.values_list("code", flat=True)) == types_before
    assert incident.location.code == "balie" and incident.channel.code
    assert incident.victim_role.code == "klasse-medewerker"  # the role's class, never the single office
    assert timezone.localtime(incident.occurred_at).day == 1 and timezone.localtime(incident.occurred_at).month == month
    assert not Offender.objects.filter(incident=incident).exists()
    assert not Aftercare.objects.filter(incident=incident).exists() and not Measure.objects.filter(incident=incident).exists()
    assert [e.text for e in IncidentEvent.objects.filter(incident=incident)] == [
        "Melding geanonimiseerd: de bewaartermijn is verstreken"]
    # Nothing personal remains: the raw row and every GIR table scanned.
    row = _row_text("incidents_incident", incident.pk)
    assert not [m for m in MARKERS if m in row]
    assert not [m for m in MARKERS if m in _all_incident_tables_text()]
    assert Incident.objects.get(pk=recent.pk).description == "Blijft staan"
    record = RetentionRecord.objects.get()
    assert (record.incidents, record.attachments, record.offenders, record.cases) == (5, 1, 1, 2)
    assert "5 jaar" in record.rule and record.municipality_id == incident.municipality_id
    assert not [m for m in MARKERS + [incident.reference] if m in " ".join(map(str, record.__dict__.values()))]
    entry = ProcessingLogEntry.objects.order_by("-sequence").first()
    assert ProcessingLogEntry.objects.count() == logs_before + 5
    assert entry.name == "melding geanonimiseerd (bewaartermijn verstreken)" and entry.actor_id is None


def test_second_run_changes_nothing(old_incident, capsys):
    call_command("apply_retention")
    assert "1 meldingen geanonimiseerd" in capsys.readouterr().out
    snapshot = (RetentionRecord.objects.count(), ProcessingLogEntry.objects.count(), _all_incident_tables_text())
    call_command("apply_retention")
    out = capsys.readouterr().out
    assert "0 meldingen geanonimiseerd" in out and "Anonimiseren [" in out  # the progress bar
    assert (RetentionRecord.objects.count(), ProcessingLogEntry.objects.count(), _all_incident_tables_text()) == snapshot


def test_dry_run_and_not_yet_due(old_incident, capsys):
    call_command("apply_retention", "--droog")
    assert "Te anonimiseren meldingen: 1" in capsys.readouterr().out
    assert Incident.objects.get(pk=old_incident.pk).description == MARKERS[0]
    retention.apply_retention(today=old_incident.retain_until)  # on the date itself it is still kept
    assert Incident.objects.get(pk=old_incident.pk).anonymised_at is None


def test_anonymised_incident_still_shows_and_accepts_no_attachment(old_incident, look_alikes, staff_a,
                                                                   municipality_a):
    from tests.conftest import logged_in_client

    retention.apply_retention()
    client = logged_in_client(staff_a[Role.COORDINATOR], municipality_a)
    page = client.get(f"/meldingen/{old_incident.pk}")
    assert page.status_code == 200 and "Bijlage toevoegen" not in page.content.decode()
    assert client.get(f"/meldingen/{old_incident.pk}/bijlagen/nieuw").status_code == 404


def test_a_unique_old_incident_is_removed_not_kept_as_a_pointer_to_one_person(old_incident, capsys):
    """Alone in its municipality, even fully generalised an old incident would point at one event: it is removed
    (the frozen national release keeps its count) and the deletion record says so."""
    result = retention.apply_retention()
    assert result.incidents == 1 and result.removed == 1
    assert not Incident.objects.filter(pk=old_incident.pk).exists()
    assert RetentionRecord.objects.get().removed == 1


def test_retained_table_is_k_anonymous_and_holds_no_single_office(staff_a, report, municipality_a):
    """Issue 20 item 2, over the whole retained table: office holders with one holder per municipality (burgemeester,
    griffier) never remain as such, and every combination of the kept columns occurs at least K times."""
    from collections import Counter

    from veiliglokaal.incidents.anonymity import K

    coordinator = staff_a[Role.COORDINATOR]
    when = timezone.now() - datetime.timedelta(days=400)
    plan = ([dict(victim_role="burgemeester", location="thuis", types=["bedreiging"])] * 6
            + [dict(victim_role="griffier", location="raadsvergadering", types=["verbaal-geweld"])] * 2
            + [dict(victim_role="wethouder", location="thuis", types=["bedreiging"])] * 1
            + [dict(victim_role="baliemedewerker", location="balie", types=["verbaal-geweld"])] * 7
            + [dict(victim_role="handhaver", location="buitendienst", types=["fysiek-geweld"],
                    occurred_at=when - datetime.timedelta(days=40))] * 3)
    for overrides in plan:
        incident = report(coordinator, victim_user=None, victim_name="Naam", **{"occurred_at": when, **overrides})
        Incident.objects.filter(pk=incident.pk).update(retain_until=timezone.localdate() - datetime.timedelta(days=1))
    result = retention.apply_retention()
    assert result.incidents == len(plan)
    kept = Incident.objects.filter(municipality=municipality_a, anonymised_at__isnull=False).select_related(
        "victim_role", "location", "channel").prefetch_related("types")
    assert not kept.filter(victim_role__code__in=["burgemeester", "griffier", "wethouder"]).exists()
    groups = Counter((timezone.localtime(i.occurred_at).date() if i.generalisation_level == 0
                      else timezone.localtime(i.occurred_at).year, i.victim_role.code, i.location.code,
                      i.channel.code, frozenset(t.code for t in i.types.all())) for i in kept)
    assert groups and min(groups.values()) >= K, groups
    assert result.removed + sum(groups.values()) == len(plan)
    # 7 office holders at home with bedreiging (6 burgemeester + 1 wethouder) form one class of 7 and stay precise
    assert groups[(timezone.localtime(when).date().replace(day=1), "klasse-ambtsdrager", "thuis", "face-to-face",
                   frozenset({"bedreiging"}))] == 7
    # running it again changes nothing
    again = retention.apply_retention()
    assert again.incidents == 0 and again.removed == 0 and again.generalised == 0


def test_gir_retention_shreds_the_links_of_the_people_in_an_incident(staff_a, report, municipality_a,
                                                                     tenant_of):
    employee = staff_a[Role.EMPLOYEE]
    incidents = [report(employee) for _ in range(5)]  # five alike: kept after retention (k-anonymity)
    keep = report(employee)
    Incident.objects.filter(pk__in=[i.pk for i in incidents]).update(
        retain_until=datetime.date.today() - datetime.timedelta(days=1))
    tenant = tenant_of(employee, municipality_a)
    assert search_processing_log(tenant, subject_type="gebruiker", subject_id=str(employee.pk)).exists()
    retention.apply_retention()
    assert len(pseudonyms_of("gebruiker", employee.pk)) == 1  # only the incident still within its term
    assert pseudonymise("gebruiker", employee.pk, context=f"melding:{keep.pk}") in pseudonyms_of(
        "gebruiker", employee.pk)
    assert verify(ProcessingLogEntry) == []
