"""Enforcement cases: the declared workflow (transitions, reasons, deadlines incl. the zienswijze period in working
days), append-only history, evidence (type/size checked, SHA-256, private), the worklist, scope and tenancy."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import AppendOnlyError, ProcessingLogEntry
from veiliglokaal.enforcement import services
from veiliglokaal.enforcement.models import EnforcementCase, Evidence
from veiliglokaal.enforcement.workflows import ENFORCEMENT, VIEW_PERIOD_WORKING_DAYS
from veiliglokaal.workflow.calendar import add_working_days
from veiliglokaal.workflow.definitions import WorkflowError

from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def _step(client, case, transition, reason="Toelichting bij deze stap."):
    return client.post(f"/handhaving/{case.pk}/stap", {"transition": transition, "reason": reason})


def test_full_path_with_history_and_deadlines(case_a, enforcer_client, enforcer_a):
    for transition, state in [("start_investigation", "onderzoek"), ("send_intention", "voornemen"),
                              ("decide", "besluit"), ("close", "afgesloten")]:
        assert _step(enforcer_client, case_a, transition).status_code == 302
        case_a.refresh_from_db()
        assert case_a.state == state
        if state == "voornemen":
            # the person concerned gets 10 working days for a zienswijze, ending at the end of that local day
            due = add_working_days(timezone.localdate(case_a.state_entered_at), VIEW_PERIOD_WORKING_DAYS)
            assert timezone.localtime(case_a.deadline_at).date() == due
        if state == "besluit":
            assert case_a.deadline_at - case_a.state_entered_at == datetime.timedelta(days=42)
    assert case_a.deadline_at is None
    history = list(case_a.history.all())
    assert [h.to_state for h in history] == ["intake", "onderzoek", "voornemen", "besluit", "afgesloten"]
    assert all(h.actor_id == enforcer_a.pk for h in history[1:])
    with pytest.raises(AppendOnlyError):
        history[1].save()
    with pytest.raises(AppendOnlyError):
        history[1].delete()


def test_a_step_needs_a_reason_and_must_be_allowed_now(case_a, enforcer_client):
    # The shared transition view (workflow.views) shows the form again with the message, status 400.
    response = _step(enforcer_client, case_a, "start_investigation", reason="")
    assert response.status_code == 400
    assert "Geef een toelichting bij" in response.content.decode()
    case_a.refresh_from_db()
    assert case_a.state == "intake"
    response = _step(enforcer_client, case_a, "decide")
    assert response.status_code == 400
    assert "kan niet vanuit de status" in response.content.decode()
    case_a.refresh_from_db()
    assert case_a.state == "intake"
    assert [h.to_state for h in case_a.history.all()] == ["intake"]


def test_after_a_view_the_case_can_go_back_to_investigation(case_a, enforcer_client):
    for transition in ("start_investigation", "send_intention", "reopen_investigation"):
        _step(enforcer_client, case_a, transition)
    case_a.refresh_from_db()
    assert case_a.state == "onderzoek"


def test_workflow_definition_is_complete():
    assert [s.name for s in ENFORCEMENT.states] == ["intake", "onderzoek", "voornemen", "besluit", "afgesloten"]
    assert all(t.requires_reason and t.scope == "enforcement.work" for t in ENFORCEMENT.transitions)
    with pytest.raises(WorkflowError):
        ENFORCEMENT.check("afgesloten", "close", ENFORCEMENT.transitions[0].actor, frozenset({"enforcement.work"}),
                          "x")


def test_a_case_needs_a_legal_basis_and_an_owner_who_may_work_cases(users_a, municipality_a, tenant_of):
    analyst = users_a[Role.ANALYST]
    tenant = tenant_of(analyst, municipality_a)
    with pytest.raises(ValidationError) as error:
        services.open_case(tenant, analyst, title="Test", legal_basis="", owner=analyst)
    assert "legal_basis" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.open_case(tenant, analyst, title="Test", legal_basis="apv", owner=users_a[Role.EMPLOYEE])
    assert "owner" in error.value.message_dict
    assert not EnforcementCase.objects.exists()


def test_evidence_file_is_checked_hashed_and_served_privately(case_a, enforcer_client):
    response = enforcer_client.post(f"/handhaving/{case_a.pk}/bewijs", {
        "note": "Controle ter plaatse: zeven bedden.", "file": SimpleUploadedFile("foto.png", PNG)})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.sha256 == hashlib.sha256(PNG).hexdigest() and evidence.content_type == "image/png"
    assert "handhaving" in evidence.file.path and evidence.size == len(PNG)
    download = enforcer_client.get(f"/handhaving/{case_a.pk}/bewijs/{evidence.pk}")
    assert b"".join(download.streaming_content) == PNG
    assert download["Content-Disposition"].startswith("attachment")
    assert ProcessingLogEntry.objects.filter(activity_key="enforcement.handhaving",
                                             name="bewijsstuk gedownload").count() == 1
    with pytest.raises(AppendOnlyError):
        evidence.save()


@pytest.mark.parametrize("upload, message", [
    (SimpleUploadedFile("script.exe", b"MZ\x90\x00" + b"0" * 20), "(PNG, JPEG) en PDF-bestanden zijn toegestaan"),
    (SimpleUploadedFile("foto.pdf", PNG), "de bestandsnaam past niet bij de inhoud"),
])
def test_wrong_files_get_a_dutch_error_and_keep_the_note(upload, message, case_a, enforcer_client):
    response = enforcer_client.post(f"/handhaving/{case_a.pk}/bewijs", {"note": "Mijn aantekening", "file": upload})
    page = response.content.decode()
    assert response.status_code == 400 and message in page and "Mijn aantekening</textarea>" in page
    assert not Evidence.objects.exists()


def test_empty_evidence_is_refused(case_a, enforcer_client):
    response = enforcer_client.post(f"/handhaving/{case_a.pk}/bewijs", {"note": "  "})
    assert response.status_code == 400
    assert "Voeg een aantekening of een bestand toe." in response.content.decode()


def test_worklist_orders_by_deadline_and_marks_overdue(case_a, users_a, municipality_a, tenant_of, enforcer_client):
    analyst = users_a[Role.ANALYST]
    later = services.open_case(tenant_of(analyst, municipality_a), analyst, title="Tweede traject",
                               legal_basis="apv", owner=analyst)
    services.advance(tenant_of(analyst, municipality_a), analyst, later, "start_investigation", "Begonnen.")
    EnforcementCase.objects.filter(pk=case_a.pk).update(deadline_at=timezone.now() - datetime.timedelta(days=1))
    page = enforcer_client.get("/handhaving").content.decode()
    assert page.index(case_a.reference) < page.index(later.reference)
    assert "(verlopen)" in page


def test_case_page_shows_the_linked_signal_and_logs_its_address(case_a, enforcer_client, users_a, municipality_a):
    page = enforcer_client.get(f"/handhaving/{case_a.pk}").content.decode()
    signal = case_a.links.get().target
    assert f"Signaal #{signal.pk}" in page and str(signal.address) in page
    # the enforcer has no address-level browsing right: no link into the DOOK signal page
    assert f"/onregelmatigheden/signalen/{signal.pk}" not in page
    subjects = set(ProcessingLogEntry.objects.filter(activity_key="enforcement.handhaving")
                   .values_list("data_subject_type", flat=True))
    assert subjects == {"handhavingstraject", "adres"}
    analyst_page = logged_in_client(users_a[Role.ANALYST], municipality_a).get(f"/handhaving/{case_a.pk}")
    assert f"/onregelmatigheden/signalen/{signal.pk}" in analyst_page.content.decode()


@pytest.mark.parametrize("role", [Role.OFFICIAL, Role.EMPLOYEE, Role.ADMIN])
def test_roles_without_the_scope_get_403(role, case_a, users_a, municipality_a):
    client = logged_in_client(users_a[role], municipality_a)
    assert client.get("/handhaving").status_code == 403
    assert client.get(f"/handhaving/{case_a.pk}").status_code == 403


def test_another_municipality_sees_nothing(case_a, users_b, municipality_b):
    client = logged_in_client(users_b[Role.ENFORCER], municipality_b)
    assert case_a.reference not in client.get("/handhaving?toon=alle").content.decode()
    assert client.get(f"/handhaving/{case_a.pk}").status_code == 404
    assert _step(client, case_a, "start_investigation").status_code == 404
    case_a.refresh_from_db()
    assert case_a.state == "intake"


def test_owner_can_be_handed_over_and_it_shows_in_the_history(case_a, enforcer_client, users_a):
    analyst = users_a[Role.ANALYST]
    response = enforcer_client.post(f"/handhaving/{case_a.pk}/eigenaar", {"owner": analyst.pk, "reason": "Verlof"})
    assert response.status_code == 302
    case_a.refresh_from_db()
    assert case_a.owner == analyst and case_a.state == "intake"
    last = case_a.history.last()
    assert last.transition == "reassign" and "Verlof" in last.reason
    # someone without enforcement.work cannot become the owner
    enforcer_client.post(f"/handhaving/{case_a.pk}/eigenaar", {"owner": users_a[Role.EMPLOYEE].pk})
    case_a.refresh_from_db()
    assert case_a.owner == analyst
    assert "Kies een nieuwe eigenaar uit de lijst." in enforcer_client.get(f"/handhaving/{case_a.pk}").content.decode()
