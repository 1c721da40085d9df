"""Deadline reminders for the meldpunt's handlers, and the one system step ("no answer from the platform").

Run by `send_online_reminders` (scheduled, e.g. hourly). Idempotent: a report whose platform term has passed moves to
"no answer" once (the workflow refuses a second time); a reminder goes out once per report, state and deadline
(`ReminderSent`). The e-mail carries only the report's reference and a link, no personal details. The sweep is the
shared one (`core.sweeps`); this module declares which reports, who and what.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import formats, timezone

from veiliglokaal.accounts.models import Membership
from veiliglokaal.accounts.scopes import ROLE_SCOPES, Scope
from veiliglokaal.audit.services import processing
from veiliglokaal.core import sweeps
from veiliglokaal.core.sweeps import ReminderResult, ReminderSweep
from veiliglokaal.workflow import services as workflow
from veiliglokaal.workflow.definitions import Actor

from .models import ContentReport, ReminderSent, ReportChange, ReportEvent
from .services import REPORTS, subject
from .workflows import CLOSED, NOTICE_SENT

WINDOW = datetime.timedelta(days=1)
HANDLER_ROLES = sorted(role for role, scopes in ROLE_SCOPES.items() if Scope.ONLINE_HANDLE in scopes)


@dataclass
class OnlineReminderResult(ReminderResult):
    no_answer: int = 0


def mark_no_answer(now) -> int:
    """Reports whose platform term has passed move to "no answer" (a system transition, in the history)."""
    moved = 0
    for report in ContentReport.objects.filter(state=NOTICE_SENT, deadline_at__lt=now):
        with processing(activity=REPORTS, name="termijn platform verstreken", municipality_id=report.municipality_id,
                        actor_id=None, **subject(report)):
            workflow.apply(report, ReportChange, "no_answer", actor=Actor.SYSTEM)
            ReportEvent.objects.create(report=report, actor=None, text=f"Automatisch: {report.state_label}")
        moved += 1
    return moved


def handler_addresses(municipality_id: int) -> list[str]:
    memberships = Membership.objects.active().filter(municipality_id=municipality_id, role__in=HANDLER_ROLES)
    return sorted({m.user.email for m in memberships.select_related("user") if m.user.email})


def _message(report, overdue: bool) -> tuple[str, str]:
    deadline = formats.date_format(timezone.localtime(report.deadline_at), "j F Y H:i")
    if overdue:
        subject_line = f"Termijn verstreken: {report.reference}"
        first = f"De termijn van melding {report.reference} (meldpunt online inhoud) is verstreken ({deadline})."
    else:
        subject_line = f"Herinnering: termijn verloopt binnen een dag ({report.reference})"
        first = f"De termijn van melding {report.reference} (meldpunt online inhoud) verloopt op {deadline}."
    body = (f"{first}\nStatus: {report.state_label}.\n\nLog in bij Veilig Lokaal om de melding te behandelen:\n"
            f"/online-meldingen/{report.pk}\n")
    return subject_line, body


class ReportReminders(ReminderSweep):
    """The meldpunt's rules for the shared sweep: the municipality's handlers hear about open reports' deadlines."""

    window = WINDOW
    failure_log = "Herinnering meldpunt online inhoud niet verstuurd"

    def due(self, limit):
        return (ContentReport.objects.exclude(state=CLOSED)
                .filter(deadline_at__isnull=False, deadline_at__lte=limit).order_by("deadline_at"))

    def already_sent(self, report):
        return ReminderSent.objects.filter(report=report, state=report.state, deadline_at=report.deadline_at).exists()

    def recipients(self, report):
        return handler_addresses(report.municipality_id)

    def message(self, report, overdue):
        return _message(report, overdue)

    def record(self, report, overdue):
        ReminderSent.objects.create(municipality_id=report.municipality_id, report=report, state=report.state,
                                    deadline_at=report.deadline_at, overdue=overdue)


def send_reminders(now=None) -> OnlineReminderResult:
    now = now or timezone.now()
    result = OnlineReminderResult(no_answer=mark_no_answer(now))
    return sweeps.send_reminders(ReportReminders(), now, result=result)
