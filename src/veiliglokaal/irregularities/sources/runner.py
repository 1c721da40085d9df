"""The one runner every source type goes through: read and check everything first, then write all or nothing.

1. count the rows (for progress) and mark the import as running (core.jobs);
2. parse every row; collect row errors; check duplicates and match each row to an address of this municipality;
   report progress as it goes (outside any transaction, so a progress page sees it and the heartbeat is fresh);
3. any error: the import fails with the full row-level report and nothing in the registers changes;
4. otherwise: write in one transaction, together with the processing-log entry and the import's provenance.
"""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from veiliglokaal.audit.services import processing
from veiliglokaal.core import jobs
from veiliglokaal.core.column_mapping import saved_mapping
from veiliglokaal.irregularities.models import Address, SourceImport

from . import registry
from .base import ImportContext, ParsedRow, RowError, Skipped, SourceType
from .values import BAG_OBJECT_TYPES

logger = logging.getLogger(__name__)

PROCESSING_ACTIVITY = "irregularities.bronnen"
MAX_REPORTED_ERRORS = 10_000


def build_context(source_import: SourceImport, source: SourceType) -> ImportContext:
    municipality = source_import.municipality
    context = ImportContext(municipality_id=municipality.pk, municipality_code=municipality.code[2:],
                            reference_date=source_import.reference_date, source_import=source_import,
                            column_mapping=dict(source_import.column_mapping or {}),
                            saved_mapping=saved_mapping(municipality.pk, f"dook.{source.key}"))
    if source.needs_addresses:
        for pk, bag_id, designation in Address.objects.filter(municipality_id=municipality.pk).values_list(
                "pk", "bag_id", "number_designation_id"):
            context.addresses[bag_id] = pk
            if designation:
                context.addresses.setdefault(designation, pk)
    return context


class _Progress:
    """Counts checked rows into the job (core.jobs throttles the writes); the command's bar follows each write."""

    def __init__(self, source_import: SourceImport, total: int, callback=None):
        self.source_import, self.total, self.callback = source_import, total, callback
        self.done = 0

    def advance(self) -> None:
        self.done += 1
        self.report(min(self.done, self.total))

    def report(self, done: int) -> None:
        if jobs.progress(self.source_import, done, self.total) and self.callback:
            self.callback(done, self.total)


def _address_error(row: ParsedRow, context: ImportContext) -> RowError:
    key = row.address_key
    if key[:4] != context.municipality_code:
        message = _("Dit BAG-id hoort bij gemeente %(other)s, niet bij deze gemeente (%(own)s).") % {
            "other": key[:4], "own": context.municipality_code}
    else:
        kind = BAG_OBJECT_TYPES.get(key[4:6], _("object"))
        message = _("Onbekend BAG-id: deze gemeente heeft geen adres met dit %(kind)s-id. Lees eerst de BAG in "
                    "(of een nieuwere versie).") % {"kind": kind}
    return RowError(row.row, row.address_column, message, key)


def check_rows(source: SourceType, context: ImportContext, path: str, progress: _Progress
               ) -> tuple[list[ParsedRow], list[RowError], int]:
    rows, errors, skipped = [], [], 0
    first_row_of: dict[object, int] = {}
    for item in source.parse(path, context):
        progress.advance()
        if isinstance(item, RowError):
            errors.append(item)
            continue
        if isinstance(item, Skipped):
            skipped += 1
            continue
        if source.needs_addresses:
            address_id = context.addresses.get(item.address_key)
            if address_id is None:
                errors.append(_address_error(item, context))
                continue
            item.data["address_id"] = address_id
        unique = item.data.get(source.unique_field) if source.unique_field else None
        if unique is not None:
            if unique in first_row_of:
                shown = item.address_key if source.needs_addresses and source.unique_field == "address_id" else unique
                errors.append(RowError(item.row, source.unique_column, _(
                    "Dubbel: deze waarde staat ook op regel %(row)s.") % {"row": first_row_of[unique]}, str(shown)))
                continue
            first_row_of[unique] = item.row
        rows.append(item)
    return rows, errors, skipped


def _report(errors: list[RowError]) -> list[dict]:
    report = [error.as_dict() for error in errors[:MAX_REPORTED_ERRORS]]
    if len(errors) > MAX_REPORTED_ERRORS:
        report.append(jobs.report_row(_("En nog %(n)s fouten; verbeter eerst deze.")
                                      % {"n": len(errors) - MAX_REPORTED_ERRORS}, row=0))
    return report


def _rejected(count: int) -> str:
    return ngettext("Er is niets ingelezen: %(n)s fout gevonden.", "Er is niets ingelezen: %(n)s fouten gevonden.",
                    count) % {"n": count}


def run(source_import: SourceImport, progress_callback=None) -> SourceImport:
    """Run one queued import to its end (succeeded or failed). Safe to call from a job or a command."""
    source = registry.get(source_import.source_type)
    path = source_import.file.path
    total = source.count_rows(path)
    jobs.start(source_import, total=total, phase=_("Regels controleren"))
    progress = _Progress(source_import, total, progress_callback)
    context = build_context(source_import, source)
    rows, errors, skipped = check_rows(source, context, path, progress)
    columns = {"column_mapping": context.column_mapping, "ignored_columns": context.ignored_columns}
    if errors:
        jobs.fail(source_import, _rejected(len(errors)), _report(errors), done=total, rows_imported=0,
                  rows_skipped=skipped, **columns)
        return source_import
    progress.report(total)
    jobs.progress(source_import, total, total, _("Gegevens opslaan"))
    try:
        with processing(activity=PROCESSING_ACTIVITY, name=f"Bron inlezen: {source.key}", subject_type="inlezing",
                        subject_id=source_import.pk, municipality_id=context.municipality_id,
                        actor_id=source_import.requested_by_id):
            written = source.write(rows, context)
            jobs.succeed(source_import, rows_imported=written, rows_skipped=skipped, **columns)
    except jobs.JobInterrupted:
        raise
    except Exception:  # the transaction rolled back: record why, then let the job report the failure too
        logger.exception("DOOK import %s failed while writing", source_import.pk)
        message = _("Onverwachte fout bij het wegschrijven; er is niets veranderd. Meld dit bij de beheerder.")
        jobs.fail(source_import, message, [jobs.report_row(message, row=0)], rows_imported=0)
        raise
    return source_import
