"""Uploads into a monitor as background jobs (DESIGN "Long work shows progress", ADR 0008).

`offer` stores the file privately with its name, size and SHA-256 and queues `run` after commit. `run` parses the
whole file first: any malformed item fails the upload with the full Dutch report and nothing is stored. Otherwise it
ingests in chunks through `services.ingest` (protocol window, retention, pseudonymisation and alerts as for any
ingest, one processing-log entry per chunk), updating progress between chunks outside any transaction so the
progress page sees it. The file is deleted once the job has run, whatever the outcome: it holds raw posts with
author handles, which are never kept.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veiliglokaal.core.storage import sha256_of

from . import gazetteer, services
from .connectors import ConnectorError, get
from .matching import Matcher
from .models import Monitor, MonitorUpload, UploadStatus

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
                           checksum=sha256_of(uploaded), uploaded_by=user, status=UploadStatus.QUEUED)
    upload.file.save(name, uploaded if isinstance(uploaded, File) else File(uploaded, name=name), save=False)
    upload.save()
    from .tasks import run_monitor_upload

    transaction.on_commit(lambda: run_monitor_upload.enqueue(upload.pk))
    return upload


def _update(upload: MonitorUpload, **fields) -> None:
    for name, value in fields.items():
        setattr(upload, name, value)
    MonitorUpload.objects.filter(pk=upload.pk).update(**fields)


def _fail(upload: MonitorUpload, errors: list[str]) -> None:
    _update(upload, status=UploadStatus.FAILED, errors=errors, finished_at=timezone.now())


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
    for start in range(0, len(posts), CHUNK_POSTS):
        result = services.ingest(monitor, upload.connector, upload.source_name, posts[start:start + CHUNK_POSTS],
                                 actor_id=upload.uploaded_by_id, now=now, matcher=matcher)
        alert_ids.update(alert.pk for alert in result.alerts)
        _update(upload, posts_done=min(start + CHUNK_POSTS, len(posts)),
                posts_stored=upload.posts_stored + result.stored, posts_matched=upload.posts_matched + result.matched,
                duplicates=upload.duplicates + result.duplicates,
                outside_protocol=upload.outside_protocol + result.outside_protocol,
                expired=upload.expired + result.expired)
    upload.alerts.set(sorted(alert_ids))


def run(upload: MonitorUpload) -> MonitorUpload:
    """Run one queued upload to its end (succeeded or failed) and delete its file."""
    _update(upload, status=UploadStatus.RUNNING, started_at=timezone.now(), posts_done=0)
    try:
        try:
            parsed = _parse(upload)
        except ConnectorError as error:
            _fail(upload, [str(error)])
            return upload
        _update(upload, posts_total=len(parsed.posts) + len(parsed.errors))
        if parsed.errors:
            _fail(upload, parsed.errors)
            return upload
        try:
            services.require_running(upload.monitor.protocol)
        except services.MonitoringError as error:
            _fail(upload, [str(error)])
            return upload
        _ingest_in_chunks(upload, parsed.posts)
        _update(upload, status=UploadStatus.SUCCEEDED, errors=[], finished_at=timezone.now())
    except Exception:
        logger.exception("Monitoring upload %s failed", upload.pk)
        stored = MonitorUpload.objects.get(pk=upload.pk).posts_stored
        _fail(upload, [_("Onverwachte fout bij het verwerken; meld dit bij de beheerder. Al opgeslagen: %(n)d "
                         "berichten.") % {"n": stored}])
        raise
    finally:
        _remove_file(upload)
    return upload
