"""A small, clearly labelled synthetic GIR history for the demo municipality (demo mode only).

Every description starts with "[DEMO]"; every person is one of the synthetic demo users or an invented name.
Incidents are registered through the services (so the processing log and history are real); only the demo moves
some deadlines into the past afterwards, to show an overdue worklist on first start.
"""

import datetime
import random

from django.conf import settings
from django.utils import timezone

from veiliglokaal.accounts.models import User
from veiliglokaal.accounts.selectors import tenant_for
from veiliglokaal.core.models import Municipality

from veiliglokaal.incidents import services
from veiliglokaal.incidents.models import Aftercare, Incident, Measure

DEMO_MARK = "[DEMO]"
STORIES = [
    ("balie", "baliemedewerker", ["verbaal-geweld"], "face-to-face", "Klant werd boos over de wachttijd en schold."),
    ("balie", "baliemedewerker", ["verbaal-geweld", "bedreiging"], "face-to-face",
     "Bezoeker dreigde 'terug te komen' na afwijzing van een aanvraag."),
    ("telefoon", "sociaal-domein", ["bedreiging"], "telefoon", "Beller dreigde de consulent iets aan te doen."),
    ("buitendienst", "handhaver", ["fysiek-geweld"], "face-to-face", "Handhaver werd geduwd bij een controle."),
    ("buitendienst", "handhaver", ["verbaal-geweld", "discriminatie"], "face-to-face",
     "Discriminerende opmerkingen tijdens een parkeercontrole."),
    ("sociale-media", "wethouder", ["overige-intimidatie"], "sociale-media",
     "Herhaalde berichten met het privéadres van de wethouder (doxing)."),
    ("e-mail", "raadslid", ["bedreiging"], "e-mail", "Dreigmail na een raadsbesluit."),
    ("raadsvergadering", "burgemeester", ["verbaal-geweld"], "face-to-face", "Scheldpartij op de publieke tribune."),
    ("balie", "baliemedewerker", ["vernieling"], "face-to-face", "Bezoeker gooide een stoel tegen de balie."),
    ("thuis", "raadslid", ["overige-intimidatie"], "brief", "Anonieme brief bij het raadslid thuis bezorgd."),
]
REPORTERS = ["demo-medewerker", "demo-handhaver", "demo-bestuurder", "demo-leidinggevende"]
OFFENDERS = ["Karel Voorbeeld", "Onbekende man", "Karel Voorbeeld", "", "", "S. Fictief", ""]


def load_incident_demo(municipality_code: str = "GM0233", count: int = 36) -> int:
    """Create the synthetic history once (again only after it was removed). Returns the number created."""
    if not settings.DEMO_MODE:
        raise RuntimeError("Demodata alleen in demomodus.")
    municipality = Municipality.objects.get(code=municipality_code)
    if Incident.objects.filter(municipality=municipality, description__startswith=DEMO_MARK).exists():
        return 0
    users = {u.username: u for u in User.objects.filter(username__in=[*REPORTERS, "demo-coordinator"])}
    coordinator = users["demo-coordinator"]
    coordinator_tenant = tenant_for(coordinator, municipality.pk)
    rng = random.Random(233)
    now = timezone.now()
    created = 0
    for i in range(count):
        location, role, types, channel, text = STORIES[i % len(STORIES)]
        reporter = users[REPORTERS[i % len(REPORTERS)]]
        occurred_at = now - datetime.timedelta(days=rng.randint(1, 360), hours=rng.randint(0, 8))
        own = role in ("baliemedewerker", "handhaver", "sociaal-domein") and reporter.username != "demo-leidinggevende"
        data = {
            "occurred_at": occurred_at, "location": location, "victim_role": role, "types": types, "channel": channel,
            "platform": {"sociale-media": "X", "e-mail": "e-mail aan griffie"}.get(channel, ""),
            "description": f"{DEMO_MARK} {text}", "injury": "minor" if "fysiek-geweld" in types else "none",
            "absence_days": 1 if "fysiek-geweld" in types else None, "witnesses": "",
            "hide_description_from_manager": i % 9 == 4, "department": reporter.department,
            "victim_user": reporter if own else None,
            "victim_name": "" if own else f"{DEMO_MARK} {role.title()} Voorbeeld",
        }
        offender_name = OFFENDERS[i % len(OFFENDERS)]
        incident = services.create_incident(
            tenant_for(reporter, municipality.pk), reporter, data,
            offender=services.OffenderInput(name=offender_name) if offender_name else None)
        created += 1
        if i % 4 == 3:
            continue  # some reports still wait for aftercare
        aftercare = services.start_aftercare(coordinator_tenant, coordinator, incident, coordinator)
        if occurred_at < now - datetime.timedelta(days=30):
            for step, reason in [("contact_made", "Gebeld met de getroffene."), ("follow_up_done", "Vervolggesprek."),
                                 ("close", "Afgerond; geen verdere nazorg nodig.")]:
                services.advance_aftercare(coordinator_tenant, coordinator, aftercare, step, reason)
        elif i % 3 == 0:
            # Demo only: a first contact that was missed, so the worklist shows something on first start.
            Aftercare.objects.filter(pk=aftercare.pk).update(deadline_at=now - datetime.timedelta(days=2))
        if "bedreiging" in types or "fysiek-geweld" in types:
            measure = services.add_measure(coordinator_tenant, coordinator, incident, "police_report", coordinator)
            if occurred_at < now - datetime.timedelta(days=30):
                services.advance_measure(coordinator_tenant, coordinator, measure, "file", "Aangifte gedaan.")
            else:
                Measure.objects.filter(pk=measure.pk).update(deadline_at=now - datetime.timedelta(days=1))
    return created
