"""The declared workflow: received → assessed → notice sent → removed / disabled / refused → closed, deadlines,
user versus system transitions, reminders (idempotent) and retention with a deletion record."""

import datetime
import os

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import AppendOnlyError
from veiliglokaal.online import reminders, retention, services
from veiliglokaal.online.models import ContentReport, Evidence, ReminderSent, RetentionRecord
from veiliglokaal.online.workflows import CONTENT_REPORT, step_transitions
from veiliglokaal.workflow.calendar import add_working_days
from veiliglokaal.workflow.definitions import Actor, WorkflowError

from .conftest import ASSESSMENT, PNG, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def flow(make_report, staff_a, handler, tenant_of, municipality_a):
    tenant = tenant_of(handler, municipality_a)
    report = make_report(staff_a[Role.OFFICIAL], files=[upload("scherm.png", PNG)])
    return report, tenant


def _send(report, tenant, handler):
    services.assess(tenant, handler, report, ASSESSMENT)
    services.record_notice_sent(tenant, handler, report, "meldformulier")


def test_full_path_to_closed(flow, handler):
    report, tenant = flow
    created = report.state_entered_at
    assert report.deadline_at.date() == add_working_days(timezone.localdate(created), 1)
    _send(report, tenant, handler)
    assert report.deadline_at - report.state_entered_at == datetime.timedelta(days=7)
    services.advance(tenant, handler, report, "removed", "Platform meldt: bericht verwijderd.")
    services.advance(tenant, handler, report, "close", "Betrokkene geïnformeerd.")
    report.refresh_from_db()
    assert report.state == "closed" and report.deadline_at is None and report.closed_at is not None
    assert [h.to_state for h in report.history.all()] == ["received", "assessed", "notice_sent", "removed", "closed"]
    assert report.history.get(to_state="removed").reason == "Platform meldt: bericht verwijderd."
    with pytest.raises(AppendOnlyError):
        report.history.first().delete()


@pytest.mark.parametrize("outcome", ["removed", "disabled", "refused"])
def test_platform_outcomes(flow, handler, outcome):
    report, tenant = flow
    _send(report, tenant, handler)
    services.advance(tenant, handler, report, outcome, "Antwoord van het platform.")
    assert report.state == outcome


def test_refused_can_be_reassessed_and_sent_again(flow, handler):
    report, tenant = flow
    _send(report, tenant, handler)
    services.advance(tenant, handler, report, "refused", "Platform ziet geen overtreding.")
    services.advance(tenant, handler, report, "reassess", "Andere grond: doxing.")
    services.record_notice_sent(tenant, handler, report, "opnieuw, meldformulier")
    assert report.state == "notice_sent" and report.notices.count() == 2


def test_rules_of_the_workflow(flow, handler, staff_a, tenant_of, municipality_a):
    report, tenant = flow
    with pytest.raises(WorkflowError):  # a step from the wrong state
        services.advance(tenant, handler, report, "removed", "x")
    with pytest.raises(WorkflowError):  # the system transition is not a user's
        services.advance(tenant, handler, report, "no_answer")
    with pytest.raises(WorkflowError):  # a reason is required
        services.advance(tenant, handler, report, "close_without_notice", " ")
    with pytest.raises(WorkflowError):  # the notice has its own service (which stores it)
        services.advance(tenant, handler, report, "send_notice")
    official = staff_a[Role.OFFICIAL]
    with pytest.raises(PermissionError):
        services.advance(tenant_of(official, municipality_a), official, report, "close_without_notice", "x")
    assert [t.name for t in step_transitions("received", tenant.scopes)] == ["close_without_notice"]
    assert step_transitions("received", tenant_of(official, municipality_a).scopes) == []
    assert [t.name for t in CONTENT_REPORT.available("notice_sent", Actor.SYSTEM)] == ["no_answer"]


def test_assessment_must_be_substantiated(flow, handler):
    report, tenant = flow
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.assess(tenant, handler, report, "Bedreiging.")
    assert ContentReport.objects.get(pk=report.pk).state == "received"


def test_reminders_once_per_deadline_and_no_answer_by_the_system(flow, handler, staff_a):
    report, tenant = flow
    later = report.deadline_at + datetime.timedelta(hours=1)
    result = reminders.send_reminders(now=later)
    assert result.sent == 1 and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == f"Termijn verstreken: {report.reference}"
    # Handlers of the municipality (analyst and coordinator), not the reporter; no personal details in the mail.
    assert message.to == sorted([staff_a[Role.ANALYST].email, staff_a[Role.COORDINATOR].email])
    assert "burgemeester" not in message.body and "x.com" not in message.body
    assert reminders.send_reminders(now=later).skipped == 1 and len(mail.outbox) == 1  # idempotent

    _send(report, tenant, handler)
    after_platform_term = report.deadline_at + datetime.timedelta(minutes=1)
    result = reminders.send_reminders(now=after_platform_term)
    report.refresh_from_db()
    assert result.no_answer == 1 and report.state == "no_answer"
    change = report.history.last()
    assert change.actor_kind == "system" and change.actor_id is None
    assert reminders.send_reminders(now=after_platform_term).no_answer == 0  # idempotent
    services.advance(tenant, handler, report, "disabled", "Na herinnering toch ontoegankelijk gemaakt.")
    assert report.state == "disabled"


def test_reminder_command(flow, capsys):
    report, _ = flow
    ContentReport.objects.filter(pk=report.pk).update(deadline_at=timezone.now() - datetime.timedelta(hours=1))
    call_command("send_online_reminders")
    call_command("send_online_reminders")
    assert ReminderSent.objects.filter(report=report).count() == 1
    assert "1 al eerder verstuurd" in capsys.readouterr().out


def test_retention_deletes_closed_reports_with_a_record(flow, handler, settings, municipality_a,
                                                        django_capture_on_commit_callbacks):
    report, tenant = flow
    services.advance(tenant, handler, report, "close_without_notice", "Geen onrechtmatige inhoud.")
    path = report.evidence.get().file.path
    assert retention.apply_retention().reports == 0  # not yet past the term
    later = timezone.now() + datetime.timedelta(days=31 * (settings.ONLINE_RETENTION_MONTHS + 1))
    with pytest.raises(AppendOnlyError):  # evidence never leaves on its own
        Evidence.objects.get().delete()
    with django_capture_on_commit_callbacks(execute=True):  # files go after the deletion commits
        result = retention.apply_retention(now=later)
    assert result.reports == 1 and result.evidence == 1 and result.notices == 0
    assert not ContentReport.objects.exists() and not Evidence.objects.exists()
    assert not os.path.exists(path)
    record = RetentionRecord.objects.get()
    assert record.municipality == municipality_a and record.reports == 1 and "24 maanden" in record.rule
    assert retention.apply_retention(now=later).reports == 0  # idempotent


def test_notifications_new_report_and_platform_answer(make_report, staff_a, handler, tenant_of, municipality_a,
                                                      django_capture_on_commit_callbacks):
    official, employee = staff_a[Role.OFFICIAL], staff_a[Role.EMPLOYEE]
    with django_capture_on_commit_callbacks(execute=True):
        report = make_report(employee, target_user=official)
    assert mail.outbox[0].subject == f"Nieuwe melding online inhoud ({report.reference})"
    assert mail.outbox[0].to == sorted([staff_a[Role.ANALYST].email, staff_a[Role.COORDINATOR].email])
    tenant = tenant_of(handler, municipality_a)
    with django_capture_on_commit_callbacks(execute=True):
        _send(report, tenant, handler)
    assert len(mail.outbox) == 1  # assessing and sending the notice are the handlers' own steps
    with django_capture_on_commit_callbacks(execute=True):
        services.advance(tenant, handler, report, "refused", "Platform ziet geen overtreding.")
    message = mail.outbox[-1]
    assert message.to == sorted([employee.email, official.email])
    assert "Geweigerd door het platform" in message.body and "burgemeester" not in message.body
