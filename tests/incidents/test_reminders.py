"""Deadline reminders: once per deadline, only a link in the body; victims hear of measures that concern them."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.incidents import reminders, services
from veiliglokaal.incidents.models import Aftercare, Measure, ReminderSent

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(staff_a, report, tenant_of, municipality_a):
    coordinator, manager = staff_a[Role.COORDINATOR], staff_a[Role.MANAGER]
    incident = report(staff_a[Role.EMPLOYEE], description="Geheime beschrijving voor de mail")
    tenant = tenant_of(coordinator, municipality_a)
    aftercare = services.start_aftercare(tenant, coordinator, incident, manager)
    measure = services.add_measure(tenant, coordinator, incident, "conversation", coordinator)
    return incident, aftercare, measure


def test_due_and_overdue_reminded_once(cases, staff_a, capsys):
    incident, aftercare, measure = cases
    now = timezone.now()
    Aftercare.objects.filter(pk=aftercare.pk).update(deadline_at=now - datetime.timedelta(hours=1))
    Measure.objects.filter(pk=measure.pk).update(deadline_at=now + datetime.timedelta(hours=20))
    mail.outbox.clear()
    call_command("send_reminders")
    assert "2 verstuurd" in capsys.readouterr().out
    by_recipient = {m.to[0]: m for m in mail.outbox}
    overdue = by_recipient[staff_a[Role.MANAGER].email]
    soon = by_recipient[staff_a[Role.COORDINATOR].email]
    assert overdue.subject == f"Termijn verstreken: {incident.reference}"
    assert "binnen een dag" in soon.subject
    for message in mail.outbox:
        assert f"/meldingen/{incident.pk}" in message.body
        assert "Geheime beschrijving" not in message.body
        assert staff_a[Role.EMPLOYEE].first_name not in message.body
    assert ReminderSent.objects.filter(overdue=True).count() == 1 and ReminderSent.objects.count() == 2
    mail.outbox.clear()
    call_command("send_reminders")
    assert mail.outbox == [] and "2 al eerder verstuurd" in capsys.readouterr().out


def test_not_yet_due_and_new_deadline_gets_new_reminder(cases, tenant_of, municipality_a, staff_a):
    incident, aftercare, measure = cases
    now = timezone.now()
    Aftercare.objects.filter(pk=aftercare.pk).update(deadline_at=now + datetime.timedelta(days=3))
    Measure.objects.filter(pk=measure.pk).update(deadline_at=now + datetime.timedelta(days=3))
    mail.outbox.clear()
    assert reminders.send_reminders().sent == 0
    Aftercare.objects.filter(pk=aftercare.pk).update(deadline_at=now - datetime.timedelta(minutes=5))
    assert reminders.send_reminders().sent == 1
    aftercare.refresh_from_db()
    services.advance_aftercare(tenant_of(staff_a[Role.COORDINATOR], municipality_a), staff_a[Role.COORDINATOR],
                               aftercare, "contact_made", "gebeld")
    Aftercare.objects.filter(pk=aftercare.pk).update(deadline_at=now - datetime.timedelta(minutes=1))
    assert reminders.send_reminders().sent == 1  # the next step's deadline is a new deadline


def test_owner_without_address_is_retried_later(cases, staff_a):
    incident, aftercare, measure = cases
    manager = staff_a[Role.MANAGER]
    manager.email = ""
    manager.save()
    Aftercare.objects.filter(pk=aftercare.pk).update(deadline_at=timezone.now())
    result = reminders.send_reminders()
    assert result.without_address == 1 and not ReminderSent.objects.filter(case_kind="aftercare").exists()


def test_victim_hears_of_police_report_progress(staff_a, report, tenant_of, municipality_a, django_capture_on_commit_callbacks):
    employee, coordinator = staff_a[Role.EMPLOYEE], staff_a[Role.COORDINATOR]
    incident = report(employee)
    tenant = tenant_of(coordinator, municipality_a)
    measure = services.add_measure(tenant, coordinator, incident, "police_report", coordinator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.advance_measure(tenant, coordinator, measure, "file", "Aangifte gedaan op het bureau")
    to_victim = [m for m in mail.outbox if m.to == [employee.email]]
    assert len(to_victim) == 1 and "Aangifte gedaan" in to_victim[0].body
    assert "op het bureau" not in to_victim[0].body
