"""Retention of GIR: incidents past their `retain_until` date are anonymised.

What goes: every free text (description, damage, witnesses, platform), every name and user link (victim, reporter),
health data (injury, absence), the department, the exact time (rounded to the first of the month), the offender row,
the attachments (files deleted from disk), aftercare and measures with their histories, the incident's visible
history and the sent-reminder records. What stays is the statistical skeleton used by the overviews and the national
aggregates: municipality, month, types, victim role (as its class) and location and channel — generalised further, or
the incident removed, until every combination of those occurs at least 5 times in the municipality's retained
incidents (`anonymity`, k-anonymity over the whole retained table).

The shared runner (`core.sweeps`) records, per municipality and batch, a deletion record (`RetentionRecord`: what,
when, under which rule, how many; no personal data) and, per incident, a processing-log entry in the same
transaction. Running it again changes nothing: anonymised incidents are skipped. Stale import uploads (older than `IMPORT_FILE_DAYS`) are deleted too.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from veiliglokaal.audit.services import shred_context
from veiliglokaal.core.sweeps import RetentionRule, run_retention

from . import anonymity
from .defaults import RETENTION_YEARS
from .models import (
    Aftercare, Attachment, Incident, IncidentEvent, IncidentImport, IncidentSettings, Measure, Offender,
    ReminderSent, RetentionRecord,
)

ACTIVITY = "incidents.registratie"
BATCH = 200
IMPORT_FILE_DAYS = 7
WHAT = ("meldingen agressie en geweld: omschrijving, schade, getuigen, platform, namen en gebruikerskoppelingen, "
        "letsel en verzuim, afdeling, exact tijdstip, veroorzaker, bijlagen (bestanden), nazorg, maatregelen, historie")


@dataclass
class RetentionResult:
    incidents: int = 0
    attachments: int = 0
    offenders: int = 0
    cases: int = 0
    generalised: int = 0
    removed: int = 0
    records: list = field(default_factory=list)
    import_files: int = 0


def due(today: datetime.date | None = None):
    """Incidents whose retention date has passed and that still carry personal data (all municipalities)."""
    today = today or timezone.localdate()
    return Incident.objects.filter(retain_until__lt=today, anonymised_at__isnull=True)


def rule_for(municipality_id: int) -> tuple[str, int]:
    years = (IncidentSettings.objects.filter(municipality_id=municipality_id)
             .values_list("retention_years", flat=True).first()) or RETENTION_YEARS
    return (f"GIR-bewaartermijn: {years} jaar na de datum van het incident (instelling van de gemeente; per melding "
            f"vastgelegd als 'bewaren tot'), daarna anonimiseren (AVG art. 5 lid 1 sub e)"), years


def _month_start(moment: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(moment)
    return local.replace(day=1, hour=12, minute=0, second=0, microsecond=0)


def _anonymise_one(incident: Incident, now) -> tuple[int, int, int]:
    """Anonymise one incident inside the runner's transaction. Returns what was deleted."""
    attachments = Attachment.objects.filter(incident=incident).delete()[1].get("incidents.Attachment", 0)
    offenders = Offender.objects.filter(incident=incident).delete()[1].get("incidents.Offender", 0)
    cases = (Aftercare.objects.filter(incident=incident).delete()[1].get("incidents.Aftercare", 0)
             + Measure.objects.filter(incident=incident).delete()[1].get("incidents.Measure", 0))
    ReminderSent.objects.filter(incident=incident).delete()
    IncidentEvent.objects.filter(incident=incident).purge_for_retention()  # the one deletion of history (AVG)
    month = _month_start(incident.occurred_at)
    Incident.objects.filter(pk=incident.pk).update(
        reported_by=None, victim_user=None, victim_name="", occurred_at=month, created_at=month, platform="",
        description="", injury="",  # "" = unknown, not "none" (that would claim there was no injury)
        absence_days=None, damage_description="", damage_amount=None, witnesses="",
        hide_description_from_manager=False, department="", anonymised_at=now,
    )
    IncidentEvent.objects.create(incident_id=incident.pk, actor=None,
                                 text="Melding geanonimiseerd: de bewaartermijn is verstreken")
    anonymity.generalise_role(incident)
    return attachments, offenders, cases


def _remove_incidents(ids: list[int]) -> None:
    """Remove anonymised incidents that k-anonymity cannot keep (their history goes with them)."""
    IncidentEvent.objects.filter(incident_id__in=ids).purge_for_retention()
    Incident.objects.filter(pk__in=ids).delete()


class IncidentRetention(RetentionRule):
    """GIR's rules for the shared runner: per municipality, in batches, anonymise each incident."""

    activity = ACTIVITY
    log_name = "melding geanonimiseerd (bewaartermijn verstreken)"
    batch_size = BATCH

    def groups(self, today):
        return sorted(set(due(today).values_list("municipality_id", flat=True)))

    def due(self, municipality_id, today):
        return due(today).filter(municipality_id=municipality_id)

    def subjects(self, municipality_id, incidents):
        return [{"subject_type": "gebruiker", "subject_id": i.victim_user_id, "context": f"melding:{i.pk}"}
                if i.victim_user_id else {"subject_type": "melding", "subject_id": i.pk, "context": f"melding:{i.pk}"}
                for i in incidents]

    def files(self, incidents):
        names = Attachment.objects.filter(incident__in=incidents).exclude(file="").values_list("file", flat=True)
        return Attachment._meta.get_field("file").storage, list(names)

    def apply(self, municipality_id, incidents, today):
        now = timezone.now()
        counts = {"attachments": 0, "offenders": 0, "cases": 0}
        for incident in incidents:
            attachments, offenders, cases = _anonymise_one(incident, now)
            # crypto-shredding: the log records about this incident keep their chain but point at nobody now
            shred_context(f"melding:{incident.pk}")
            counts = {"attachments": counts["attachments"] + attachments,
                      "offenders": counts["offenders"] + offenders, "cases": counts["cases"] + cases}
        # k-anonymity over all retained incidents of the municipality, in the same transaction
        return {**counts, **anonymity.enforce(municipality_id, remove=_remove_incidents)}

    def record(self, municipality_id, today, incidents, counts):
        rule, years = rule_for(municipality_id)
        return RetentionRecord.objects.create(
            municipality_id=municipality_id, rule=rule, retention_years=years, cutoff=today, what=WHAT,
            incidents=len(incidents), **counts)


def apply_retention(today: datetime.date | None = None, progress=None) -> RetentionResult:
    """Anonymise every incident past its retention date, municipality by municipality, in batches of `BATCH`
    (`core.sweeps.run_retention`: each batch one transaction with its deletion record, files deleted last)."""
    today = today or timezone.localdate()
    report = run_retention(IncidentRetention(), today, progress)
    return RetentionResult(
        incidents=report.rows, attachments=report.counts["attachments"], offenders=report.counts["offenders"],
        cases=report.counts["cases"], generalised=report.counts["generalised"], removed=report.counts["removed"],
        records=report.records,
        import_files=purge_import_files(timezone.now() - datetime.timedelta(days=IMPORT_FILE_DAYS)))


def purge_import_files(before) -> int:
    """Uploaded import files hold personal data; they are removed once imported or when left for a week."""
    purged = 0
    for upload in IncidentImport.objects.filter(created_at__lt=before).exclude(file=""):
        upload.file.delete(save=False)
        IncidentImport.objects.filter(pk=upload.pk).update(file="")
        purged += 1
    return purged
