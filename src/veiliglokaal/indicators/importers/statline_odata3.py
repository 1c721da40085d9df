"""StatLine OData v3 (CBS/Politie open data): `TypedDataSet` plus `DataProperties`, optionally `TableInfos` and one
list per dimension (e.g. `Perioden`, `SoortMisdrijf`), bundled in one JSON object as the endpoints return them
(`{"value": [...]}` or a bare list). The `UntypedDataSet` (every value a padded string, "." for no value) is read
the same way. Several page files of one download are combined first (see `paging`); a file that still links to a
next page is refused.

Keys are padded with spaces ("GM0363    ", "0.0.0   ") and are stripped. A period is provisional when its
`Perioden` entry has Status "Voorlopig" or a title ending in "*" (e.g. "2024*"); a value given as a string ending
in "*" is provisional too. A null value is "no value".
"""

from . import paging
from .base import (ParsedMeasure, ParsedObservation, ParsedTable, RegionLookup, RowError, StatisticsImportError,
                   parse_period_code, parse_value, period_code)


def _records(document: dict, name: str) -> list | None:
    part = document.get(name)
    if part is None:
        return None
    if isinstance(part, dict):
        part = part.get("value")
    return part if isinstance(part, list) else None


def parse(content, *, regions: RegionLookup, table_id: str | None = None, publisher: str = "CBS",
          licence: str = "CC BY 4.0") -> ParsedTable:
    """`content`: the bytes of one file, or a bundle already combined from several page files (`paging.combine`)."""
    document = paging.combine([("", content)]) if isinstance(content, bytes) else content
    properties = _records(document, "DataProperties")
    dataset = _records(document, "TypedDataSet")
    if dataset is None:  # the untyped set: every value a padded string, "." for no value
        dataset = _records(document, "UntypedDataSet")
    missing = [name for name, part in (("DataProperties", properties), ("TypedDataSet of UntypedDataSet", dataset))
               if part is None]
    if missing:
        raise StatisticsImportError([RowError(1, f"onderdeel ontbreekt: {', '.join(missing)}")])

    infos = _records(document, "TableInfos") or [{}]
    info = infos[0] if infos and isinstance(infos[0], dict) else {}
    table_id = table_id or str(info.get("Identifier", "")).strip()
    if not table_id:
        raise StatisticsImportError([RowError(1, "tabel-id onbekend: geef het mee of lever TableInfos.Identifier")])

    region_key = next((p["Key"] for p in properties if p.get("Type") == "GeoDimension"), None)
    period_key = next((p["Key"] for p in properties if p.get("Type") == "TimeDimension"), None)
    if region_key is None or period_key is None:
        raise StatisticsImportError([RowError(1, "DataProperties mist een GeoDimension (regio) of TimeDimension (periode)")])
    other_dimensions = [p["Key"] for p in properties if p.get("Type") == "Dimension"]
    topics = [p for p in properties if p.get("Type") == "Topic"]
    if not topics:
        raise StatisticsImportError([RowError(1, "DataProperties bevat geen onderwerpen (Topic)")])

    provisional_periods = set()
    for period in _records(document, period_key) or []:
        title = str(period.get("Title", "")).strip()
        if str(period.get("Status", "")).strip().lower() == "voorlopig" or title.endswith("*"):
            provisional_periods.add(str(period.get("Key", "")).strip())
    category_titles = {}
    for dimension in other_dimensions:
        for item in _records(document, dimension) or []:
            category_titles[(dimension, str(item.get("Key", "")).strip())] = str(item.get("Title", "")).strip()

    errors: list[RowError] = []
    observations: list[ParsedObservation] = []
    measures: dict[tuple, ParsedMeasure] = {}
    for number, record in enumerate(dataset, start=1):
        if not isinstance(record, dict):
            errors.append(RowError(number, "record is geen JSON-object"))
            continue
        absent = [key for key in [region_key, period_key, *other_dimensions] if key not in record]
        if absent:
            errors.append(RowError(number, f"kolom(men) ontbreken: {', '.join(absent)}"))
            continue
        try:
            region = regions.checked(record[region_key])
            period = period_code(record[period_key])
        except ValueError as exc:
            errors.append(RowError(number, str(exc)))
            continue
        categories = [(d, str(record[d]).strip()) for d in other_dimensions]
        category_code = " / ".join(code for _, code in categories)
        category_title = " / ".join(category_titles.get(c, c[1]) for c in categories)
        for topic in topics:
            raw = record.get(topic["Key"])
            provisional = period in provisional_periods
            if isinstance(raw, str) and raw.strip().endswith("*"):
                raw, provisional = raw.strip().rstrip("*"), True
            try:
                value = parse_value(raw)
            except ValueError as exc:
                errors.append(RowError(number, f"{topic['Key']}: {exc}"))
                continue
            key = (topic["Key"], category_code)
            title = str(topic.get("Title", topic["Key"])).strip()
            measure = measures.setdefault(key, ParsedMeasure(
                code=topic["Key"].strip(), category_code=category_code, category_title=category_title,
                unit=str(topic.get("Unit") or "").strip(), title=title))
            observations.append(ParsedObservation(measure, region, period, value, provisional))
    if errors:
        raise StatisticsImportError(errors)
    return ParsedTable(table_id=table_id, title=str(info.get("Title", table_id)).strip(), publisher=publisher,
                       licence=licence, source_format="statline-odata3", observations=observations)
