"""Writes of the indicators module: the only place that imports statistics.

Every import is one transaction: the file (or the page files of one download) is parsed completely first (any bad
row raises `StatisticsImportError` with a Dutch row-level report and nothing is written), then merged into the
table per (measure + category, region, period):

- an observation the file has and the table lacks is added;
- one the file has with another value replaces the stored one, except that a provisional value never replaces a
  definitive one (a definitive value does replace a provisional one);
- everything the table has and the file lacks is kept: a file with a few municipalities or one measure never
  erases the rest, and measures are never deleted by an import.

`preview_import` computes the same counts without writing. Importing the same file twice changes nothing.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction

from veiliglokaal.core.models import DataSource, Municipality
from veiliglokaal.core.services import DATA_DIR

from .importers import FORMATS, ParsedTable, RegionLookup, RowError, StatisticsImportError, paging
from .importers.base import RegionKind, parse_period_code, region_kind
from .models import Measure, Observation, StatisticsTable

POLICE_FILE = "politie_misdrijven_totaal_gemeente_2022_2024.csv"
JSON_FORMATS = ("statline-odata3", "statline-odata4")
WRITE_CHUNK = 20000


@dataclass
class ImportPreview:
    """What an import would do, per observation: added, changed (another value, or definitive replacing provisional),
    kept (the same value, or a provisional value that does not replace a definitive one) and untouched (stored,
    not in the file)."""

    table_id: str
    title: str
    source_format: str
    added: int = 0
    changed: int = 0
    kept: int = 0
    kept_definitive: int = 0  # of `kept`: the file's provisional value was not taken over a stored definitive one
    untouched: int = 0
    new_measures: int = 0
    regions: dict = field(default_factory=dict)  # region kind -> number of distinct regions in the file
    skipped: list = field(default_factory=list)

    @property
    def in_file(self) -> int:
        return self.added + self.changed + self.kept

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.changed or self.new_measures)


@dataclass
class ImportResult:
    table_id: str
    observations: int  # observations in the file
    measures: int
    skipped: list[RowError]
    unchanged: bool
    preview: ImportPreview | None = None


def region_lookup() -> RegionLookup:
    municipalities = dict(Municipality.objects.values_list("code", "name"))
    return RegionLookup(municipalities, extra={"NL01": "Nederland"})


def detect_format(files: list[tuple[str, bytes]]) -> str:
    """statline-odata3 / statline-odata4 from the JSON endpoints, politie-lang or statline-csv for text."""
    head = files[0][1][:4096].lstrip(b"\xef\xbb\xbf \r\n\t")
    if head.startswith(b"{"):
        bundle = paging.combine(files)
        if any(key in bundle for key in ("Observations", "MeasureCodes", "Properties")):
            return "statline-odata4"
        return "statline-odata3"
    first_line = head.split(b"\n", 1)[0].lower()
    return "politie-lang" if b"regiocode" in first_line or b"gemeentecode" in first_line else "statline-csv"


def parse_files(source_format: str | None, files: list[tuple[str, bytes]], **options) -> ParsedTable:
    """Parse one file, or the page files of one OData download together (`paging.combine`)."""
    if not files:
        raise StatisticsImportError([RowError(0, "geen bestand meegegeven")])
    source_format = source_format or detect_format(files)
    try:
        parser = FORMATS[source_format]
    except KeyError:
        raise StatisticsImportError([RowError(0, f"onbekend bestandsformaat '{source_format}'")]) from None
    regions = options.pop("regions", None) or region_lookup()
    options = {k: v for k, v in options.items() if v}
    if source_format in JSON_FORMATS:
        return parser(paging.combine(files), regions=regions, **options)
    if len(files) > 1:
        raise StatisticsImportError([RowError(0, "alleen OData-downloads kunnen uit meer bestanden bestaan; "
                                                 "lever een CSV-bestand los aan")])
    if source_format == "statline-csv" and not options.get("table_id"):
        raise StatisticsImportError([RowError(0, "een StatLine-CSV bevat geen tabel-id: geef het mee "
                                                 "(bijvoorbeeld 47013NED)")])
    return parser(files[0][1], regions=regions, **options)


def parse_file(source_format: str, content: bytes, **options) -> ParsedTable:
    return parse_files(source_format, [("", content)], **options)


def source_key(table_id: str) -> str:
    return f"statistiek-{table_id}"


def _measure_key(measure) -> tuple[str, str]:
    return (measure.code, measure.category_code)


def _diff(parsed: ParsedTable, table: StatisticsTable | None):
    """(preview, observations to add, (stored id, observation) pairs to change)."""
    preview = ImportPreview(parsed.table_id, parsed.title, parsed.source_format, skipped=list(parsed.skipped))
    kinds = Counter(region_kind(code) for code in {o.region_code for o in parsed.observations})
    preview.regions = dict(sorted(kinds.items()))
    stored, known_measures, total = {}, set(), 0
    if table is not None:
        known_measures = set(table.measures.values_list("code", "category_code"))
        periods = {o.period_code for o in parsed.observations}
        rows = (Observation.objects.filter(table=table, period_code__in=periods)
                .values_list("id", "measure__code", "measure__category_code", "region_code", "period_code", "value",
                             "provisional"))
        stored = {(code, category, region, period): (pk, value, provisional)
                  for pk, code, category, region, period, value, provisional in rows.iterator(chunk_size=20000)}
        total = table.observations.count()
    preview.new_measures = len({_measure_key(o.measure) for o in parsed.observations} - known_measures)
    added, changed, seen, duplicates = [], [], set(), []
    for o in parsed.observations:
        key = (o.measure.code, o.measure.category_code, o.region_code, o.period_code)
        if key in seen:
            duplicates.append(RowError(0, f"dubbele waarneming voor {o.measure.code} {o.measure.category_code} "
                                          f"{o.region_code} {o.period_code}".replace("  ", " ")))
            continue
        seen.add(key)
        current = stored.get(key)
        if current is None:
            added.append(o)
        elif current[1] == o.value and current[2] == o.provisional:
            preview.kept += 1
        elif o.provisional and not current[2]:
            preview.kept += 1
            preview.kept_definitive += 1
        else:
            changed.append((current[0], o))
    if duplicates:
        raise StatisticsImportError(duplicates[:100])
    preview.added, preview.changed = len(added), len(changed)
    preview.untouched = total - preview.kept - preview.changed
    return preview, added, changed


def _check_municipalities(parsed: ParsedTable) -> dict[str, int]:
    municipality_ids = dict(Municipality.objects.values_list("code", "id"))
    unknown = sorted({o.region_code for o in parsed.observations
                      if region_kind(o.region_code) == RegionKind.GEMEENTE and o.region_code not in municipality_ids})
    if unknown:
        raise StatisticsImportError([RowError(0, f"onbekende gemeentecode '{code}'") for code in unknown])
    return municipality_ids


def preview_import(parsed: ParsedTable) -> ImportPreview:
    """What `import_statistics` would add, change and keep; writes nothing."""
    _check_municipalities(parsed)
    table = StatisticsTable.objects.filter(table_id=parsed.table_id).first()
    return _diff(parsed, table)[0]


def _sha256(content: bytes | list[tuple[str, bytes]]) -> str:
    if isinstance(content, bytes):
        return hashlib.sha256(content).hexdigest()
    digest = hashlib.sha256()
    for _name, part in content:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


@transaction.atomic
def import_statistics(parsed: ParsedTable, *, content: bytes | list[tuple[str, bytes]], file_name: str,
                      title: str = "") -> ImportResult:
    """Merge a parsed table (see the module docstring); its provenance is one `DataSource` (key
    `statistiek-<table id>`, the file of the latest import), nowhere else."""
    sha256 = _sha256(content)
    municipality_ids = _check_municipalities(parsed)
    existing = (StatisticsTable.objects.select_for_update().select_related("source")
                .filter(table_id=parsed.table_id).first())
    if existing and existing.source.sha256 == sha256 and existing.source.file_name == file_name[:200]:
        preview = ImportPreview(parsed.table_id, parsed.title, parsed.source_format, kept=len(parsed.observations),
                                untouched=existing.observations.count() - len(parsed.observations),
                                skipped=list(parsed.skipped))
        return ImportResult(parsed.table_id, len(parsed.observations), existing.measures.count(), parsed.skipped,
                            unchanged=True, preview=preview)
    preview, added, changed = _diff(parsed, existing)

    source, _ = DataSource.objects.update_or_create(
        key=source_key(parsed.table_id),
        defaults=dict(title=(title or f"{parsed.title} (tabel {parsed.table_id})")[:200], publisher=parsed.publisher,
                      licence=parsed.licence, file_name=file_name[:200], sha256=sha256,
                      rows=preview.untouched + preview.in_file),
    )
    table, _ = StatisticsTable.objects.update_or_create(
        table_id=parsed.table_id,
        defaults=dict(title=parsed.title[:300], source_format=parsed.source_format, source=source),
    )
    measures = {}
    for parsed_measure in {o.measure for o in parsed.observations}:
        measure, _ = Measure.objects.update_or_create(
            table=table, code=parsed_measure.code, category_code=parsed_measure.category_code,
            defaults=dict(title=parsed_measure.title[:300], unit=parsed_measure.unit,
                          category_title=parsed_measure.category_title[:300]))
        measures[_measure_key(parsed_measure)] = measure

    periods, kinds = {}, {}
    rows = []
    for o in added:
        period = periods.get(o.period_code) or periods.setdefault(o.period_code, parse_period_code(o.period_code))
        kind = kinds.get(o.region_code) or kinds.setdefault(o.region_code, region_kind(o.region_code))
        rows.append((table.pk, measures[_measure_key(o.measure)].pk, o.region_code, kind,
                     municipality_ids.get(o.region_code) if kind == RegionKind.GEMEENTE else None,
                     period.code, period.type, period.start, o.value, o.provisional))
    _write(rows, [(o.value, o.provisional, pk) for pk, o in changed])
    return ImportResult(parsed.table_id, len(parsed.observations), len(measures), parsed.skipped,
                        unchanged=preview.unchanged, preview=preview)


INSERT_FIELDS = ("table", "measure", "region_code", "region_kind", "municipality", "period_code", "period_type",
                 "period_start", "value", "provisional")


def _write(inserts: list[tuple], updates: list[tuple]) -> None:
    """Insert and update observations with one prepared statement each (`executemany`, in chunks). At national
    scale (800,000 rows of a 47018NED buurt year) building a model instance per row costs most of the import time;
    the rows are plain values that the parsers and `_diff` have already checked."""
    quote = connection.ops.quote_name
    table = quote(Observation._meta.db_table)
    columns = ", ".join(quote(Observation._meta.get_field(name).column) for name in INSERT_FIELDS)
    placeholders = ", ".join(["%s"] * len(INSERT_FIELDS))
    with connection.cursor() as cursor:
        for start in range(0, len(inserts), WRITE_CHUNK):
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",
                               inserts[start:start + WRITE_CHUNK])
        for start in range(0, len(updates), WRITE_CHUNK):
            cursor.executemany(f"UPDATE {table} SET {quote('value')} = %s, {quote('provisional')} = %s "
                               f"WHERE {quote('id')} = %s", updates[start:start + WRITE_CHUNK])


def import_files(source_format: str | None, files: list[tuple[str, bytes]], *, title: str = "",
                 **options) -> ImportResult:
    parsed = parse_files(source_format, files, **options)
    file_name = files[0][0] if len(files) == 1 else f"{files[0][0]} (+{len(files) - 1} pagina's)"
    return import_statistics(parsed, content=files if len(files) > 1 else files[0][1], file_name=file_name,
                             title=title)


def import_file(source_format: str, content: bytes, *, file_name: str, title: str = "", **options) -> ImportResult:
    return import_files(source_format, [(file_name, content)], title=title, **options)


def load_shipped_statistics() -> ImportResult:
    """Load the shipped police file (table 47013NED, totals per municipality 2022–2024). Idempotent."""
    content = (DATA_DIR / POLICE_FILE).read_bytes()
    return import_file("politie-lang", content, file_name=POLICE_FILE,
                       title="Geregistreerde misdrijven per gemeente 2022–2024 (tabel 47013NED)")
