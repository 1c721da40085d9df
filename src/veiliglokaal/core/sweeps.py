"""The scheduled sweeps every module shares: the deadline reminder sweep and the retention runner.

A module declares only its own rules — which rows are due, who hears about them, what happens to them — as a
`ReminderSweep` or a `RetentionRule`; `send_reminders` and `run_retention` do the rest the same way everywhere.

Reminders: the due items come from one query per kind; at most one reminder goes out per item and period (the
module's sent-record, guarded by a unique constraint, is written in the same transaction as the mail, so a failed
send leaves no record and is retried, and a concurrent run cannot send twice). The mail names only a reference and
a link: no personal data.

Retention: per group (a municipality, a protocol) and batch, in one transaction: the processing-log entries, the
module's action (delete or anonymise), the deletion record (counts, no personal data) and, last, the files. Files go
inside the transaction so that no file outlives a committed deletion; if anything fails before, rows and files stay
as they were and a rerun completes the work. Rows that were handled are no longer due: running again changes nothing.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from veiliglokaal.audit.services import log_processing

logger = logging.getLogger(__name__)
Progress = Callable[[int, int], None]


def _no_progress(done: int, total: int) -> None:
    pass


# ------------------------------------------------------------------------------------------------ reminders

@dataclass
class ReminderResult:
    sent: int = 0
    skipped: int = 0
    without_address: int = 0
    failed: int = 0


class ReminderSweep:
    """A module's reminder rules. `item` is whatever `due` yields; its `deadline_at` is the deadline."""

    window = datetime.timedelta(days=1)  # remind when the deadline falls within this window, or has passed
    failure_log = "Herinnering niet verstuurd"

    def due(self, limit: datetime.datetime) -> list:
        """Items whose deadline is at or before `limit`, in one query per kind."""
        raise NotImplementedError

    def already_sent(self, item) -> bool:
        raise NotImplementedError

    def recipients(self, item) -> list[str]:
        raise NotImplementedError

    def message(self, item, overdue: bool) -> tuple[str, str]:
        """(subject, body): a reference and a link only, never personal data."""
        raise NotImplementedError

    def record(self, item, overdue: bool) -> None:
        """Write the sent-record (unique per item, state and deadline)."""
        raise NotImplementedError


def send_reminders(sweep: ReminderSweep, now=None, progress: Progress | None = None,
                   result: ReminderResult | None = None) -> ReminderResult:
    now = now or timezone.now()
    progress = progress or _no_progress
    result = result if result is not None else ReminderResult()
    items = list(sweep.due(now + sweep.window))
    progress(0, len(items))
    for done, item in enumerate(items, start=1):
        _remind(sweep, item, now, result)
        progress(done, len(items))
    return result


def _remind(sweep: ReminderSweep, item, now, result: ReminderResult) -> None:
    if sweep.already_sent(item):
        result.skipped += 1
        return
    addresses = sweep.recipients(item)
    if not addresses:
        result.without_address += 1
        return
    overdue = item.deadline_at <= now
    subject, body = sweep.message(item, overdue)
    try:
        with transaction.atomic():  # the record and the mail: a failed send leaves no record (retried)
            sweep.record(item, overdue)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
        result.sent += 1
    except IntegrityError:  # a concurrent run sent it
        result.skipped += 1
    except Exception:
        logger.exception(sweep.failure_log)
        result.failed += 1


# ------------------------------------------------------------------------------------------------ retention

@dataclass
class RetentionReport:
    rows: int = 0
    counts: Counter = field(default_factory=Counter)
    records: list = field(default_factory=list)


class RetentionRule:
    """A module's retention rules. A group gets its own deletion record per batch; `batch_size=None` takes a whole
    group in one transaction."""

    activity: str = ""  # the processing activity of the log entries
    log_name: str = ""  # the name of each processing-log entry
    batch_size: int | None = None

    def groups(self, when) -> Iterable:
        """The groups with due rows (e.g. municipality ids)."""
        raise NotImplementedError

    def due(self, group, when):
        """A queryset of the group's rows past their retention that still need the action."""
        raise NotImplementedError

    def municipality_id(self, group) -> int:
        return group

    def fetch(self, queryset) -> list:
        """The rows of one batch as the rule wants them (default: model instances)."""
        return list(queryset)

    def subjects(self, group, rows) -> list[dict]:
        """The data subjects of the processing-log entries: `subject_type`, `subject_id` (default: one per row)."""
        return [{"subject_type": row._meta.model_name, "subject_id": row.pk} for row in rows]

    def files(self, rows) -> tuple[object, list[str]]:
        """(storage, file names) of the rows' files, deleted once the action is done."""
        return None, []

    def apply(self, group, rows, when) -> dict[str, int]:
        """The module's action on the rows (delete or anonymise); returns what it counted."""
        raise NotImplementedError

    def record(self, group, when, rows, counts: dict[str, int]):
        """The deletion record of this batch (counts, rule, cutoff; no personal data)."""
        raise NotImplementedError


def run_retention(rule: RetentionRule, when, progress: Progress | None = None) -> RetentionReport:
    progress = progress or _no_progress
    groups = list(rule.groups(when))
    total = sum(rule.due(group, when).count() for group in groups)
    report = RetentionReport()
    progress(0, total)
    for group in groups:
        while _one_batch(rule, group, when, report):
            progress(report.rows, total)
            if rule.batch_size is None:
                break
    return report


def _one_batch(rule: RetentionRule, group, when, report: RetentionReport) -> bool:
    with transaction.atomic():
        rows = rule.due(group, when).select_for_update().order_by("pk")
        rows = rule.fetch(rows[:rule.batch_size] if rule.batch_size else rows)
        if not rows:
            return False
        municipality_id = rule.municipality_id(group)
        for subject in rule.subjects(group, rows):
            log_processing(activity=rule.activity, name=rule.log_name, municipality_id=municipality_id,
                           actor_id=None, **subject)
        storage, names = rule.files(rows)
        counts = rule.apply(group, rows, when)
        record = rule.record(group, when, rows, counts)
        for name in names:  # last, inside the transaction: no file outlives a committed deletion
            if name and storage.exists(name):
                storage.delete(name)
    report.records.append(record)
    report.rows += len(rows)
    report.counts.update(counts)
    return True
