"""The only write path of DOOK's source data: offering a file queues an import job; the job does the rest."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from veiliglokaal.audit.services import log_processing
from veiliglokaal.core import jobs
from veiliglokaal.core.models import Municipality
from veiliglokaal.core.storage import sha256_of

from ..models import SourceImport
from ..sources import registry
from ..sources.base import Register

CHUNK = 1024 * 1024


def check_file(source_type: str, name: str, size: int) -> None:
    """Type and size, before anything is stored. Content is checked row by row by the import itself."""
    source = registry.get(source_type)
    if not source.accepts(name):
        raise ValidationError(_("Dit bestandstype past niet bij %(label)s: kies een bestand met %(ext)s.")
                              % {"label": source.label, "ext": source.extensions_label})
    if size == 0:
        raise ValidationError(_("Het bestand is leeg."))
    if size > source.max_bytes:
        raise ValidationError(_("Het bestand is te groot: hoogstens %(mb)s MB voor %(label)s.")
                              % {"mb": source.max_bytes // CHUNK, "label": source.label})


def offer_file(municipality: Municipality, source_type: str, uploaded, reference_date, *, user=None,
               is_synthetic: bool = False, run_now: bool = False, progress_callback=None,
               hold_for_mapping: bool = False) -> SourceImport:
    """Store the file privately with its provenance and queue the import (after commit, so the job sees the row).

    `run_now` runs the import in this process instead (commands and the demo), still through the same runner.
    `hold_for_mapping` keeps it waiting for the column-mapping step (`start_mapped_import`) instead.
    """
    name = Path(uploaded.name).name
    check_file(source_type, name, uploaded.size)
    checksum = sha256_of(uploaded)
    source_import = SourceImport(municipality=municipality, source_type=source_type, file_name=name[:255],
                                 checksum=checksum, reference_date=reference_date, is_synthetic=is_synthetic,
                                 requested_by=user, file_size=uploaded.size, status=jobs.JobStatus.QUEUED)
    if hold_for_mapping:
        source_import.status = jobs.JobStatus.DRAFT
    source_import.file.save(name, uploaded if isinstance(uploaded, File) else File(uploaded, name=name), save=False)
    source_import.save()
    if hold_for_mapping:
        return source_import
    if run_now:
        from ..sources import runner

        runner.run(source_import, progress_callback)
    else:
        from ..tasks import run_source_import

        jobs.enqueue_after_commit(source_import, run_source_import)
    return source_import


def start_mapped_import(source_import: SourceImport, mapping: dict, user=None) -> SourceImport:
    """The user confirmed the columns: remember the mapping for the municipality's next file, queue the import."""
    from veiliglokaal.core.services import remember_column_mapping

    from ..tasks import run_source_import

    with transaction.atomic():
        locked = SourceImport.objects.select_for_update().get(pk=source_import.pk)
        if locked.status != jobs.JobStatus.DRAFT:
            raise ValidationError(_("Deze inlezing is al gestart."))
        locked.column_mapping = {name: column for name, column in mapping.items() if column}
        locked.status = jobs.JobStatus.QUEUED
        locked.save(update_fields=["column_mapping", "status"])
        remember_column_mapping(locked.municipality_id, f"dook.{locked.source_type}", locked.column_mapping, user)
        jobs.enqueue_after_commit(locked, run_source_import)
    return locked


def offer_path(municipality: Municipality, source_type: str, path, reference_date, **kwargs) -> SourceImport:
    with open(path, "rb") as handle:
        return offer_file(municipality, source_type, File(handle, name=Path(path).name), reference_date, **kwargs)


def record_report_read(tenant, user, source_import: SourceImport, how: str) -> None:
    """An error report of a BRP file shows counts of persons per address: reading it is a logged processing."""
    if source_import.error_report and registry.get(source_import.source_type).register == Register.BRP:
        log_processing(activity="irregularities.bronnen", name=f"Foutenrapport BRP-aantallen {how}",
                       subject_type="inlezing", subject_id=source_import.pk,
                       municipality_id=tenant.municipality_id, actor_id=user.pk)
