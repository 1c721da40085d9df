"""Uploads into a monitor as background jobs (DESIGN "Long work shows progress", ADR 0008).

`offer` stores the file privately with its name, size and SHA-256 and queues `run` after commit. `run` parses the
whole file first: any malformed item fails the upload with the full Dutch report and nothing is stored. Otherwise it
ingests in chunks through `services.ingest` (protocol window, retention, pseudonymisation and alerts as for any
ingest, one processing-log entry per chunk), reporting progress (core.jobs) between chunks outside any transaction so
the progress page sees it. The file is deleted once the job has run, whatever the outcome: it holds raw posts with
author handles, which are never kept. If the worker dies half-way, recovery removes the upload's posts and its file
(`MonitorUpload.cleanup_interrupted`).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext as _

from veiliglokaal.core import jobs
from veiliglokaal.core.storage import sha256_of

from . import gazetteer, services
from .connectors import ConnectorError, get
from .matching import Matcher
from .models import Monitor, MonitorUpload

logger = logging.getLogger(__name__)

CHUNK_POSTS = 500
READ_CHUNK = 1024 * 1024


def offer(tenant, user, monitor: Monitor, connector: str, source_name: str, uploaded) -> MonitorUpload:
    """Keep the file privately and queue its ingest once this transaction commits (so the job sees the row).

    The protocol must be running now; the job checks again when it ingests."""
    services.require_running(monitor.protocol)
    name = Path(uploaded.name).name[:255]
    upload = MonitorUpload(municipality_id=tenant.municipality_id, monitor=monitor, connector=connector,
                           source_name=source_name[:150], file_name=name, file_size=uploaded.size,
                           checksum=sha256_of(uploaded), requested_by=user, status=jobs.JobStatus.QUEUED)
    upload.file.save(name, uploaded if isinstance(uploaded, File) else File(uploaded, name=name), save=False)
    upload.save()
    from .tasks import run_monitor_upload

    jobs.enqueue_after_commit(upload, run_monitor_upload)
    return upload


_NUMBERED = re.compile(r"^(?:Regel|Item|Bericht) (\d+):")


def _report_row(message: str) -> dict:
    """A connector's message ("Regel 4: ...", kept whole as users know it) as a row of the job's error report."""
    numbered = _NUMBERED.match(str(message))
    return jobs.report_row(message, row=int(numbered.group(1)) if numbered else "")


def _fail(upload: MonitorUpload, messages: list[str]) -> None:
    jobs.fail(upload, _("Het bestand is niet verwerkt; er is niets opgeslagen."), [_report_row(m) for m in messages])


def _remove_file(upload: MonitorUpload) -> None:
    if upload.file:
        upload.file.delete(save=False)
        MonitorUpload.objects.filter(pk=upload.pk).update(file="")


def _parse(upload: MonitorUpload):
    with upload.file.open("rb") as handle:
        data = handle.read()
    return get(upload.connector).parse(data)


def _ingest_in_chunks(upload: MonitorUpload, posts: list) -> None:
    monitor, now = upload.monitor, timezone.now()
    matcher = Matcher(gazetteer.terms_for(monitor.municipality_id))
    alert_ids: set[int] = set()
    counts = {"posts_stored": 0, "posts_matched": 0, "duplicates": 0, "outside_protocol": 0, "expired": 0}
    for start in range(0, len(posts), CHUNK_POSTS):
        result = services.ingest(monitor, upload.connector, upload.source_name, posts[start:start + CHUNK_POSTS],
                                 actor_id=upload.requested_by_id, now=now, matcher=matcher, upload_id=upload.pk)
        alert_ids.update(alert.pk for alert in result.alerts)
        for name, value in (("posts_stored", result.stored), ("posts_matched", result.matched),
                            ("duplicates", result.duplicates), ("outside_protocol", result.outside_protocol),
                            ("expired", result.expired)):
            counts[name] += value
        MonitorUpload.objects.filter(pk=upload.pk).update(**counts)
        jobs.progress(upload, min(start + CHUNK_POSTS, len(posts)))
    upload.alerts.set(sorted(alert_ids))
    jobs.succeed(upload, **counts)


def run(upload: MonitorUpload) -> MonitorUpload:
    """Run one queued upload to its end (succeeded or failed) and delete its file."""
    jobs.start(upload, phase=_("Bestand lezen"))
    try:
        try:
            parsed = _parse(upload)
        except ConnectorError as error:
            _fail(upload, [str(error)])
            return upload
        total = len(parsed.posts) + len(parsed.errors)
        if parsed.errors:
            jobs.progress(upload, total, total)
            _fail(upload, parsed.errors)
            return upload
        try:
            services.require_running(upload.monitor.protocol)
        except services.MonitoringError as error:
            _fail(upload, [str(error)])
            return upload
        jobs.progress(upload, 0, total, _("Berichten opslaan"))
        _ingest_in_chunks(upload, parsed.posts)
    except jobs.JobInterrupted:
        raise
    except Exception:
        logger.exception("Monitoring upload %s failed", upload.pk)
        upload.cleanup_interrupted()  # all or nothing: the chunks already stored go again
        jobs.fail(upload, _("Onverwachte fout bij het verwerken; er is niets opgeslagen. Meld dit bij de beheerder."))
        raise
    finally:
        _remove_file(upload)
    return upload
