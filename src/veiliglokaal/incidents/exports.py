"""Exports for the coordinator (CSV and XLSX) and the quarterly report (aggregates only).

An export holds the incidents the tenant sees (`for_tenant`), offender columns only with the offender scope. It is a
security-log event (`SecurityAction.EXPORT`) and every exported incident (and offender) lands in the processing log,
in the same transaction as the read. The files are written by `core.spreadsheets` (formula guard, BOM, `;`).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Count, F
from django.db.models.functions import TruncMonth
from django.utils import timezone

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.audit.models import SecurityAction
from veiliglokaal.audit.services import log_processing, log_security

from .models import Incident, Offender
from .services import OFFENDER_ACTIVITY, REGISTRATION, _subject

COLUMNS = [
    ("reference", "Kenmerk"), ("date", "Datum"), ("time", "Tijd"), ("location", "Plaats"),
    ("victim_role", "Functie getroffene"), ("types", "Soort"), ("channel", "Kanaal"), ("platform", "Platform"),
    ("victim", "Getroffene"), ("department", "Afdeling"), ("description", "Omschrijving"), ("injury", "Letsel"),
    ("absence_days", "Verzuim (dagen)"), ("damage_description", "Schade"), ("damage_amount", "Geschatte schade (euro)"),
    ("witnesses", "Getuigen"), ("aftercare", "Nazorg"), ("measures", "Maatregelen"), ("retain_until", "Bewaren tot"),
    ("anonymised", "Geanonimiseerd"),
]
OFFENDER_COLUMNS = [("offender_name", "Veroorzaker: naam"), ("offender_identifier", "Veroorzaker: kenmerk"),
                    ("offender_description", "Veroorzaker: signalement")]


def columns_for(tenant) -> list[tuple[str, str]]:
    return COLUMNS + (OFFENDER_COLUMNS if tenant.has_scope(Scope.INCIDENTS_OFFENDERS) else [])


def _incidents(tenant, year: int | None):
    incidents = (Incident.objects.for_tenant(tenant)
                 .select_related("location", "victim_role", "channel", "victim_user", "aftercare")
                 .prefetch_related("types", "measures").order_by("occurred_at", "pk"))
    if year:
        incidents = incidents.filter(occurred_at__year=year)
    return incidents


def rows(tenant, user, year: int | None = None, file_format: str = "csv") -> tuple[list[str], list[list]]:
    """Header and rows, with the security-log event and the processing-log records in one transaction."""
    columns = columns_for(tenant)
    with_offenders = tenant.has_scope(Scope.INCIDENTS_OFFENDERS)
    with transaction.atomic():
        incidents = list(_incidents(tenant, year))
        offenders = {}
        if with_offenders:
            offenders = {o.incident_id: o for o in Offender.objects.for_tenant(tenant)
                         .filter(incident_id__in=[i.pk for i in incidents])}
        out = []
        for incident in incidents:
            local = timezone.localtime(incident.occurred_at)
            aftercare = getattr(incident, "aftercare", None) if hasattr(incident, "aftercare") else None
            values = {
                "reference": incident.reference, "date": local.date(), "time": local.strftime("%H:%M"),
                "location": incident.location.label, "victim_role": incident.victim_role.label,
                "types": "; ".join(t.label for t in incident.types.all()), "channel": incident.channel.label,
                "platform": incident.platform, "victim": incident.victim_display, "department": incident.department,
                "description": incident.description, "injury": incident.get_injury_display(),
                "absence_days": incident.absence_days, "damage_description": incident.damage_description,
                "damage_amount": incident.damage_amount, "witnesses": incident.witnesses,
                "aftercare": aftercare.state_label if aftercare else "",
                "measures": "; ".join(f"{m.get_kind_display()}: {m.state_label}" for m in incident.measures.all()),
                "retain_until": incident.retain_until, "anonymised": "ja" if incident.anonymised_at else "nee",
            }
            log_processing(activity=REGISTRATION, name=f"melding geëxporteerd ({file_format})",
                           municipality_id=tenant.municipality_id, actor_id=user.pk, **_subject(incident))
            offender = offenders.get(incident.pk)
            if with_offenders:
                values.update(offender_name=offender.name if offender else "",
                              offender_identifier=offender.identifier if offender else "",
                              offender_description=offender.description if offender else "")
                if offender is not None:
                    log_processing(activity=OFFENDER_ACTIVITY, name=f"veroorzaker geëxporteerd ({file_format})",
                                   subject_type="veroorzaker", subject_id=offender.name_key or f"melding-{incident.pk}",
                                   context=f"melding:{incident.pk}", municipality_id=tenant.municipality_id,
                                   actor_id=user.pk)
            out.append([values[key] for key, _label in columns])
        log_security(SecurityAction.EXPORT, user=user, object_type=f"meldingen-{file_format}",
                     municipality_id=tenant.municipality_id,
                     detail={"rijen": len(out), "jaar": year, "veroorzakers": with_offenders})
    return [label for _key, label in columns], out


# ------------------------------------------------------------------------------------------------ quarterly report

def parse_quarter(value: str | None, today: datetime.date | None = None) -> tuple[int, int]:
    """'2026-3' or '2026-K3' → (2026, 3); default: the last complete quarter."""
    today = today or timezone.localdate()
    if value:
        text = value.upper().replace("K", "").replace("Q", "")
        year, _sep, quarter = text.partition("-")
        if year.isdigit() and quarter.isdigit() and 2000 <= int(year) <= 2100 and 1 <= int(quarter) <= 4:
            return int(year), int(quarter)
    current = (today.month - 1) // 3 + 1
    return (today.year - 1, 4) if current == 1 else (today.year, current - 1)


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime(year, 3 * (quarter - 1) + 1, 1)
    end = datetime.datetime(year + 1, 1, 1) if quarter == 4 else datetime.datetime(year, 3 * quarter + 1, 1)
    tz = timezone.get_current_timezone()
    return timezone.make_aware(start, tz), timezone.make_aware(end, tz)


def quarter_report(tenant, year: int, quarter: int) -> dict:
    """Counts by type, victim role, location, channel and month for one quarter, and the previous quarter's total.
    Aggregates only: no free text, no names, no single incidents."""
    start, end = quarter_bounds(year, quarter)
    incidents = Incident.objects.for_tenant(tenant).filter(occurred_at__gte=start, occurred_at__lt=end)

    def by(field):
        return list(incidents.values(label=F(field)).annotate(count=Count("pk", distinct=True))
                    .order_by("-count", "label"))

    previous_year, previous_quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    p_start, p_end = quarter_bounds(previous_year, previous_quarter)
    months = list(incidents.annotate(month=TruncMonth("occurred_at")).values("month").annotate(count=Count("pk"))
                  .order_by("month"))
    return {
        "year": year, "quarter": quarter, "start": start, "end": end - datetime.timedelta(days=1),
        "total": incidents.count(),
        "previous": {"year": previous_year, "quarter": previous_quarter,
                     "total": Incident.objects.for_tenant(tenant).filter(occurred_at__gte=p_start,
                                                                         occurred_at__lt=p_end).count()},
        "sections": [
            ("type", "Soort incident", by("types__label")),
            ("victim_role", "Functie getroffene", by("victim_role__label")),
            ("location", "Plaats", by("location__label")),
            ("channel", "Kanaal", by("channel__label")),
        ],
        "months": months,
        "aftercare_started": incidents.filter(aftercare__isnull=False).count(),
        "police_reports": incidents.filter(measures__kind="police_report").distinct().count(),
    }
