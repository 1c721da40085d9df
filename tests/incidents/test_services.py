"""GIR services: configuration, validation, visibility per role, offenders, attachments, workflows, audit."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import ProcessingLogEntry
from veiliglokaal.audit.services import pseudonymise
from veiliglokaal.incidents import selectors, services
from veiliglokaal.incidents.models import (
    Aftercare, Incident, IncidentEvent, IncidentOption, IncidentSettings, Measure, Offender, OptionKind,
)
from veiliglokaal.workflow.calendar import add_working_days
from veiliglokaal.workflow.definitions import WorkflowError

from .conftest import JPEG, PDF, PNG

pytestmark = pytest.mark.django_db


def test_configuration_is_seeded_per_municipality_and_then_its_own(municipality_a, municipality_b):
    services.ensure_configuration(municipality_a)
    services.ensure_configuration(municipality_a)  # idempotent
    codes = set(IncidentOption.objects.filter(municipality=municipality_a, kind=OptionKind.TYPE)
                .values_list("code", flat=True))
    assert {"verbaal-geweld", "bedreiging", "overige-intimidatie", "fysiek-geweld", "seksuele-intimidatie",
            "discriminatie", "vernieling"} == codes
    assert IncidentOption.objects.filter(municipality=municipality_a, kind=OptionKind.VICTIM_ROLE,
                                         code="burgemeester").exists()
    assert IncidentOption.objects.get(municipality=municipality_a, kind=OptionKind.CHANNEL, code="sociale-media").is_online
    assert IncidentSettings.objects.get(municipality=municipality_a).retention_years == 5
    assert not IncidentOption.objects.filter(municipality=municipality_b).exists()
    # A municipality changes its own list: a retired value can no longer be chosen, the neighbour is unaffected.
    IncidentOption.objects.filter(municipality=municipality_a, kind=OptionKind.LOCATION, code="brief").update(is_active=False)
    assert not services.options(municipality_a.pk, OptionKind.LOCATION).filter(code="brief").exists()


def test_report_records_everything_and_retention_follows_the_municipality(staff_a, report, municipality_a):
    services.ensure_configuration(municipality_a)
    IncidentSettings.objects.filter(municipality=municipality_a).update(retention_years=7)
    employee = staff_a[Role.EMPLOYEE]
    incident = report(employee, witnesses="Collega Jansen", absence_days=2, injury="minor")
    assert incident.victim_user == employee and incident.department == "Publiekszaken"
    assert sorted(incident.types.values_list("code", flat=True)) == ["bedreiging", "verbaal-geweld"]
    assert incident.retain_until.year == timezone.localtime(incident.occurred_at).year + 7
    assert IncidentEvent.objects.filter(incident=incident, text="Melding geregistreerd").exists()


@pytest.mark.parametrize("overrides, field", [
    ({"location": "maan"}, "location"),
    ({"types": []}, "types"),
    ({"types": ["verbaal-geweld", "onbekend"]}, "types"),
    ({"channel": "sociale-media", "platform": ""}, "platform"),
    ({"occurred_at": timezone.now() + datetime.timedelta(days=1)}, "occurred_at"),
    ({"description": "  "}, "description"),
])
def test_invalid_reports_are_refused_and_store_nothing(staff_a, report, overrides, field):
    with pytest.raises(ValidationError) as error:
        report(staff_a[Role.EMPLOYEE], **overrides)
    assert field in error.value.message_dict
    assert not Incident.objects.exists()


def test_options_of_another_municipality_cannot_be_used(staff_a, users_b, report, municipality_b):
    IncidentOption.objects.create(municipality=municipality_b, kind=OptionKind.LOCATION, code="alleen-b", label="B")
    with pytest.raises(ValidationError):
        report(staff_a[Role.EMPLOYEE], location="alleen-b")


def test_visibility_per_role(staff_a, users_b, report, tenant_of, municipality_a, municipality_b):
    employee, manager, coordinator = staff_a[Role.EMPLOYEE], staff_a[Role.MANAGER], staff_a[Role.COORDINATOR]
    own = report(employee)
    other_department = report(staff_a[Role.ENFORCER], department="Toezicht")
    on_behalf = report(staff_a[Role.ANALYST], victim_user=None, victim_name="Raadslid De Wit", department="Griffie")
    b_incident = report(users_b[Role.EMPLOYEE], municipality=municipality_b)

    def visible(user, municipality=municipality_a):
        return set(Incident.objects.for_tenant(tenant_of(user, municipality)).values_list("pk", flat=True))

    assert visible(employee) == {own.pk}
    assert visible(manager) == {own.pk}  # the department's, not Toezicht's or Griffie's
    assert visible(coordinator) == {own.pk, other_department.pk, on_behalf.pk}
    assert visible(staff_a[Role.ANALYST]) == {on_behalf.pk}  # the reporter sees what they reported
    assert visible(staff_a[Role.NATIONAL_ANALYST]) == set()
    assert visible(users_b[Role.COORDINATOR], municipality_b) == {b_incident.pk}


def test_manager_without_department_sees_no_team(staff_a, report, tenant_of, municipality_a):
    report(staff_a[Role.ENFORCER], department="")
    manager = staff_a[Role.MANAGER]
    manager.department = ""
    manager.save()
    assert not Incident.objects.for_tenant(tenant_of(manager, municipality_a)).exists()


def test_for_tenant_is_one_statement(staff_a, tenant_of, municipality_a):
    sql = str(Incident.objects.for_tenant(tenant_of(staff_a[Role.MANAGER], municipality_a)).query).upper()
    assert sql.count("SELECT") == 2 and sql.count("WHERE") == 2  # the outer filter and the own-department subquery


def test_manager_does_not_read_a_hidden_description(staff_a, report, tenant_of, municipality_a):
    incident = report(staff_a[Role.EMPLOYEE], hide_description_from_manager=True)
    for role, expected in [(Role.EMPLOYEE, True), (Role.MANAGER, False), (Role.COORDINATOR, True)]:
        read = selectors.read_incident(tenant_of(staff_a[role], municipality_a), incident.pk)
        assert read.description_visible is expected, role


def test_offender_details_only_for_the_coordinator_with_repeat_signal(staff_a, users_b, report, tenant_of,
                                                                       municipality_a, municipality_b):
    first = report(staff_a[Role.EMPLOYEE], occurred_at=timezone.now() - datetime.timedelta(days=30),
                   offender=services.OffenderInput(name="Jan de Vries"))
    report(users_b[Role.EMPLOYEE], municipality=municipality_b, offender=services.OffenderInput(name="Jan de Vries"))
    second = report(staff_a[Role.EMPLOYEE], offender=services.OffenderInput(name="VRIES, Jan  de", identifier=""))
    third = report(staff_a[Role.EMPLOYEE], offender=services.OffenderInput(name="Onbekend", identifier="KL-123"))
    fourth = report(staff_a[Role.EMPLOYEE], offender=services.OffenderInput(identifier="kl 123"))
    for role in Role.values:
        tenant = tenant_of(staff_a[role], municipality_a)
        offender = selectors.offender_of(tenant, second)
        assert (offender is not None) is (role == Role.COORDINATOR), role
    coordinator = tenant_of(staff_a[Role.COORDINATOR], municipality_a)
    matches = selectors.repeat_matches(coordinator, selectors.offender_of(coordinator, second))
    assert [m.incident_id for m in matches] == [first.pk]  # not Harderwijk's, not a later one
    assert [m.incident_id for m in selectors.repeat_matches(coordinator, selectors.offender_of(coordinator, fourth))] \
        == [third.pk]
    assert not selectors.repeat_matches(coordinator, selectors.offender_of(coordinator, first))
    # The reporter's own history does not mention the offender; the coordinator's does.
    employee = tenant_of(staff_a[Role.EMPLOYEE], municipality_a)
    assert not any("veroorzaker" in e.text for e in selectors.history(employee, second))
    assert any("veroorzaker" in e.text for e in selectors.history(coordinator, second))
    assert Offender.objects.count() == 5


def test_normalise():
    assert services.normalise("Vries, Jan  de") == services.normalise("jan de vries") == "de jan vries"
    assert services.normalise("Çelik") == "celik"


@pytest.mark.parametrize("name, content, ok", [
    ("foto.png", PNG, True), ("foto.jpg", JPEG, True), ("foto.JPEG", JPEG, True), ("brief.pdf", PDF, True),
    ("foto.png", b"<html><script>alert(1)</script></html>", False),  # wrong content under a good name
    ("foto.pdf", PNG, False),  # name and content disagree
    ("script.exe", b"MZ" + b"\x00" * 50, False),
    ("leeg.png", b"", False),
])
def test_attachments_are_sniffed_by_content(name, content, ok):
    upload = SimpleUploadedFile(name, content)
    if ok:
        assert services.sniff(upload)
    else:
        with pytest.raises(ValidationError):
            services.sniff(upload)


def test_attachment_too_large_is_refused(staff_a, report):
    big = SimpleUploadedFile("groot.png", PNG + b"\x00" * services.MAX_ATTACHMENT_BYTES)
    with pytest.raises(ValidationError) as error:
        report(staff_a[Role.EMPLOYEE], files=[big])
    assert "10 MB" in str(error.value)
    assert not Incident.objects.exists()


def test_attachment_is_stored_privately_with_its_hash(staff_a, report, private_media):
    import hashlib

    incident = report(staff_a[Role.EMPLOYEE], files=[SimpleUploadedFile("scherm.png", PNG)])
    attachment = incident.attachments.get()
    assert attachment.sha256 == hashlib.sha256(PNG).hexdigest()
    assert attachment.content_type == "image/png" and attachment.size == len(PNG)
    path = attachment.file.path
    assert path.startswith(str(private_media)) and "scherm" not in path  # a random name, not the user's
    with open(path, "rb") as handle:
        assert handle.read() == PNG


def test_every_read_and_write_lands_in_the_processing_log(staff_a, report, tenant_of, municipality_a):
    employee = staff_a[Role.EMPLOYEE]
    before = ProcessingLogEntry.objects.count()
    incident = report(employee)
    created = ProcessingLogEntry.objects.filter(sequence__gt=0).order_by("-sequence").first()
    assert created.activity_key == "incidents.registratie" and created.name == "melding geregistreerd"
    assert created.data_subject_id == pseudonymise("gebruiker", employee.pk, context=f"melding:{incident.pk}")
    selectors.read_incident(tenant_of(staff_a[Role.COORDINATOR], municipality_a), incident.pk)
    read = ProcessingLogEntry.objects.order_by("-sequence").first()
    assert read.name == "melding bekeken" and read.actor_id == staff_a[Role.COORDINATOR].pk
    assert ProcessingLogEntry.objects.count() == before + 2


def test_new_incident_notifies_coordinator_and_manager_after_commit(staff_a, report, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        incident = report(staff_a[Role.EMPLOYEE], description="GEHEIME BESCHRIJVING")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == {staff_a[Role.COORDINATOR].email, staff_a[Role.MANAGER].email}
    assert incident.reference in message.subject and "GEHEIME" not in message.body


def test_aftercare_workflow_deadlines_and_history(staff_a, report, tenant_of, municipality_a,
                                                  django_capture_on_commit_callbacks):
    coordinator, employee = staff_a[Role.COORDINATOR], staff_a[Role.EMPLOYEE]
    tenant = tenant_of(coordinator, municipality_a)
    incident = report(employee)
    aftercare = services.start_aftercare(tenant, coordinator, incident, coordinator)
    assert aftercare.state == "first_contact"
    local_deadline = timezone.localtime(aftercare.deadline_at)
    assert local_deadline.date() == timezone.localdate() and (local_deadline.hour, local_deadline.minute) == (23, 59)
    with pytest.raises(ValidationError):
        services.start_aftercare(tenant, coordinator, incident, coordinator)  # only once
    with pytest.raises(WorkflowError, match="toelichting"):
        services.advance_aftercare(tenant, coordinator, aftercare, "contact_made")
    with pytest.raises(WorkflowError, match="geen recht"):
        services.advance_aftercare(tenant_of(employee, municipality_a), employee, aftercare, "contact_made", "x")
    with django_capture_on_commit_callbacks(execute=True):
        services.advance_aftercare(tenant, coordinator, aftercare, "contact_made", "Gebeld, gaat redelijk")
    assert aftercare.state == "follow_up"
    assert timezone.localtime(aftercare.deadline_at).date() == add_working_days(timezone.localdate(), 10)
    assert [m.to for m in mail.outbox] == [[employee.email]]  # the person affected hears of the step
    services.advance_aftercare(tenant, coordinator, aftercare, "follow_up_done", "Tweede gesprek gehad")
    services.advance_aftercare(tenant, coordinator, aftercare, "close", "Hersteld, geen verdere nazorg nodig")
    aftercare.refresh_from_db()
    assert aftercare.state == "closed" and aftercare.deadline_at is None and aftercare.outcome.startswith("Hersteld")
    assert list(aftercare.history.values_list("to_state", flat=True)) == ["first_contact", "follow_up", "evaluation",
                                                                          "closed"]
    texts = list(IncidentEvent.objects.filter(incident=incident).values_list("text", flat=True))
    assert texts[0] == "Melding geregistreerd" and any("Afgesloten" in t for t in texts)


def test_owner_must_be_a_handler_of_the_municipality(staff_a, users_b, report, tenant_of, municipality_a):
    tenant = tenant_of(staff_a[Role.COORDINATOR], municipality_a)
    incident = report(staff_a[Role.EMPLOYEE])
    for owner in (staff_a[Role.EMPLOYEE], users_b[Role.COORDINATOR]):
        with pytest.raises(ValidationError):
            services.start_aftercare(tenant, staff_a[Role.COORDINATOR], incident, owner)
    services.start_aftercare(tenant, staff_a[Role.COORDINATOR], incident, staff_a[Role.MANAGER])


def test_police_report_is_due_within_two_working_days(staff_a, report, tenant_of, municipality_a):
    coordinator = staff_a[Role.COORDINATOR]
    tenant = tenant_of(coordinator, municipality_a)
    incident = report(staff_a[Role.EMPLOYEE])
    measure = services.add_measure(tenant, coordinator, incident, "police_report", coordinator)
    assert measure.state == "planned"
    assert timezone.localtime(measure.deadline_at).date() == add_working_days(timezone.localdate(measure.state_entered_at), 2)
    services.advance_measure(tenant, coordinator, measure, "file", "Aangifte gedaan bij bureau Harderwijk")
    services.advance_measure(tenant, coordinator, measure, "complete", "Strafbeschikking OM")
    measure.refresh_from_db()
    assert measure.state == "done" and measure.outcome == "Strafbeschikking OM"
    with pytest.raises(ValidationError):
        services.add_measure(tenant, coordinator, incident, "tuchtiging", coordinator)


@pytest.mark.parametrize("kind", ["conversation", "warning_letter", "restriction", "police_report", "damage_recovery"])
def test_every_measure_can_be_cancelled_with_a_reason(kind, staff_a, report, tenant_of, municipality_a):
    coordinator = staff_a[Role.COORDINATOR]
    tenant = tenant_of(coordinator, municipality_a)
    measure = services.add_measure(tenant, coordinator, report(staff_a[Role.EMPLOYEE]), kind, coordinator)
    assert measure.deadline_at is not None
    services.advance_measure(tenant, coordinator, measure, "cancel", "Veroorzaker onbekend")
    assert measure.state == "cancelled"


def test_worklist_shows_overdue_aftercare_and_measures_in_one_query(staff_a, users_b, report, tenant_of,
                                                                    municipality_a, municipality_b,
                                                                    django_assert_num_queries):
    coordinator = staff_a[Role.COORDINATOR]
    tenant = tenant_of(coordinator, municipality_a)
    late = report(staff_a[Role.EMPLOYEE])
    on_time = report(staff_a[Role.EMPLOYEE])
    services.start_aftercare(tenant, coordinator, late, coordinator)
    services.start_aftercare(tenant, coordinator, on_time, coordinator)
    services.add_measure(tenant, coordinator, late, "police_report", coordinator)
    b_tenant = tenant_of(users_b[Role.COORDINATOR], municipality_b)
    b_incident = report(users_b[Role.EMPLOYEE], municipality=municipality_b)
    services.start_aftercare(b_tenant, users_b[Role.COORDINATOR], b_incident, users_b[Role.COORDINATOR])
    past = timezone.now() - datetime.timedelta(days=30)
    Aftercare.objects.filter(incident__in=[late, b_incident]).update(deadline_at=past)
    Measure.objects.filter(incident=late).update(deadline_at=past + datetime.timedelta(hours=1))
    with django_assert_num_queries(1):
        rows = list(selectors.overdue(tenant))
    assert [(r["incident_id"], r["kind"]) for r in rows] == [(late.pk, "aftercare"), (late.pk, "police_report")]


def test_overview_counts(staff_a, report, tenant_of, municipality_a):
    report(staff_a[Role.EMPLOYEE])
    report(staff_a[Role.EMPLOYEE], types=["fysiek-geweld"], location="buitendienst")
    data = selectors.overview(tenant_of(staff_a[Role.COORDINATOR], municipality_a))
    sections = {key: {row["label"]: row["count"] for row in rows} for key, _, rows in data["sections"]}
    assert data["total"] == 2
    assert sections["type"]["Verbaal geweld (schelden, beledigen)"] == 1
    assert sum(sections["location"].values()) == 2
    assert sum(row["count"] for row in data["months"]) == 2
