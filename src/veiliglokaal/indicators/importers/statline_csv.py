"""StatLine CSV download: `;`-separated, quoted, a title block, "." for no value, regions and periods by name.

Both layouts the StatLine site offers for download are handled, after text lines (title, "Bron: ...") of one cell:

- periods in a column: one header row holding the dimension columns (any extra dimension such as "Soort
  misdrijf", then "Regio's" and "Perioden") followed by one column per measure, "Title (unit)"; optionally a row
  of units right below the header;
- periods as columns (the site's default): the dimension columns ("Onderwerp" optional, "Soort misdrijf",
  "Regio's") followed by one column per period ("2023", "2024*" provisional); the topic is the "Onderwerp" column
  or a header row above or below the periods naming each column's topic ("Geregistreerde misdrijven (aantal)").

Region labels are names ("Ermelo") or names with the kind StatLine adds ("Ermelo (gemeente)", "Oost-Nederland
(RE)", "Gelderland (PV)"); see `RegionLookup.code_for_name`. The CSV carries no codes, so a measure's code is its
title and an extra dimension's category code is its label.
"""

import csv
import io
import re

from veiliglokaal.core.column_mapping import name_key
from veiliglokaal.core.tabular import TabularError, decode_text

from .base import (ParsedMeasure, ParsedObservation, ParsedTable, RegionLookup, RowError, StatisticsImportError,
                   parse_period_title, parse_value)

REGION_COLUMNS = {"regios", "regio", "gemeente", "gemeenten", "wijkenenbuurten", "regioindeling"}
PERIOD_COLUMNS = {"perioden", "periode"}
TOPIC_COLUMNS = {"onderwerp", "onderwerpen"}
_UNIT = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")


def _split_unit(header: str) -> tuple[str, str]:
    match = _UNIT.match(header.strip())
    return (match[1], match[2]) if match else (header.strip(), "")


def _is_period(text: str) -> bool:
    try:
        parse_period_title(text)
    except ValueError:
        return False
    return True


def parse(content: bytes, *, regions: RegionLookup, table_id: str, publisher: str = "CBS",
          licence: str = "CC BY 4.0") -> ParsedTable:
    try:  # the kit's encoding detection: UTF-8, or Windows-1252 from an older download re-saved in Excel
        text = decode_text(content)
    except TabularError as error:
        raise StatisticsImportError([RowError(error.line or 1, str(error))]) from None
    reader = csv.reader(io.StringIO(text), delimiter=";", quotechar='"')
    rows = [(reader.line_num, [c.strip() for c in row]) for row in reader]

    # The header row is the first row of several cells naming the region dimension ("Regio's"), matched through the
    # kit's column-name key so "Regio's", "regios" and "Wijken en buurten" are one column.
    title, header, header_index = "", None, 0
    for index, (line, cells) in enumerate(rows):
        if len(cells) > 1 and {name_key(c) for c in cells} & REGION_COLUMNS:
            header, header_index = cells, index
            break
        if not title and len([c for c in cells if c]) == 1:
            title = next(c for c in cells if c)
    if header is None:
        raise StatisticsImportError([RowError(1, "geen kopregel met de kolom 'Regio's' gevonden")])
    keys = [name_key(c) for c in header]
    region_col = next(i for i, k in enumerate(keys) if k in REGION_COLUMNS)
    if any(k in PERIOD_COLUMNS for k in keys):
        return _parse_long(rows, header_index, header, keys, region_col, title, regions=regions, table_id=table_id,
                           publisher=publisher, licence=licence)
    return _parse_wide(rows, header_index, header, keys, region_col, title, regions=regions, table_id=table_id,
                       publisher=publisher, licence=licence)



class _Collected:
    """The observations of one CSV file as they are read (both layouts): one measure per (topic, category), each
    (measure, region, period) once, errors per row; all or nothing at the end."""

    def __init__(self):
        self.errors: list[RowError] = []
        self.observations: list[ParsedObservation] = []
        self.seen: dict[tuple, int] = {}
        self.measures: dict[tuple, ParsedMeasure] = {}

    def add(self, line, column, cell, measure_key, region, period, provisional, *, where):
        try:
            value = parse_value(cell)
        except ValueError as exc:
            self.errors.append(RowError(line, f"kolom '{column}': {exc}"))
            return
        title, category, unit = measure_key
        key = (title, category)
        measure = self.measures.setdefault(key, ParsedMeasure(
            code=title, category_code=category, category_title=category, unit=unit, title=title))
        identity = (key, region, period)
        if identity in self.seen:
            self.errors.append(RowError(line, f"dubbele waarneming voor {where} (ook op rij {self.seen[identity]})"))
            return
        self.seen[identity] = line
        self.observations.append(ParsedObservation(measure, region, period, value, provisional))

    def table(self, header_line, **table) -> ParsedTable:
        if self.errors:
            raise StatisticsImportError(self.errors)
        if not self.observations:
            raise StatisticsImportError([RowError(header_line, "het bestand bevat geen gegevensrijen")])
        return ParsedTable(source_format="statline-csv", observations=self.observations, **table)

def _parse_long(rows, header_index, header, keys, region_col, title, *, regions, table_id, publisher, licence):
    """Periods in a column ("Perioden"), one column per topic "Title (unit)"."""
    header_line = rows[header_index][0]
    period_col = next(i for i, k in enumerate(keys) if k in PERIOD_COLUMNS)
    last_dimension = max(region_col, period_col)
    category_cols = [i for i in range(last_dimension) if i not in (region_col, period_col)]
    measure_cols = list(range(last_dimension + 1, len(header)))
    if not measure_cols:
        raise StatisticsImportError([RowError(header_line, "geen kolommen met waarden na 'Regio's' en 'Perioden'")])
    titles_units = {i: _split_unit(header[i]) for i in measure_cols}

    collected = _Collected()
    errors = collected.errors
    for line, cells in rows:
        if line <= header_line:
            continue
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
            collected.add(line, header[i], cells[i], (measure_title, category, unit), region, period, provisional,
                          where=f"{cells[region_col]} {cells[period_col]}")
    return collected.table(header_line, table_id=table_id, title=title or table_id, publisher=publisher,
                           licence=licence)


def _parse_wide(rows, header_index, header, keys, region_col, title, *, regions, table_id, publisher, licence):
    """Periods as columns, the layout StatLine offers by default: the dimension columns ("Onderwerp" optional, "Soort
    misdrijf", "Regio's"), then one column per period ("2023", "2024*"). The topic is the "Onderwerp" column of each
    row, or a header row above/below the periods row naming the topic of each column ("Geregistreerde misdrijven
    (aantal)")."""
    header_line = rows[header_index][0]
    topic_col = next((i for i, k in enumerate(keys) if k in TOPIC_COLUMNS), None)
    last_dimension = max(region_col, topic_col if topic_col is not None else -1)
    value_cols = list(range(last_dimension + 1, len(header)))
    dimension_cols = list(range(last_dimension + 1))
    # the header block: the header row and an adjacent row whose dimension cells are empty (topic or unit row)
    block = [header_index]
    for neighbour in (header_index - 1, header_index + 1):
        if 0 <= neighbour < len(rows):
            cells = rows[neighbour][1]
            if len(cells) == len(header) and not any(cells[i] for i in dimension_cols) and any(cells[i] for i in value_cols):
                block.append(neighbour)
    periods, topics = {}, {}
    for i in value_cols:
        for index in block:
            cell = rows[index][1][i]
            if not cell:
                continue
            if i not in periods and _is_period(cell):
                periods[i] = parse_period_title(cell)
            elif i not in topics:
                topics[i] = _split_unit(cell)
    bad = [header[i] or f"kolom {i + 1}" for i in value_cols if i not in periods]
    if not value_cols or bad:
        raise StatisticsImportError([RowError(header_line, "na 'Regio's' verwacht één kolom per periode (bijvoorbeeld "
                                                           f"'2024' of '2024*'); geen periode: {', '.join(bad)}")])
    if topic_col is None and len(topics) != len(value_cols):
        raise StatisticsImportError([RowError(header_line, "geen onderwerp gevonden: verwacht een kolom 'Onderwerp' of "
                                                           "een kopregel met het onderwerp boven de perioden")])
    category_cols = [i for i in dimension_cols if i not in (region_col, topic_col)]
    last_header_line = max(rows[index][0] for index in block)

    collected = _Collected()
    errors = collected.errors
    for line, cells in rows:
        if line <= last_header_line:
            continue
        if len([c for c in cells if c]) <= 1 and len(cells) <= 1:
            continue  # blank line or a text line of the footer ("Bron: CBS")
        if len(cells) != len(header):
            errors.append(RowError(line, f"verwacht {len(header)} kolommen, gevonden {len(cells)}"))
            continue
        try:
            region = regions.code_for_name(cells[region_col])
        except ValueError as exc:
            errors.append(RowError(line, str(exc)))
            continue
        category = " / ".join(cells[i] for i in category_cols)
        for i in value_cols:
            measure_title, unit = _split_unit(cells[topic_col]) if topic_col is not None else topics[i]
            period, provisional = periods[i]
            collected.add(line, header[i], cells[i], (measure_title, category, unit), region, period, provisional,
                          where=f"{cells[region_col]} {header[i]}")
    return collected.table(header_line, table_id=table_id, title=title or table_id, publisher=publisher,
                           licence=licence)
