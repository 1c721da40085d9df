"""The one reader of tabular files for every importer: CSV, XLSX and JSON lines → rows as dicts keyed by the header.

- CSV: the encoding is detected (UTF-8 with or without BOM, UTF-16 with BOM, otherwise `charset-normalizer` on the
  lines that hold non-ASCII bytes — in practice Windows-1252 or Latin-1 from Excel); the delimiter (`; , tab |`) by
  `csv.Sniffer` on a sample, falling back to the most frequent candidate in the header line. Streamed, so memory
  stays flat whatever the size; quoted fields with embedded newlines work.
- XLSX: the ZIP directory is checked first (`check_zip`: a decompression bomb is refused before openpyxl opens
  it), then openpyxl streams the first (or a named) sheet in read-only mode. Cells become strings as a person would
  type them (dates `2025-02-03`, whole numbers without `.0`).
- JSON lines: one object per line; the header is the keys in order of first appearance in the first lines.

Every row carries its 1-based number in the file (CSV/JSONL: the line; XLSX: the sheet row) for error reports,
and a Dutch `problem` when the row itself is malformed (wrong number of values, invalid JSON). A file that cannot
be read at all raises `TabularError` with a Dutch message that says what to do. Limits come from settings.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import json
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator

from django.conf import settings
from django.utils.translation import gettext as _

CSV, XLSX, JSONL = "csv", "xlsx", "jsonl"
DELIMITERS = ";,\t|"
SAMPLE_BYTES = 64 * 1024
DETECTION_SAMPLE_BYTES = 256 * 1024
JSONL_HEADER_LINES = 1000
CHUNK = 1024 * 1024
# Candidates for non-UTF-8 text: what Dutch municipal Excel and older systems write.
LEGACY_ENCODINGS = ["cp1252", "latin_1", "iso8859_15"]


class TabularError(Exception):
    """The file as a whole cannot be read. The message is Dutch; `line` points at the problem when known."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    zip_max_total: int
    zip_max_entry: int
    zip_max_ratio: int
    zip_max_entries: int

    @classmethod
    def from_settings(cls, **overrides) -> Limits:
        values = {
            "max_bytes": settings.TABULAR_MAX_BYTES, "max_rows": settings.TABULAR_MAX_ROWS,
            "zip_max_total": settings.TABULAR_ZIP_MAX_UNCOMPRESSED,
            "zip_max_entry": settings.TABULAR_ZIP_MAX_ENTRY, "zip_max_ratio": settings.TABULAR_ZIP_MAX_RATIO,
            "zip_max_entries": settings.TABULAR_ZIP_MAX_ENTRIES,
        }
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**values)


@dataclass
class Row:
    number: int  # 1-based line (CSV, JSONL) or sheet row (XLSX)
    values: dict[str, str]
    problem: str = ""  # a Dutch message when the row itself is malformed


@dataclass
class Table:
    """The header (cleaned, case kept) and a one-pass iterator over the rows. Use it inside `open_table`."""

    header: list[str]
    file_format: str
    rows: Iterator[Row]
    encoding: str = ""
    delimiter: str = ""
    notes: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------------------------ ZIP check

def check_zip(source, limits: Limits | None = None) -> None:
    """Refuse a ZIP-based file (XLSX, DOCX, ZIP) whose directory promises too much after unpacking.

    Reads only the central directory. Python's `zipfile` never inflates an entry beyond the size its directory
    declares (and fails the CRC check when it is a lie), so checking these numbers bounds the real work.
    """
    limits = limits or Limits.from_settings()
    try:
        with _binary(source) as handle, zipfile.ZipFile(handle) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise TabularError(_("Het bestand is geen geldig ZIP-bestand (ook .xlsx is een ZIP-bestand): het is "
                             "beschadigd of van een ander type.")) from error
    if len(entries) > limits.zip_max_entries:
        raise TabularError(_("Het bestand bevat %(n)s onderdelen; hoogstens %(max)s zijn toegestaan.")
                           % {"n": len(entries), "max": limits.zip_max_entries})
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > limits.zip_max_entry or (entry.file_size > CHUNK and ratio > limits.zip_max_ratio):
            raise TabularError(_("Het bestand is geweigerd: onderdeel %(name)s pakt uit tot %(size)s MB "
                                 "(%(ratio)s× zo groot). Dat lijkt op een zogenaamde zip-bom. Sla het bestand "
                                 "opnieuw op of splits het.") % {
                "name": entry.filename[:80], "size": entry.file_size // CHUNK, "ratio": int(ratio)})
    if total > limits.zip_max_total:
        raise TabularError(_("Het bestand is geweigerd: uitgepakt is het %(size)s MB, meer dan de toegestane "
                             "%(max)s MB. Splits het in kleinere bestanden.")
                           % {"size": total // CHUNK, "max": limits.zip_max_total // CHUNK})


# ------------------------------------------------------------------------------------------------ opening

@contextmanager
def _binary(source):
    """A seekable binary handle for a path, bytes or an (uploaded) file object; files are rewound, not closed."""
    if isinstance(source, (str, Path)):
        with open(source, "rb") as handle:
            yield handle
    elif isinstance(source, (bytes, bytearray)):
        yield io.BytesIO(source)
    else:
        source.seek(0)
        try:
            yield source
        finally:
            source.seek(0)


def _size(handle: BinaryIO) -> int:
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    return size


def detect_format(name: str, head: bytes) -> str:
    """csv, xlsx or jsonl, by content first (a ZIP is XLSX, a line starting with '{' is JSON lines)."""
    lower = (name or "").lower()
    if head.startswith(b"PK\x03\x04"):
        if lower.endswith((".csv", ".txt", ".jsonl", ".json", ".ndjson")):
            raise TabularError(_("Dit is geen tekstbestand maar een ZIP- of Excel-bestand. Kies het juiste bestand "
                                 "of sla het op als .xlsx."))
        return XLSX
    if lower.endswith(".xlsx"):
        raise TabularError(_("Dit is geen Excel-bestand (.xlsx), al eindigt de naam op .xlsx."))
    if lower.endswith(".xls"):
        raise TabularError(_("Het oude Excel-formaat (.xls) wordt niet gelezen. Sla het op als .xlsx of CSV."))
    text_head = head.lstrip(codecs.BOM_UTF8).lstrip()
    if lower.endswith((".jsonl", ".ndjson")) or (text_head.startswith(b"{") and not lower.endswith(".csv")):
        return JSONL
    return CSV


@contextmanager
def open_table(source, *, name: str = "", file_format: str | None = None, sheet: str | None = None,
               encoding: str | None = None, max_bytes: int | None = None, max_rows: int | None = None):
    """Open a tabular file and yield a `Table`. `encoding` forces one (otherwise detected)."""
    limits = Limits.from_settings(max_bytes=max_bytes, max_rows=max_rows)
    if isinstance(source, (str, Path)) and not name:
        name = str(source)
    with _binary(source) as handle:
        size = _size(handle)
        if size == 0:
            raise TabularError(_("Het bestand is leeg."))
        if size > limits.max_bytes:
            raise TabularError(_("Het bestand is groter dan %(max)s MB. Splits het in kleinere bestanden.")
                               % {"max": max(limits.max_bytes // CHUNK, 1)})
        head = handle.read(SAMPLE_BYTES)
        handle.seek(0)
        file_format = file_format or detect_format(name, head)
        if file_format == XLSX:
            with _open_xlsx(handle, sheet, limits) as table:
                yield table
        else:
            table = _open_text(handle, head, file_format, encoding, limits)
            yield table


def read_all(source, **kwargs) -> tuple[list[str], list[Row]]:
    """Header and every row in memory: for small files (previews, tests)."""
    with open_table(source, **kwargs) as table:
        return table.header, list(table.rows)


def preview(source, rows: int = 10, **kwargs) -> tuple[list[str], list[Row]]:
    """Header and the first `rows` rows."""
    with open_table(source, **kwargs) as table:
        shown = []
        for row in table.rows:
            shown.append(row)
            if len(shown) >= rows:
                break
        return table.header, shown


# ------------------------------------------------------------------------------------------------ header

def clean_header(names) -> list[str]:
    """Strip whitespace and BOMs, name empty columns by position, make duplicates unique; case is kept."""
    cleaned = [" ".join(str("" if name is None else name).replace("\ufeff", "").split()) for name in names]
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    if not cleaned:
        raise TabularError(_("De eerste regel moet de kolomnamen bevatten, maar is leeg."), 1)
    header, seen = [], set()
    for position, name in enumerate(cleaned, start=1):
        name = name or _("kolom %(n)s") % {"n": position}
        unique, copy = name, 2
        while unique.lower() in seen:
            unique, copy = f"{name} ({copy})", copy + 1
        seen.add(unique.lower())
        header.append(unique)
    return header


def _row_values(header: list[str], values: list[str], number: int) -> Row:
    if len(values) > len(header) and any(str(v).strip() for v in values[len(header):]):
        return Row(number, {}, _("Deze regel heeft %(n)s waarden; de kopregel heeft %(m)s kolommen.")
                   % {"n": len(values), "m": len(header)})
    padded = list(values[:len(header)]) + [""] * (len(header) - len(values))
    return Row(number, {name: value.strip() for name, value in zip(header, padded)})


# ------------------------------------------------------------------------------------------------ text files

def _is_utf8(handle: BinaryIO) -> tuple[bool, int]:
    """Whether the whole file decodes as UTF-8 (streamed); else the line of the first bad byte."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 1
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as error:
            handle.seek(0)
            return False, lines + chunk[:max(error.start, 0)].count(b"\n")
        lines += chunk.count(b"\n")
    handle.seek(0)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False, lines
    return True, 0


def _non_ascii_sample(handle: BinaryIO) -> bytes:
    """The lines holding non-ASCII bytes (up to a limit): what tells one legacy code page from another."""
    picked, size = [], 0
    for line in handle:
        if max(line, default=0) >= 0x80:
            picked.append(line)
            size += len(line)
            if size >= DETECTION_SAMPLE_BYTES:
                break
    handle.seek(0)
    return b"".join(picked)


def detect_encoding(handle: BinaryIO, head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    utf8, _line = _is_utf8(handle)
    if utf8:
        return "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(_non_ascii_sample(handle), cp_isolation=LEGACY_ENCODINGS).best()
    return best.encoding if best else "cp1252"


def decode_text(content: bytes) -> str:
    """A whole small text file as str, with the same encoding detection (for layouts that are not one table)."""
    with _binary(content) as handle:
        head = handle.read(SAMPLE_BYTES)
        handle.seek(0)
        if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise TabularError(_("Dit is geen tekstbestand. Kies een CSV-, Excel- (.xlsx) of JSON-lines-bestand."))
        encoding = detect_encoding(handle, head)
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as error:
        raise _decode_error(encoding, content[:error.start].count(b"\n") + 1) from error


def _sniff_delimiter(sample: str) -> str:
    lines = sample.splitlines()
    header = lines[0] if lines else ""
    if len(lines) > 2 and not sample.endswith(("\n", "\r")):
        sample = "\n".join(lines[:-1])  # a cut-off last line confuses the sniffer
    try:
        found = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        found = ""
    if found and found in header:
        return found
    counts = {candidate: header.count(candidate) for candidate in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _open_text(handle: BinaryIO, head: bytes, file_format: str, encoding: str | None, limits: Limits) -> Table:
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if b"\x00" in head and not utf16:
        raise TabularError(_("Dit is geen tekstbestand. Kies een CSV-, Excel- (.xlsx) of JSON-lines-bestand."))
    if encoding is None or utf16:
        encoding = detect_encoding(handle, head)
    elif encoding in ("utf-8", "utf-8-sig"):
        utf8, line = _is_utf8(handle)
        if not utf8:
            raise TabularError(_("Het bestand is niet in UTF-8 opgeslagen: regel %(line)s bevat een teken dat in "
                                 "UTF-8 niet bestaat. Kies de tekenset 'Automatisch' (of 'Windows-1252' voor een "
                                 "oudere Excel), of sla het in Excel op als 'CSV UTF-8'.") % {"line": line}, line)
        encoding = "utf-8-sig"
    elif max(head, default=0) >= 0x80 and _is_utf8(handle)[0]:  # 'é' would become 'Ã©': refuse, lose nothing
        raise TabularError(_("Het bestand is in UTF-8 opgeslagen, niet in %(encoding)s: kies de tekenset 'UTF-8' "
                             "of 'Automatisch'.") % {"encoding": encoding})
    text = io.TextIOWrapper(io.BufferedReader(_Unclosable(handle)), encoding=encoding, newline="")
    try:
        sample = text.read(SAMPLE_BYTES)
    except UnicodeDecodeError as error:
        raise _decode_error(encoding) from error
    text.seek(0)
    if not sample.strip():
        raise TabularError(_("Het bestand is leeg."))
    if file_format == JSONL:
        return _jsonl_table(text, encoding, limits)
    delimiter = _sniff_delimiter(sample.lstrip("\ufeff"))
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = clean_header(next(reader))
    except StopIteration:
        raise TabularError(_("Het bestand is leeg.")) from None
    except (csv.Error, UnicodeDecodeError) as error:
        raise TabularError(_("De kopregel kan niet worden gelezen (%(error)s).") % {"error": error}, 1) from error
    return Table(header, CSV, _csv_rows(reader, header, encoding, limits), encoding=encoding, delimiter=delimiter)


class _Unclosable(io.RawIOBase):
    """Lets a TextIOWrapper read a handle without closing it (the caller owns the handle)."""

    def __init__(self, handle):
        self.handle = handle

    def readable(self):
        return True

    def seekable(self):
        return True

    def readinto(self, buffer):
        data = self.handle.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def seek(self, offset, whence=io.SEEK_SET):
        return self.handle.seek(offset, whence)

    def tell(self):
        return self.handle.tell()


def _decode_error(encoding: str, line: int = 0) -> TabularError:
    return TabularError(_("Het bestand kan niet als %(encoding)s worden gelezen (regel %(line)s). Sla het op als "
                          "UTF-8 (in Excel: 'CSV UTF-8') en probeer het opnieuw.")
                        % {"encoding": encoding, "line": line or "?"}, line)


def _csv_rows(reader, header: list[str], encoding: str, limits: Limits) -> Iterator[Row]:
    count, start = 0, reader.line_num + 1
    try:
        for values in reader:
            if any(value.strip() for value in values):
                count += 1
                if count > limits.max_rows:
                    raise _too_many_rows(limits)
                yield _row_values(header, values, start)
            start = reader.line_num + 1
    except csv.Error as error:
        raise TabularError(_("Het CSV-bestand is niet goed opgebouwd rond regel %(line)s (%(error)s). Controleer "
                             "de aanhalingstekens.") % {"line": start, "error": error}, start) from error
    except UnicodeDecodeError as error:
        raise _decode_error(encoding, start) from error


def _too_many_rows(limits: Limits) -> TabularError:
    return TabularError(_("Het bestand heeft meer dan %(max)s regels. Splits het in kleinere bestanden.")
                        % {"max": limits.max_rows})


def _jsonl_table(text, encoding: str, limits: Limits) -> Table:
    header, seen = [], set()
    for position, line in enumerate(text, start=1):
        if position > JSONL_HEADER_LINES:
            break
        try:
            item = json.loads(line) if line.strip() else None
        except ValueError:
            continue
        if isinstance(item, dict):
            for key in item:
                if str(key) not in seen:
                    seen.add(str(key))
                    header.append(str(key))
    text.seek(0)
    header = clean_header(header) if header else []
    return Table(header, JSONL, _jsonl_rows(text, limits), encoding=encoding)


def _json_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value).strip()


def _jsonl_rows(text, limits: Limits) -> Iterator[Row]:
    count = 0
    for number, line in enumerate(text, start=1):
        if not line.strip():
            continue
        count += 1
        if count > limits.max_rows:
            raise _too_many_rows(limits)
        try:
            item = json.loads(line)
        except ValueError:
            yield Row(number, {}, _("Geen geldige JSON."))
            continue
        if not isinstance(item, dict):
            yield Row(number, {}, _("Een JSON-object verwacht."))
            continue
        yield Row(number, {" ".join(str(k).split()): _json_value(v) for k, v in item.items()})


# ------------------------------------------------------------------------------------------------ XLSX

def cell_text(value) -> str:
    """A cell as a person would have typed it: dates ISO, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat() if isinstance(value, datetime.date) else value.strftime("%H:%M")
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@contextmanager
def _open_xlsx(handle: BinaryIO, sheet: str | None, limits: Limits):
    check_zip(handle, limits)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise TabularError(_("Het Excel-bestand kan niet worden gelezen (beschadigd of geen .xlsx).")) from error
    try:
        if sheet and sheet not in workbook.sheetnames:
            raise TabularError(_("Het werkblad '%(sheet)s' staat niet in het bestand. Werkbladen: %(names)s.")
                               % {"sheet": sheet, "names": ", ".join(workbook.sheetnames)})
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        rows = worksheet.iter_rows(values_only=True)
        header = None
        for number, values in enumerate(rows, start=1):
            if any(cell_text(v) for v in values):
                header = clean_header([cell_text(v) for v in values])
                break
        if header is None:
            raise TabularError(_("Het bestand is leeg."))
        yield Table(header, XLSX, _xlsx_rows(rows, header, number, limits))
    finally:
        workbook.close()


def _xlsx_rows(rows, header: list[str], header_number: int, limits: Limits) -> Iterator[Row]:
    count = 0
    for number, values in enumerate(rows, start=header_number + 1):
        texts = [cell_text(v) for v in values]
        if not any(texts):
            continue
        count += 1
        if count > limits.max_rows:
            raise _too_many_rows(limits)
        yield _row_values(header, texts, number)
