"""StatLine OData v4 (CBS `odata4.cbs.nl` / `datasets.cbs.nl`): `Observations` (one row per value: `Id`, `Measure`,
`ValueAttribute`, `Value` and one column per dimension), `MeasureCodes` (`Identifier`, `Title`, `Unit`), optionally
`Dimensions` (`Identifier`, `Title`, `Kind`: `Dimension` / `GeoDimension` / `TimeDimension`), `Properties`
(a singleton: the object itself with `Identifier`, `Title`, `Status`, ...; a `{"value": [...]}` wrapper is read too) and one code list per dimension (`PeriodenCodes`, `SoortMisdrijfCodes`, ... with
`Identifier`, `Title`, and for periods `Status`), bundled in one JSON object as the endpoints return them
(`{"value": [...]}` or a bare list).

Without `Dimensions` the region column is `RegioS` and the period column `Perioden` (the CBS names). A period is
provisional when its code list entry has Status "Voorlopig" or a title ending in "*". `Value` null is "no value"
(the reason is in `ValueAttribute`, e.g. "Missing", "Confidential").
"""

from . import paging
from .base import (ParsedMeasure, ParsedObservation, ParsedTable, RegionLookup, RowError, StatisticsImportError,
                   parse_period_code, parse_value, period_code)

FIXED_COLUMNS = {"Id", "Measure", "ValueAttribute", "Value", "StringValue"}


def _records(document: dict, name: str) -> list | None:
    part = document.get(name)
    if isinstance(part, dict):
        # a collection ({"value": [...]}) or a singleton such as Properties (the object itself)
        part = part.get("value", [part])
    return part if isinstance(part, list) else None


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def parse(content, *, regions: RegionLookup, table_id: str | None = None, publisher: str = "CBS",
          licence: str = "CC BY 4.0") -> ParsedTable:
    """`content`: the bytes of one file, or a bundle already combined from several page files (`paging.combine`)."""
    document = paging.combine([("", content)]) if isinstance(content, bytes) else content
    observations_in, measure_codes = _records(document, "Observations"), _records(document, "MeasureCodes")
    missing = [name for name, part in (("Observations", observations_in), ("MeasureCodes", measure_codes))
               if part is None]
    if missing:
        raise StatisticsImportError([RowError(1, f"onderdeel ontbreekt: {', '.join(missing)}")])

    properties = _records(document, "Properties") or [{}]
    info = properties[0] if properties and isinstance(properties[0], dict) else {}
    table_id = table_id or _text(info.get("Identifier"))
    if not table_id:
        raise StatisticsImportError([RowError(1, "tabel-id onbekend: geef het mee of lever Properties.Identifier")])

    dimensions = [d for d in _records(document, "Dimensions") or [] if isinstance(d, dict)]
    kinds = {_text(d.get("Identifier")): _text(d.get("Kind")) for d in dimensions}
    region_key = next((k for k, kind in kinds.items() if kind == "GeoDimension"), None if kinds else "RegioS")
    period_key = next((k for k, kind in kinds.items() if kind == "TimeDimension"), None if kinds else "Perioden")
    if region_key is None or period_key is None:
        raise StatisticsImportError([RowError(1, "Dimensions mist een GeoDimension (regio) of TimeDimension (periode)")])
    other_dimensions = [k for k, kind in kinds.items() if kind not in ("GeoDimension", "TimeDimension")]
    if not kinds:  # no Dimensions: every extra column of the first observation is a dimension
        first = next((o for o in observations_in if isinstance(o, dict)), {})
        other_dimensions = [k for k in first if k not in FIXED_COLUMNS | {region_key, period_key}]

    topics = {}
    for item in measure_codes:
        if isinstance(item, dict) and _text(item.get("Identifier")):
            topics[_text(item["Identifier"])] = (_text(item.get("Title")) or _text(item["Identifier"]),
                                                 _text(item.get("Unit")))
    if not topics:
        raise StatisticsImportError([RowError(1, "MeasureCodes bevat geen onderwerpen")])

    provisional_periods = set()
    for period in _records(document, f"{period_key}Codes") or []:
        if _text(period.get("Status")).lower() == "voorlopig" or _text(period.get("Title")).endswith("*"):
            provisional_periods.add(_text(period.get("Identifier")))
    category_titles = {}
    for dimension in other_dimensions:
        for item in _records(document, f"{dimension}Codes") or []:
            category_titles[(dimension, _text(item.get("Identifier")))] = _text(item.get("Title"))

    errors: list[RowError] = []
    observations: list[ParsedObservation] = []
    measures: dict[tuple, ParsedMeasure] = {}
    seen: dict[tuple, int] = {}
    by_raw: dict[tuple, ParsedMeasure] = {}  # (measure, raw category values) -> measure: one lookup per record
    for number, record in enumerate(observations_in, start=1):
        if not isinstance(record, dict):
            errors.append(RowError(number, "waarneming is geen JSON-object"))
            continue
        absent = [key for key in ["Measure", "Value", region_key, period_key, *other_dimensions] if key not in record]
        if absent:
            errors.append(RowError(number, f"kolom(men) ontbreken: {', '.join(absent)}"))
            continue
        code = _text(record["Measure"])
        if code not in topics:
            errors.append(RowError(number, f"onderwerp '{code}' staat niet in MeasureCodes"))
            continue
        try:
            region = regions.checked(record[region_key])
            period = period_code(record[period_key])
            value = parse_value(record["Value"])
        except ValueError as exc:
            errors.append(RowError(number, str(exc)))
            continue
        raw_key = (code, *(record[d] for d in other_dimensions))
        try:
            measure = by_raw[raw_key]
        except (KeyError, TypeError):
            categories = [(d, _text(record[d])) for d in other_dimensions]
            category_code = " / ".join(c for _, c in categories)
            category_title = " / ".join(category_titles.get(c, c[1]) for c in categories)
            title, unit = topics[code]
            measure = measures.setdefault((code, category_code), ParsedMeasure(
                code=code, title=title, unit=unit, category_code=category_code, category_title=category_title))
            try:
                by_raw[raw_key] = measure
            except TypeError:
                pass
        key = (code, measure.category_code)
        identity = (key, region, period)
        if identity in seen:
            errors.append(RowError(number, f"dubbele waarneming voor {code} {region} {period} "
                                           f"(ook in waarneming {seen[identity]})"))
            continue
        seen[identity] = number
        observations.append(ParsedObservation(measure, region, period, value, period in provisional_periods))
    if errors:
        raise StatisticsImportError(errors)
    if not observations:
        raise StatisticsImportError([RowError(1, "Observations bevat geen waarnemingen")])
    return ParsedTable(table_id=table_id, title=_text(info.get("Title")) or table_id, publisher=publisher,
                       licence=licence, source_format="statline-odata4", observations=observations)
