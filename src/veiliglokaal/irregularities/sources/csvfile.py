"""Reading a tabular DOOK source (CSV, XLSX) through the kit's reader and column mapping (`core.tabular`,
`core.column_mapping`). File-level problems become `RowError`s with row 0 (the file) or row 1 (the header);
columns no documented field uses are ignored and listed on the import, except columns about persons."""

from __future__ import annotations

from typing import Iterator

from django.utils.translation import gettext as _

from veiliglokaal.core import tabular
from veiliglokaal.core.column_mapping import Schema, name_key

from .base import ImportContext, RowError

# Columns that DOOK never accepts, whatever the source: it works with counts per address, not with persons.
FORBIDDEN_WORDS = ("naam", "name", "geboorte", "birth", "nationaliteit", "nationality", "geslacht", "bsn",
                   "etniciteit", "herkomst", "geboorteland")
# ... but a street or place name is part of an address, not a person's name.
ADDRESS_WORDS = ("straat", "woonplaats", "openbareruimte", "plaats", "gemeente")


def count_data_lines(path: str) -> int:
    """Rows for the progress bar: lines of a text file, rows of a spreadsheet (0 when unreadable: parse says why)."""
    with open(path, "rb") as handle:
        head = handle.read(4)
    if head.startswith(b"PK"):
        try:
            with tabular.open_table(path, file_format=tabular.XLSX) as table:
                return sum(1 for _row in table.rows)
        except tabular.TabularError:
            return 0
    lines, last = 0, b""
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            lines += chunk.count(b"\n")
            last = chunk
    if lines == 0 and not head:
        return 0
    lines += 0 if last.endswith(b"\n") else 1
    return max(lines - 1, 0)


def decode_utf8(raw: bytes) -> tuple[str | None, RowError | None]:
    """For JSON, which is UTF-8 by definition (RFC 8259): the text, or a Dutch problem naming the likely encoding."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        guess = _("Het lijkt Windows-1252 (ANSI) of Latin-1, zoals Excel dat standaard opslaat.")
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            guess = _("Het lijkt UTF-16.")
        message = _("Het bestand is niet in UTF-8 opgeslagen (eerste onleesbare teken op regel %(line)s). %(guess)s "
                    "Sla het op als UTF-8 en probeer het opnieuw.") % {"line": line, "guess": guess}
        return None, RowError(line, "", message)


def is_forbidden(column: str, forbidden_words) -> bool:
    key = name_key(column)
    return any(word in key for word in forbidden_words) and not any(word in key for word in ADDRESS_WORDS)


def _header_errors(schema: Schema, header: list[str], context: ImportContext, forbidden_words
                   ) -> tuple[list[RowError], dict]:
    """Map the header; errors for persons' columns and unmapped required fields. Fills the context's lists."""
    if context.column_mapping:  # chosen for this very file in the mapping step: used exactly
        resolution = schema.check(header, context.column_mapping)
    else:
        resolution = schema.resolve(header, context.saved_mapping)
    errors = [RowError(1, column, _("Deze kolom mag niet worden aangeleverd: DOOK gebruikt alleen aantallen per "
                                    "adres, nooit namen, geboortedata, BSN of nationaliteit. Verwijder de kolom."))
              for column in resolution.ignored if is_forbidden(column, forbidden_words)]
    errors += [RowError(1, name, message) for name, message in resolution.problems.items()]
    context.column_mapping = resolution.mapping
    context.ignored_columns = [c for c in resolution.ignored if not is_forbidden(c, forbidden_words)]
    return errors, resolution.mapping


def read_rows(path: str, schema: Schema, context: ImportContext, forbidden_words=()
              ) -> Iterator[RowError | tuple[int, dict]]:
    """Yield file/header errors (and stop), or (row number, {documented column: value}) per data row.

    Only mapped columns appear in a row's dict, so `name in record` tells whether the file has that field.
    """
    try:
        with tabular.open_table(path) as table:
            errors, mapping = _header_errors(schema, table.header, context, forbidden_words)
            if errors:
                yield from errors
                return
            for row in table.rows:
                if row.problem:
                    yield RowError(row.number, "", row.problem)
                    continue
                yield row.number, {name: row.values.get(column, "") for name, column in mapping.items()}
    except tabular.TabularError as error:
        yield RowError(error.line, "", str(error))
