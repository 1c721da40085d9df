"""E-mail notifications of the meldpunt (after commit, without personal details: a reference and a link).

- A new report: the handlers of the municipality (analysts and coordinators), who assess within a working day.
- The platform's answer and closing: the reporter and the targeted person (when they are users).
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.dispatch import receiver

from veiliglokaal.workflow.services import state_changed

from .workflows import CLOSED, OUTCOME_STATES

logger = logging.getLogger(__name__)


def _send(subject: str, body: str, recipients) -> None:
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:  # a mail server that is down must not undo a report that already committed
        logger.exception("Notificatie meldpunt online inhoud niet verstuurd")


def new_report(report_id: int) -> None:
    from .models import ContentReport
    from .reminders import handler_addresses

    report = ContentReport.objects.get(pk=report_id)
    _send(f"Nieuwe melding online inhoud ({report.reference})",
          f"Er is een nieuwe melding van schadelijke online inhoud ({report.reference}). Beoordeel haar binnen de "
          f"termijn:\n/online-meldingen/{report.pk}\n", handler_addresses(report.municipality_id))


@receiver(state_changed)
def report_changed(sender, case, change, **kwargs):
    """The reporter and the targeted person hear about the platform's answer and the closing (not the details)."""
    from .models import ContentReport

    if sender is not ContentReport or change.to_state not in (*OUTCOME_STATES, CLOSED):
        return
    people = [case.reported_by, case.target_user]
    _send(f"Uw melding {case.reference}: {case.state_label.lower()}",
          f"Uw melding van online inhoud {case.reference} heeft nu de status: {case.state_label}.\n"
          f"/online-meldingen/{case.pk}\n", [person.email for person in people if person is not None])
