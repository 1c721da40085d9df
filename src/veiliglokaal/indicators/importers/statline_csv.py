"""StatLine CSV download: `;`-separated, quoted, a title block, "." for no value, regions and periods by name.

Layout handled: text lines (title, "Bron: ...") of one cell; one header row holding the dimension columns
(any extra dimension such as "Soort misdrijf", then "Regio's" and "Perioden") followed by one column per measure,
"Title (unit)"; optionally a row of units right below the header. The CSV carries no codes, so a measure's code
is its title and an extra dimension's category code is its label.
"""

import csv
import io
import re

from veiliglokaal.core.tabular import TabularError, decode_text

from .base import (ParsedMeasure, ParsedObservation, ParsedTable, RegionLookup, RowError, StatisticsImportError,
                   parse_period_title, parse_value)

REGION_COLUMNS = {"regio's", "regio", "regios", "gemeente", "gemeenten"}
PERIOD_COLUMNS = {"perioden", "periode"}
_UNIT = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")


def _split_unit(header: str) -> tuple[str, str]:
    match = _UNIT.match(header.strip())
    return (match[1], match[2]) if match else (header.strip(), "")


def parse(content: bytes, *, regions: RegionLookup, table_id: str, publisher: str = "CBS",
          licence: str = "CC BY 4.0") -> ParsedTable:
    try:  # the kit's encoding detection: UTF-8, or Windows-1252 from an older download re-saved in Excel
        text = decode_text(content)
    except TabularError as error:
        raise StatisticsImportError([RowError(error.line or 1, str(error))]) from None
    reader = csv.reader(io.StringIO(text), delimiter=";", quotechar='"')
    rows = [(reader.line_num, row) for row in reader]

    title, header, header_line = "", None, 0
    for line, row in rows:
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        lowered = {c.lower() for c in cells}
        if len(cells) > 1 and lowered & PERIOD_COLUMNS:
            header, header_line = cells, line
            break
        if not title and len([c for c in cells if c]) == 1:
            title = next(c for c in cells if c)
    if header is None:
        raise StatisticsImportError([RowError(1, "geen kopregel met de kolom 'Perioden' gevonden")])
    lowered = [c.lower() for c in header]
    if not set(lowered) & REGION_COLUMNS:
        raise StatisticsImportError([RowError(header_line, "de kolom 'Regio's' ontbreekt in de kopregel")])
    region_col = next(i for i, c in enumerate(lowered) if c in REGION_COLUMNS)
    period_col = next(i for i, c in enumerate(lowered) if c in PERIOD_COLUMNS)
    last_dimension = max(region_col, period_col)
    category_cols = [i for i in range(last_dimension) if i not in (region_col, period_col)]
    measure_cols = list(range(last_dimension + 1, len(header)))
    if not measure_cols:
        raise StatisticsImportError([RowError(header_line, "geen kolommen met waarden na 'Regio's' en 'Perioden'")])
    titles_units = {i: _split_unit(header[i]) for i in measure_cols}

    errors: list[RowError] = []
    observations: list[ParsedObservation] = []
    seen: dict[tuple, int] = {}
    measures: dict[tuple, ParsedMeasure] = {}
    for line, row in rows:
        if line <= header_line:
            continue
        cells = [c.strip() for c in row]
        if len([c for c in cells if c]) <= 1 and len(cells) <= 1:
            continue  # blank line or a text line of the title block / footer ("Bron: CBS")
        if len(cells) != len(header):
            errors.append(RowError(line, f"verwacht {len(header)} kolommen, gevonden {len(cells)}"))
            continue
        if not any(cells[i] for i in (region_col, period_col)):  # the units row under the header
            for i in measure_cols:
                if cells[i]:
                    titles_units[i] = (titles_units[i][0], cells[i])
            continue
        try:
            region = regions.code_for_name(cells[region_col])
            period, provisional = parse_period_title(cells[period_col])
        except ValueError as exc:
            errors.append(RowError(line, str(exc)))
            continue
        category = " / ".join(cells[i] for i in category_cols)
        for i in measure_cols:
            measure_title, unit = titles_units[i]
            try:
                value = parse_value(cells[i])
            except ValueError as exc:
                errors.append(RowError(line, f"kolom '{header[i]}': {exc}"))
                continue
            key = (measure_title, category)
            measure = measures.setdefault(key, ParsedMeasure(
                code=measure_title, category_code=category, category_title=category, unit=unit,
                title=measure_title))
            identity = (key, region, period)
            if identity in seen:
                errors.append(RowError(line, f"dubbele waarneming voor {cells[region_col]} {cells[period_col]} "
                                             f"(ook op rij {seen[identity]})"))
                continue
            seen[identity] = line
            observations.append(ParsedObservation(measure, region, period, value, provisional))
    if errors:
        raise StatisticsImportError(errors)
    if not observations:
        raise StatisticsImportError([RowError(header_line, "het bestand bevat geen gegevensrijen")])
    return ParsedTable(table_id=table_id, title=title or table_id, publisher=publisher, licence=licence,
                       source_format="statline-csv", observations=observations)
