"""E-mail notifications (Django's mail backends; console in the demo). Sent after the transaction commits and
without personal details: the message says that there is something to look at, the application shows what."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.dispatch import receiver

from veiliglokaal.workflow.services import state_changed

logger = logging.getLogger(__name__)


def _send(subject: str, body: str, recipients: list[str]) -> None:
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:  # a mail server that is down must not undo a registration that already committed
        logger.exception("GIR-notificatie niet verstuurd")


def new_incident(incident_id: int) -> None:
    """Tell the coordinators of the municipality and the managers of the department about a new incident."""
    from veiliglokaal.accounts.models import Membership

    from .models import Incident

    incident = Incident.objects.select_related("municipality").get(pk=incident_id)
    memberships = Membership.objects.active().filter(municipality_id=incident.municipality_id).select_related("user")
    recipients = [m.user.email for m in memberships.filter(role="coordinator")]
    if incident.department:
        recipients += [m.user.email for m in memberships.filter(role="manager", user__department=incident.department)]
    _send(f"Nieuwe melding agressie en geweld ({incident.reference})",
          f"Er is een nieuwe melding van agressie of geweld geregistreerd in {incident.municipality.name} "
          f"({incident.reference}). Log in bij Veilig Lokaal om de melding te bekijken en de nazorg te starten:\n"
          f"/meldingen/{incident.pk}\n", recipients)


@receiver(state_changed)
def aftercare_changed(sender, case, change, **kwargs):
    """The person affected hears when their aftercare moves on (not the details)."""
    from .models import Aftercare

    if sender is not Aftercare:
        return
    incident = case.incident
    victim = incident.victim_user
    if victim is None or not victim.email:
        return
    _send(f"Uw melding {incident.reference}: nazorg bijgewerkt",
          f"De nazorg bij uw melding {incident.reference} heeft nu de status: {case.state_label}.\n"
          f"/meldingen/{incident.pk}\n", [victim.email])
