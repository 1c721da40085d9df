"""The shipped police file in long format (core/data/politie_misdrijven_totaal_gemeente_2022_2024.csv):
`regiocode,regionaam,regiotype,soort_misdrijf,jaar,geregistreerde_misdrijven`, comma-separated, years only.

It is table 47013NED reshaped. Rows without a region code (the police units "(RE)", "Buitenland",
"Gemeenten; niet in te delen") cannot be keyed and are skipped, listed in `ParsedTable.skipped`.
"""

from veiliglokaal.core import tabular
from veiliglokaal.core.column_mapping import Schema, Target

from .base import (ParsedMeasure, ParsedObservation, ParsedTable, RegionLookup, RowError, StatisticsImportError,
                   parse_value)

COLUMNS = ["regiocode", "regionaam", "regiotype", "soort_misdrijf", "jaar", "geregistreerde_misdrijven"]
SCHEMA = Schema("indicators.police_long", (
    Target("regiocode", "regiocode", True, ("gemeentecode", "code")),
    Target("regionaam", "regionaam", True, ("gemeentenaam", "regio's", "naam")),
    Target("regiotype", "regiotype"),
    Target("soort_misdrijf", "soort misdrijf", True, ("misdrijf",)),
    Target("jaar", "jaar", True, ("perioden", "periode")),
    Target("geregistreerde_misdrijven", "geregistreerde misdrijven", True, ("aantal", "misdrijven")),
))
TABLE_ID = "47013NED"
TITLE = "Geregistreerde misdrijven en aangiften; soort misdrijf, gemeente"
MEASURE_CODE = "GeregistreerdeMisdrijven"
CATEGORIES = {"Totaal misdrijven": "0.0.0"}  # StatLine key of soort misdrijf


def _rows(content: bytes):
    """(line, values in COLUMNS order or None with a problem) through the kit; other columns are ignored."""
    try:
        with tabular.open_table(content, file_format=tabular.CSV) as table:
            resolution = SCHEMA.resolve(table.header)
            if not resolution.ok:
                raise StatisticsImportError([RowError(1, message) for message in resolution.problems.values()])
            for row in table.rows:
                if row.problem:
                    yield row.number, None, row.problem
                else:
                    yield row.number, [row.values.get(resolution.mapping.get(c, ""), "") for c in COLUMNS], ""
    except tabular.TabularError as error:
        raise StatisticsImportError([RowError(error.line or 1, str(error))]) from None


def parse(content: bytes, *, regions: RegionLookup, table_id: str = TABLE_ID, publisher: str = "Politie en CBS",
          licence: str = "CC BY 4.0") -> ParsedTable:
    errors, skipped, observations = [], [], []
    measures: dict[str, ParsedMeasure] = {}
    seen: dict[tuple, int] = {}
    for line, row, problem in _rows(content):
        if problem:
            errors.append(RowError(line, problem))
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
