"""Deadline reminders for the meldpunt's handlers, and the one system step ("no answer from the platform").

Run by `send_online_reminders` (scheduled, e.g. hourly). Idempotent: a report whose platform term has passed moves to
"no answer" once (the workflow refuses a second time); a reminder goes out once per report, state and deadline
(`ReminderSent`). The e-mail carries only the report's reference and a link, no personal details.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import formats, timezone

from veiliglokaal.accounts.models import Membership
from veiliglokaal.accounts.scopes import ROLE_SCOPES, Scope
from veiliglokaal.audit.services import processing
from veiliglokaal.workflow import services as workflow
from veiliglokaal.workflow.definitions import Actor

from .models import ContentReport, ReminderSent, ReportChange, ReportEvent
from .services import REPORTS, subject
from .workflows import CLOSED, NOTICE_SENT

logger = logging.getLogger(__name__)
WINDOW = datetime.timedelta(days=1)
HANDLER_ROLES = sorted(role for role, scopes in ROLE_SCOPES.items() if Scope.ONLINE_HANDLE in scopes)


@dataclass
class ReminderResult:
    no_answer: int = 0
    sent: int = 0
    skipped: int = 0
    without_address: int = 0
    failed: int = 0


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


def send_reminders(now=None) -> ReminderResult:
    now = now or timezone.now()
    result = ReminderResult(no_answer=mark_no_answer(now))
    due = (ContentReport.objects.exclude(state=CLOSED)
           .filter(deadline_at__isnull=False, deadline_at__lte=now + WINDOW).order_by("deadline_at"))
    for report in due:
        if ReminderSent.objects.filter(report=report, state=report.state, deadline_at=report.deadline_at).exists():
            result.skipped += 1
            continue
        addresses = handler_addresses(report.municipality_id)
        if not addresses:
            result.without_address += 1
            continue
        overdue = report.deadline_at <= now
        subject_line, body = _message(report, overdue)
        try:
            with transaction.atomic():  # the record and the mail: a failed send leaves no record (retried)
                ReminderSent.objects.create(municipality_id=report.municipality_id, report=report, state=report.state,
                                            deadline_at=report.deadline_at, overdue=overdue)
                send_mail(subject_line, body, settings.DEFAULT_FROM_EMAIL, addresses)
            result.sent += 1
        except IntegrityError:  # a concurrent run sent it
            result.skipped += 1
        except Exception:
            logger.exception("Herinnering meldpunt online inhoud niet verstuurd")
            result.failed += 1
    return result
