"""The views every job kind shares: its progress fragment (polled by htmx) and its error report as CSV.

Each module wires them into its own urls with its own scope: `scope_required(Scope.X)(JobProgressView.as_view(
model=SourceImport))`. The job is looked up through `for_tenant`, so another municipality's job is a 404; showing a
job runs the cheap stale check (`jobs.recover_if_stale`), so a page never polls a dead job forever.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.views import View

from veiliglokaal.audit.models import SecurityAction
from veiliglokaal.audit.services import log_security

from . import jobs
from .spreadsheets import csv_bytes, csv_response

REPORT_HEADER = ["regel", "kolom", "waarde", "melding"]


def _report_rows(rows):
    return ([row.get(key) or "" for key in ("row", "column", "value", "message")] for row in rows)


def report_csv(rows) -> bytes:
    """The row-level error report in the platform's CSV format (core.spreadsheets: BOM, `;`, formula guard)."""
    return csv_bytes(REPORT_HEADER, _report_rows(rows))


def get_job(request, model, pk: int):
    """The tenant's job or 404, checked for a dead worker on the way."""
    job = get_object_or_404(model.objects.for_tenant(request.tenant), pk=pk)
    jobs.recover_if_stale(job)
    return job


def progress_response(request, job, template: str = "core/_job_progress.html", **context):
    """The fragment. While unfinished it asks to be polled again; once finished a poll reloads the whole page."""
    response = render(request, template, {"job": job, **context})
    if job.is_finished and request.headers.get("HX-Request") and request.GET.get("polling"):
        response["HX-Refresh"] = "true"
    return response


class JobProgressView(View):
    model = None

    def get(self, request, pk: int):
        return progress_response(request, get_job(request, self.model, pk))


class JobReportCsvView(View):
    """The row errors as CSV; a download of a report is an export (security log)."""

    model = None
    object_type = "foutenrapport"
    filename = "foutenrapport"

    def on_download(self, request, job) -> None:
        """Kinds whose report shows personal data log the processing here."""

    def get(self, request, pk: int):
        job = get_job(request, self.model, pk)
        self.on_download(request, job)
        log_security(SecurityAction.EXPORT, user=request.user, object_type=self.object_type, object_id=job.pk,
                     municipality_id=request.tenant.municipality_id)
        response = csv_response(f"{self.filename}-{job.pk}.csv", REPORT_HEADER, _report_rows(job.error_report))
        response["Cache-Control"] = "private, no-store"
        return response
