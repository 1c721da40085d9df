"""Retention of the meldpunt: closed reports older than `ONLINE_RETENTION_MONTHS` are deleted whole — URLs, evidence
(files removed from disk), chain of custody, notices, history, reminder records.

A GIR incident registered from a report is not touched: it has its own retention (GIR anonymises after its term).
Every run writes one deletion record (`RetentionRecord`) per municipality with counts only, and a processing-log
entry per report, in the same transaction as the deletion. Running it again finds nothing new: idempotent.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from veiliglokaal.audit.services import processing

from .models import ContentReport, Evidence, Notice, RetentionRecord
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


def apply_retention(now=None) -> RetentionResult:
    result = RetentionResult()
    limit = cutoff(now)
    municipalities = sorted(set(due(now).values_list("municipality_id", flat=True)))
    for municipality_id in municipalities:
        with transaction.atomic():
            reports = list(due(now).filter(municipality_id=municipality_id).select_for_update())
            files = list(Evidence.objects.filter(report__in=reports).values_list("file", flat=True))
            evidence = len(files)
            notices = Notice.objects.filter(report__in=reports).count()
            for report in reports:
                with processing(activity=REPORTS, name="melding online inhoud verwijderd (bewaartermijn)",
                                municipality_id=municipality_id, actor_id=None, **subject(report)):
                    pass
            # One SQL delete: URLs, evidence rows, custody, notices and history go with it (append-only models are
            # never deleted one by one; only whole reports leave, here).
            ContentReport.objects.filter(pk__in=[r.pk for r in reports]).delete()
            record = RetentionRecord.objects.create(municipality_id=municipality_id, rule=rule(), cutoff=limit,
                                                    reports=len(reports), evidence=evidence, notices=notices)
            transaction.on_commit(lambda names=files: _delete_files(names))
        result.reports += len(reports)
        result.evidence += evidence
        result.notices += notices
        result.records.append(record)
    return result


def _delete_files(names) -> None:
    from .models import _evidence_storage

    storage = _evidence_storage()
    for name in names:
        if name and storage.exists(name):
            storage.delete(name)
