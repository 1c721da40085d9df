"""Deadline reminders for the owners of aftercare and measures, and status notifications to the person affected.

A reminder goes out when a step's deadline falls within a day or has passed, once per deadline: each sent reminder
is recorded (`ReminderSent`: case, state, deadline; no address). The e-mail carries no personal details beyond the
incident reference and a link; the application shows the rest after logging in.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.utils import formats, timezone

from veiliglokaal.workflow.services import state_changed

from .models import Aftercare, Measure, ReminderSent
from .workflows import MeasureKind

logger = logging.getLogger(__name__)
WINDOW = datetime.timedelta(days=1)

# Measures the person affected hears about when their status changes (the others concern the offender only).
VICTIM_MEASURES = {MeasureKind.POLICE_REPORT, MeasureKind.RESTRICTION, MeasureKind.DAMAGE_RECOVERY}


@dataclass
class ReminderResult:
    sent: int = 0
    skipped: int = 0
    without_address: int = 0
    failed: int = 0


def due_cases(now=None):
    """Open aftercare and measures whose deadline is within `WINDOW` or past, over all municipalities."""
    now = now or timezone.now()
    limit = now + WINDOW
    aftercare = Aftercare.objects.filter(deadline_at__isnull=False, deadline_at__lte=limit).select_related("owner")
    measures = Measure.objects.filter(deadline_at__isnull=False, deadline_at__lte=limit).select_related("owner")
    return [("aftercare", case) for case in aftercare] + [("measure", case) for case in measures]


def _message(kind: str, case, overdue: bool) -> tuple[str, str]:
    reference = f"GIR-{case.incident_id:06d}"
    what = "de nazorg" if kind == "aftercare" else f"de maatregel '{case.get_kind_display()}'"
    deadline = formats.date_format(timezone.localtime(case.deadline_at), "j F Y H:i")
    if overdue:
        subject = f"Termijn verstreken: {reference}"
        first = f"De termijn van de huidige stap van {what} bij melding {reference} is verstreken ({deadline})."
    else:
        subject = f"Herinnering: termijn verloopt binnen een dag ({reference})"
        first = f"De termijn van de huidige stap van {what} bij melding {reference} verloopt op {deadline}."
    body = (f"{first}\nStap: {case.state_label}.\n\nLog in bij Veilig Lokaal om de stap af te ronden:\n"
            f"/meldingen/{case.incident_id}\n")
    return subject, body


def send_reminders(now=None, progress=None) -> ReminderResult:
    now = now or timezone.now()
    progress = progress or (lambda done, total: None)
    result = ReminderResult()
    cases = due_cases(now)
    progress(0, len(cases))
    for done, (kind, case) in enumerate(cases, start=1):
        address = case.owner.email
        already = ReminderSent.objects.filter(case_kind=kind, case_id=case.pk, state=case.state,
                                              deadline_at=case.deadline_at).exists()
        if already:
            result.skipped += 1
        elif not address:
            result.without_address += 1
        else:
            overdue = case.deadline_at <= now
            subject, body = _message(kind, case, overdue)
            try:
                with transaction.atomic():  # the record and the mail: a failed send leaves no record (retried)
                    ReminderSent.objects.create(municipality_id=case.municipality_id, incident_id=case.incident_id,
                                                case_kind=kind, case_id=case.pk, state=case.state,
                                                deadline_at=case.deadline_at, overdue=overdue)
                    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
                result.sent += 1
            except IntegrityError:  # a concurrent run sent it
                result.skipped += 1
            except Exception:
                logger.exception("GIR-herinnering niet verstuurd")
                result.failed += 1
        progress(done, len(cases))
    return result


@receiver(state_changed)
def measure_changed(sender, case, change, **kwargs):
    """The person affected hears when an aangifte, restriction or damage claim for their incident moves on."""
    if sender is not Measure or case.kind not in VICTIM_MEASURES or change.from_state == "":
        return
    victim = case.incident.victim_user
    if victim is None or not victim.email:
        return
    reference = case.incident.reference
    try:
        send_mail(f"Uw melding {reference}: maatregel bijgewerkt",
                  f"Bij uw melding {reference} heeft de maatregel '{case.get_kind_display()}' nu de status: "
                  f"{case.state_label}.\n/meldingen/{case.incident_id}\n",
                  settings.DEFAULT_FROM_EMAIL, [victim.email])
    except Exception:
        logger.exception("GIR-notificatie niet verstuurd")
