"""Deadline reminders for the owners of aftercare and measures, and status notifications to the person affected.

A reminder goes out when a step's deadline falls within a day or has passed, once per deadline: each sent reminder
is recorded (`ReminderSent`: case, state, deadline; no address). The e-mail carries no personal details beyond the
incident reference and a link; the application shows the rest after logging in. The sweep is the shared one
(`core.sweeps`); this module declares which cases, who and what.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.dispatch import receiver
from django.utils import formats, timezone

from veiliglokaal.core import sweeps
from veiliglokaal.core.sweeps import ReminderResult, ReminderSweep
from veiliglokaal.workflow.services import state_changed

from .models import Aftercare, Measure, ReminderSent
from .workflows import MeasureKind

logger = logging.getLogger(__name__)
WINDOW = datetime.timedelta(days=1)

# Measures the person affected hears about when their status changes (the others concern the offender only).
VICTIM_MEASURES = {MeasureKind.POLICE_REPORT, MeasureKind.RESTRICTION, MeasureKind.DAMAGE_RECOVERY}


def _kind(case) -> str:
    return "aftercare" if isinstance(case, Aftercare) else "measure"


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


class CaseReminders(ReminderSweep):
    """GIR's rules for the shared sweep: owners of aftercare and measures hear about their step's deadline."""

    window = WINDOW
    failure_log = "GIR-herinnering niet verstuurd"

    def due(self, limit):
        """Aftercare and measures whose deadline is within the window or past, over all municipalities."""
        open_cases = {"deadline_at__isnull": False, "deadline_at__lte": limit}
        return (list(Aftercare.objects.filter(**open_cases).select_related("owner"))
                + list(Measure.objects.filter(**open_cases).select_related("owner")))

    def already_sent(self, case):
        return ReminderSent.objects.filter(case_kind=_kind(case), case_id=case.pk, state=case.state,
                                           deadline_at=case.deadline_at).exists()

    def recipients(self, case):
        return [case.owner.email] if case.owner.email else []

    def message(self, case, overdue):
        return _message(_kind(case), case, overdue)

    def record(self, case, overdue):
        ReminderSent.objects.create(municipality_id=case.municipality_id, incident_id=case.incident_id,
                                    case_kind=_kind(case), case_id=case.pk, state=case.state,
                                    deadline_at=case.deadline_at, overdue=overdue)


def send_reminders(now=None, progress=None) -> ReminderResult:
    return sweeps.send_reminders(CaseReminders(), now, progress)


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
