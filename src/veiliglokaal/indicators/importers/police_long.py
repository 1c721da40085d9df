"""The shipped police file in long format (core/data/politie_misdrijven_totaal_gemeente_2022_2024.csv):
`regiocode,regionaam,regiotype,soort_misdrijf,jaar,geregistreerde_misdrijven`, comma-separated, years only.

It is table 47013NED reshaped. Rows without a region code (the police units "(RE)", "Buitenland",
"Gemeenten; niet in te delen") cannot be keyed and are skipped, listed in `ParsedTable.skipped`.
"""

import csv
import io

from .base import (ParsedMeasure, ParsedObservation, ParsedTable, RegionLookup, RowError, StatisticsImportError,
                   parse_value)

COLUMNS = ["regiocode", "regionaam", "regiotype", "soort_misdrijf", "jaar", "geregistreerde_misdrijven"]
TABLE_ID = "47013NED"
TITLE = "Geregistreerde misdrijven en aangiften; soort misdrijf, gemeente"
MEASURE_CODE = "GeregistreerdeMisdrijven"
CATEGORIES = {"Totaal misdrijven": "0.0.0"}  # StatLine key of soort misdrijf


def parse(content: bytes, *, regions: RegionLookup, table_id: str = TABLE_ID, publisher: str = "Politie en CBS",
          licence: str = "CC BY 4.0") -> ParsedTable:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StatisticsImportError([RowError(1, "het bestand is geen UTF-8-tekst")]) from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    if [c.strip() for c in header] != COLUMNS:
        raise StatisticsImportError([RowError(1, f"onverwachte kolommen {header}; verwacht {COLUMNS}")])
    errors, skipped, observations = [], [], []
    measures: dict[str, ParsedMeasure] = {}
    seen: dict[tuple, int] = {}
    for row in reader:
        line = reader.line_num
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(COLUMNS):
            errors.append(RowError(line, f"verwacht {len(COLUMNS)} kolommen, gevonden {len(row)}"))
            continue
        code, name, _kind, category, year, value_text = (c.strip() for c in row)
        if not code:
            skipped.append(RowError(line, f"'{name}' heeft geen regiocode en is overgeslagen"))
            continue
        try:
            region = regions.check_code(code)
            if not (year.isdigit() and len(year) == 4):
                raise ValueError(f"ongeldig jaar '{year}'")
            value = parse_value(value_text)
        except ValueError as exc:
            errors.append(RowError(line, str(exc)))
            continue
        category_code = CATEGORIES.get(category, category)
        measure = measures.setdefault(category_code, ParsedMeasure(
            code=MEASURE_CODE, category_code=category_code, category_title=category, unit="aantal",
            title="Geregistreerde misdrijven"))
        period = f"{year}JJ00"
        identity = (category_code, region, period)
        if identity in seen:
            errors.append(RowError(line, f"dubbele waarneming voor {code} {year} (ook op rij {seen[identity]})"))
            continue
        seen[identity] = line
        observations.append(ParsedObservation(measure, region, period, value))
    if errors:
        raise StatisticsImportError(errors)
    return ParsedTable(table_id=table_id, title=TITLE, publisher=publisher, licence=licence,
                       source_format="politie-lang", observations=observations, skipped=skipped)
