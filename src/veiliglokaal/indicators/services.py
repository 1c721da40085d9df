"""Writes of the indicators module: the only place that imports statistics.

Every import is one transaction: the file is parsed completely first (any bad row raises
`StatisticsImportError` with a Dutch row-level report and nothing is written), then the table's observations are
replaced as a whole. Importing the same file twice changes nothing.
"""

import hashlib
from dataclasses import dataclass

from django.db import transaction

from veiliglokaal.core.models import DataSource, Municipality
from veiliglokaal.core.services import DATA_DIR

from .importers import FORMATS, ParsedTable, RegionLookup, RowError, StatisticsImportError
from .importers.base import parse_period_code
from .models import Measure, Observation, StatisticsTable

POLICE_FILE = "politie_misdrijven_totaal_gemeente_2022_2024.csv"


@dataclass
class ImportResult:
    table_id: str
    observations: int
    measures: int
    skipped: list[RowError]
    unchanged: bool


def region_lookup() -> RegionLookup:
    municipalities = dict(Municipality.objects.values_list("code", "name"))
    return RegionLookup(municipalities, extra={"NL01": "Nederland"})


def parse_file(source_format: str, content: bytes, **options) -> ParsedTable:
    try:
        parser = FORMATS[source_format]
    except KeyError:
        raise StatisticsImportError([RowError(0, f"onbekend bestandsformaat '{source_format}'")]) from None
    return parser(content, regions=options.pop("regions", None) or region_lookup(), **options)


def source_key(table_id: str) -> str:
    return f"statistiek-{table_id}"


@transaction.atomic
def import_statistics(parsed: ParsedTable, *, content: bytes, file_name: str, title: str = "") -> ImportResult:
    """Write a parsed table; its provenance is one `DataSource` (key `statistiek-<table id>`), nowhere else."""
    sha256 = hashlib.sha256(content).hexdigest()
    existing = StatisticsTable.objects.select_related("source").filter(table_id=parsed.table_id).first()
    if existing and existing.source.sha256 == sha256 and existing.source.file_name == file_name:
        return ImportResult(parsed.table_id, existing.source.rows, existing.measures.count(), parsed.skipped,
                            unchanged=True)

    municipality_ids = dict(Municipality.objects.values_list("code", "id"))
    unknown = sorted({o.region_code for o in parsed.observations
                      if o.region_code.startswith("GM") and o.region_code not in municipality_ids})
    if unknown:
        raise StatisticsImportError([RowError(0, f"onbekende gemeentecode '{code}'") for code in unknown])

    source, _ = DataSource.objects.update_or_create(
        key=source_key(parsed.table_id),
        defaults=dict(title=(title or f"{parsed.title} (tabel {parsed.table_id})")[:200], publisher=parsed.publisher,
                      licence=parsed.licence, file_name=file_name[:200], sha256=sha256,
                      rows=len(parsed.observations)),
    )
    table, _ = StatisticsTable.objects.update_or_create(
        table_id=parsed.table_id,
        defaults=dict(title=parsed.title[:300], source_format=parsed.source_format, source=source),
    )
    table.observations.all().delete()
    measures = {}
    for parsed_measure in {o.measure for o in parsed.observations}:
        measure, _ = Measure.objects.update_or_create(
            table=table, code=parsed_measure.code, category_code=parsed_measure.category_code,
            defaults=dict(title=parsed_measure.title[:300], unit=parsed_measure.unit,
                          category_title=parsed_measure.category_title[:300]))
        measures[(parsed_measure.code, parsed_measure.category_code)] = measure
    table.measures.exclude(pk__in=[m.pk for m in measures.values()]).delete()

    periods = {}
    rows = []
    for o in parsed.observations:
        period = periods.get(o.period_code) or periods.setdefault(o.period_code, parse_period_code(o.period_code))
        rows.append(Observation(
            table=table, measure=measures[(o.measure.code, o.measure.category_code)], region_code=o.region_code,
            municipality_id=municipality_ids.get(o.region_code), period_code=period.code,
            period_type=period.type, period_start=period.start, value=o.value, provisional=o.provisional))
    Observation.objects.bulk_create(rows, batch_size=2000)
    return ImportResult(parsed.table_id, len(rows), len(measures), parsed.skipped, unchanged=False)


def import_file(source_format: str, content: bytes, *, file_name: str, title: str = "", **options) -> ImportResult:
    parsed = parse_file(source_format, content, **options)
    return import_statistics(parsed, content=content, file_name=file_name, title=title)


def load_shipped_statistics() -> ImportResult:
    """Load the shipped police file (table 47013NED, totals per municipality 2022–2024). Idempotent."""
    content = (DATA_DIR / POLICE_FILE).read_bytes()
    return import_file("politie-lang", content, file_name=POLICE_FILE,
                       title="Geregistreerde misdrijven per gemeente 2022–2024 (tabel 47013NED)")
