"""Retention of the meldpunt: closed reports older than `ONLINE_RETENTION_MONTHS` are deleted whole — URLs, evidence
(files removed from disk), chain of custody, notices, history, reminder records.

A GIR incident registered from a report is not touched: it has its own retention (GIR anonymises after its term).
The shared runner (`core.sweeps`) writes one deletion record (`RetentionRecord`) per municipality with counts only,
and a processing-log entry per report, in the same transaction as the deletion. Running it again finds nothing new: idempotent.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from veiliglokaal.audit.services import shred_context
from veiliglokaal.core.sweeps import RetentionRule, run_retention

from .models import ContentReport, Evidence, Notice, RetentionRecord, _evidence_storage
from .services import REPORTS, subject
from .workflows import CLOSED


@dataclass
class RetentionResult:
    reports: int = 0
    evidence: int = 0
    notices: int = 0
    records: list = field(default_factory=list)


def cutoff(now=None) -> datetime.datetime:
    now = now or timezone.now()
    months = settings.ONLINE_RETENTION_MONTHS
    return now - datetime.timedelta(days=round(months * 365.25 / 12))


def rule() -> str:
    return (f"Meldpunt online inhoud: {settings.ONLINE_RETENTION_MONTHS} maanden na afsluiten verwijderen "
            f"(instelling ONLINE_RETENTION_MONTHS; AVG art. 5 lid 1 sub e)")


def due(now=None):
    return ContentReport.objects.filter(state=CLOSED, closed_at__lt=cutoff(now))


class OnlineRetention(RetentionRule):
    """The meldpunt's rules for the shared runner: per municipality, closed reports past the term go whole."""

    activity = REPORTS
    log_name = "melding online inhoud verwijderd (bewaartermijn)"

    def groups(self, now):
        return sorted(set(due(now).values_list("municipality_id", flat=True)))

    def due(self, municipality_id, now):
        return due(now).filter(municipality_id=municipality_id)

    def subjects(self, municipality_id, reports):
        return [subject(report) for report in reports]

    def files(self, reports):
        return _evidence_storage(), list(Evidence.objects.filter(report__in=reports).values_list("file", flat=True))

    def apply(self, municipality_id, reports, now):
        counts = {"evidence": Evidence.objects.filter(report__in=reports).count(),
                  "notices": Notice.objects.filter(report__in=reports).count()}
        # One SQL delete: URLs, evidence rows, custody, notices and history go with it (append-only models are
        # never deleted one by one; only whole reports leave, here).
        ContentReport.objects.filter(pk__in=[r.pk for r in reports]).delete()
        for report in reports:  # crypto-shredding of the processing log's links to the people in these reports
            shred_context(f"melding-online:{report.pk}")
        return counts

    def record(self, municipality_id, now, reports, counts):
        return RetentionRecord.objects.create(municipality_id=municipality_id, rule=rule(), cutoff=cutoff(now),
                                              reports=len(reports), **counts)


def apply_retention(now=None) -> RetentionResult:
    report = run_retention(OnlineRetention(), now or timezone.now())
    return RetentionResult(reports=report.rows, evidence=report.counts["evidence"],
                           notices=report.counts["notices"], records=report.records)
