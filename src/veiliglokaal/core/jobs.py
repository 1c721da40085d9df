"""One base for every long job (DESIGN "Long work shows progress", ADR 0008, ADR 0014 "Background jobs").

A job kind is a model that inherits `BackgroundJob` (status, progress with a phase, timestamps with a heartbeat,
a Dutch error summary and a row-level error report) plus a django-tasks task that runs it. The helpers below are
the only writers of the base fields:

- `enqueue_after_commit(job, task)` queues the task once the job row is committed (the worker must see it);
- `start`, `progress` (cheap: it writes at most every ~2% or every few seconds, and bumps the heartbeat),
  `succeed` and `fail` move the job through its declared states;
- `recover_stale_jobs` fails jobs whose worker died (no heartbeat for `JOB_STALE_AFTER_SECONDS`) and lets each
  kind clean up after itself (`cleanup_interrupted`: partial rows, `delete_raw_file`: the uploaded file). It runs
  when `db_worker` starts, from `manage.py recover_stale_jobs`, and for the one job a progress page shows.

A job that was failed by recovery while its worker was in fact still alive stops at its next `progress` or
`succeed`: both raise `JobInterrupted`, so a final write in a transaction rolls back.
"""

from __future__ import annotations

import datetime
import logging
import time

from django.apps import apps
from django.conf import settings
from django.db import OperationalError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

PROGRESS_STEPS = 50  # at most ~50 progress writes per job, whatever its size
HEARTBEAT_EVERY = 5.0  # seconds: a slow job still writes its heartbeat this often while it reports progress
INTERRUPTED = gettext_lazy("De verwerking is onderbroken (de achtergrondverwerker stopte). Er is niets half "
                           "opgeslagen; start de verwerking opnieuw.")


class JobStatus(models.TextChoices):
    """The declared states of every job. DRAFT: prepared but waiting for the user (e.g. a GIR import whose columns
    are not mapped yet); no worker and no recovery touches it."""

    DRAFT = "draft", gettext_lazy("Nog niet gestart")
    QUEUED = "queued", gettext_lazy("In de wachtrij")
    RUNNING = "running", gettext_lazy("Bezig")
    SUCCEEDED = "succeeded", gettext_lazy("Geslaagd")
    FAILED = "failed", gettext_lazy("Mislukt")


UNFINISHED = (JobStatus.QUEUED, JobStatus.RUNNING)


class JobInterrupted(Exception):
    """The job is no longer running (recovery failed it); stop without writing."""


class BackgroundJob(models.Model):
    """Abstract base of every long job. Kinds add their own fields and may override the hooks below."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=gettext_lazy("aangevraagd door"))
    status = models.CharField(gettext_lazy("status"), max_length=20, choices=JobStatus.choices,
                              default=JobStatus.QUEUED, db_index=True)
    phase = models.CharField(gettext_lazy("stap"), max_length=80, blank=True)
    done = models.PositiveIntegerField(gettext_lazy("verwerkt"), default=0)
    total = models.PositiveIntegerField(gettext_lazy("totaal"), default=0)
    created_at = models.DateTimeField(gettext_lazy("aangevraagd op"), auto_now_add=True)
    started_at = models.DateTimeField(gettext_lazy("gestart op"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(gettext_lazy("laatste teken van leven"), null=True, blank=True)
    finished_at = models.DateTimeField(gettext_lazy("afgerond op"), null=True, blank=True)
    error_summary = models.TextField(gettext_lazy("foutmelding"), blank=True)
    error_report = models.JSONField(gettext_lazy("foutenrapport"), default=list, blank=True,
                                    help_text=gettext_lazy("[{row, column, value, message}]"))

    # What `done` counts, shown as "12 van 40 <unit>" (each kind sets its own).
    progress_unit = gettext_lazy("verwerkt")
    # URL names (each taking the job's pk) for the progress fragment, the result page and the report as CSV.
    progress_url_name = ""
    page_url_name = ""
    report_csv_url_name = ""

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def is_active(self) -> bool:
        return self.status in UNFINISHED

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0

    # --- per-kind hooks for recovery ---------------------------------------------------------------------------

    def cleanup_interrupted(self) -> None:
        """Remove what a job that died half-way wrote (runs in the recovery's transaction). Default: nothing,
        for kinds that write all or nothing in one transaction."""

    def raw_file_fields(self) -> list:
        """File fields holding the uploaded raw file, deleted when the job is interrupted."""
        return []


# --- services ----------------------------------------------------------------------------------------------------

def _update(job: BackgroundJob, only_if=None, **fields) -> int:
    """Write fields to the row (and the instance); `only_if` restricts to those statuses. Returns rows updated."""
    rows = type(job).objects.filter(pk=job.pk)
    if only_if is not None:
        rows = rows.filter(status__in=only_if)
    updated = rows.update(**fields)
    if updated:
        for name, value in fields.items():
            setattr(job, name, value)
    return updated


def enqueue_after_commit(job: BackgroundJob, task) -> None:
    """Queue `task(job.pk)` once the current transaction commits, so the worker always finds the job row."""
    pk = job.pk
    transaction.on_commit(lambda: task.enqueue(pk))


def start(job: BackgroundJob, total: int = 0, phase: str = "") -> None:
    now = timezone.now()
    _update(job, status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, done=0, total=total, phase=phase[:80],
            finished_at=None, error_summary="", error_report=[])
    job._progress_at, job._progress_next = time.monotonic(), 0


def progress(job: BackgroundJob, done: int, total: int | None = None, phase: str | None = None) -> bool:
    """Record progress (and the heartbeat) when it has moved enough to be worth a write. Returns whether it wrote.

    Call it as often as you like: between writes it only compares numbers. Raises JobInterrupted when the job
    was failed by recovery meanwhile."""
    total = job.total if total is None else total
    phase = job.phase if phase is None else phase[:80]
    last = getattr(job, "_progress_at", None)
    due = (last is None or phase != job.phase or total != job.total or done >= total
           or done >= getattr(job, "_progress_next", 0) or time.monotonic() - last >= HEARTBEAT_EVERY)
    if not due:
        job.done = done
        return False
    if not _update(job, only_if=[JobStatus.RUNNING], done=done, total=total, phase=phase,
                   heartbeat_at=timezone.now()):
        raise JobInterrupted(job.pk)
    job._progress_at, job._progress_next = time.monotonic(), done + max(1, total // PROGRESS_STEPS)
    return True


def succeed(job: BackgroundJob, **fields) -> None:
    """Finish the job. Inside a transaction, JobInterrupted (the job was failed meanwhile) rolls the writes back."""
    if not _update(job, only_if=[JobStatus.RUNNING], status=JobStatus.SUCCEEDED, done=job.total, phase="",
                   finished_at=timezone.now(), heartbeat_at=timezone.now(), error_summary="", error_report=[],
                   **fields):
        raise JobInterrupted(job.pk)


def fail(job: BackgroundJob, message: str, report_rows=(), **fields) -> bool:
    """Fail the job with a Dutch summary and the row-level report ({row, column, value, message} per row).
    A job that has already finished (e.g. failed by recovery) keeps its outcome; returns whether it was failed."""
    return bool(_update(job, only_if=[JobStatus.DRAFT, *UNFINISHED], status=JobStatus.FAILED, phase="",
                        finished_at=timezone.now(), error_summary=str(message), error_report=list(report_rows),
                        **fields))


def report_row(message: str, row="", column: str = "", value="") -> dict:
    """One row of an error report in the shape every kind and the CSV download share."""
    return {"row": row, "column": column, "value": value, "message": str(message)}


# --- recovery of jobs whose worker died --------------------------------------------------------------------------

def job_models() -> list[type[BackgroundJob]]:
    return [model for model in apps.get_models() if issubclass(model, BackgroundJob)]


def _stale_cutoff(now=None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)


def _stale(model, cutoff):
    return model.objects.filter(status=JobStatus.RUNNING).filter(
        models.Q(heartbeat_at__lt=cutoff) | models.Q(heartbeat_at__isnull=True, created_at__lt=cutoff))


def _interrupt(model, pk, cutoff) -> bool:
    """Fail one stale job and clean up after it, in one transaction. A job whose row is locked by its own running
    transaction is alive: it is skipped (PostgreSQL; SQLite serialises writers anyway)."""
    with transaction.atomic():
        job = _stale(model, cutoff).select_for_update(skip_locked=True).filter(pk=pk).first()
        if job is None:
            return False
        job.cleanup_interrupted()
        files = [(field.storage, field.name) for field in job.raw_file_fields() if field]
        clear = {field.field.name: "" for field in job.raw_file_fields()}
        fail(job, INTERRUPTED, [report_row(INTERRUPTED)], **clear)
        for storage, name in files:
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    logger.warning("Background job %s %s was interrupted (no heartbeat since %s); failed and cleaned up",
                   model._meta.label, pk, job.heartbeat_at)
    return True


def recover_stale_jobs(now=None) -> list[tuple[str, int]]:
    """Fail and clean up every job of every kind whose worker stopped. Returns (model label, pk) of each."""
    cutoff = _stale_cutoff(now)
    recovered = []
    for model in job_models():
        for pk in _stale(model, cutoff).values_list("pk", flat=True):
            if _interrupt(model, pk, cutoff):
                recovered.append((model._meta.label, pk))
    return recovered


def recover_if_stale(job: BackgroundJob) -> None:
    """The cheap check of a progress page: only the job shown, and only a query when it looks stale."""
    cutoff = _stale_cutoff()
    if job.status != JobStatus.RUNNING or (job.heartbeat_at or job.created_at) >= cutoff:
        return
    try:
        if _interrupt(type(job), job.pk, cutoff):
            job.refresh_from_db()
    except OperationalError:  # SQLite busy with the job's own write: it is alive after all
        logger.info("Recovery of job %s skipped: database busy", job.pk)
