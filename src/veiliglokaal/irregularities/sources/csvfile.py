"""Reading a CSV source: UTF-8 only (with or without BOM), comma or semicolon, a header row with documented
columns. File-level problems become `RowError`s with row 0 (encoding) or row 1 (the header)."""

from __future__ import annotations

import csv
import io
from typing import Iterator

from django.utils.translation import gettext as _

from .base import Column, RowError

# Columns that DOOK never accepts, whatever the source: it works with counts per address, not with persons.
FORBIDDEN_WORDS = ("naam", "name", "geboorte", "birth", "nationaliteit", "nationality", "geslacht", "bsn",
                   "etniciteit", "herkomst", "geboorteland")


def count_data_lines(path: str) -> int:
    with open(path, "rb") as handle:
        data = handle.read()
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
    return max(lines - 1, 0)


def decode_utf8(raw: bytes) -> tuple[str | None, RowError | None]:
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        guess = _("Het lijkt Windows-1252 (ANSI) of Latin-1, zoals Excel dat standaard opslaat.")
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            guess = _("Het lijkt UTF-16.")
        message = _("Het bestand is niet in UTF-8 opgeslagen (eerste onleesbare teken op regel %(line)s). %(guess)s "
                    "Sla het op als UTF-8 (in Excel: 'CSV UTF-8 (door komma's gescheiden)') en probeer het opnieuw.") % {
            "line": line, "guess": guess}
        return None, RowError(line, "", message)


def _delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _header_errors(header: list[str], columns: tuple[Column, ...], forbidden_words) -> tuple[list[RowError], dict]:
    """Check the header; return errors and a map from the file's column name to the documented column name."""
    known = {}
    for column in columns:
        for name in (column.name, *column.aliases):
            known[name.lower()] = column.name
    errors, mapping, seen = [], {}, set()
    for name in header:
        clean = name.strip()
        canonical = known.get(clean.lower())
        if canonical is None:
            if any(word in clean.lower() for word in forbidden_words):
                errors.append(RowError(1, clean, _("Deze kolom mag niet worden aangeleverd: DOOK gebruikt alleen "
                                                   "aantallen per adres, nooit namen, geboortedata, BSN of "
                                                   "nationaliteit. Verwijder de kolom.")))
            else:
                errors.append(RowError(1, clean, _("Onbekende kolom. Toegestaan zijn: %(cols)s.")
                                       % {"cols": ", ".join(c.name for c in columns)}))
            continue
        if canonical in seen:
            errors.append(RowError(1, clean, _("Deze kolom komt twee keer voor.")))
        seen.add(canonical)
        mapping[name] = canonical
    for column in columns:
        if column.required and column.name not in seen:
            errors.append(RowError(1, column.name, _("Verplichte kolom ontbreekt.")))
    return errors, mapping


def read_rows(path: str, columns: tuple[Column, ...], forbidden_words=()
              ) -> Iterator[RowError | tuple[int, dict]]:
    """Yield header/encoding errors (and stop), or (line number, {documented column: value}) per data row."""
    with open(path, "rb") as handle:
        raw = handle.read()
    text, problem = decode_utf8(raw)
    if problem:
        yield problem
        return
    if not text.strip():
        yield RowError(0, "", _("Het bestand is leeg."))
        return
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n", 1)[0]))
    header = next(reader)
    errors, mapping = _header_errors(header, columns, forbidden_words)
    if errors:
        yield from errors
        return
    names = [mapping[name] for name in header]
    for values in reader:
        if not any(value.strip() for value in values):
            continue  # blank line
        if len(values) != len(names):
            yield RowError(reader.line_num, "", _("Deze regel heeft %(n)s waarden; de kopregel heeft %(m)s kolommen.")
                           % {"n": len(values), "m": len(names)})
            continue
        yield reader.line_num, dict(zip(names, values))
