"""StatLine OData downloads that come in pages, and downloads saved as one file per endpoint.

The CBS/Politie OData services return at most a page of rows per request and end a page with a link to the next
one: OData v3 (`opendata.cbs.nl/ODataApi/odata/<id>/TypedDataSet`) with `"odata.nextLink": ".../TypedDataSet?$skip=
10000"`, OData v4 (`datasets.cbs.nl/odata/v1/CBS/<id>/Observations`) with `"@odata.nextLink": "...?$skip=..."`.
A user saves each response as a file. `combine` accepts the files of one download together:

- every file is either a bundle (one JSON object holding the endpoints by name: `DataProperties`, `TypedDataSet`,
  `Properties`, `Observations`, ...) or one endpoint response, recognised by its `odata.metadata` /
  `@odata.context` (`.../$metadata#Cbs.OData.WebAPI.TypedDataSet`, `.../$metadata#Observations`);
- the data pages (`TypedDataSet`, `UntypedDataSet`, `Observations`) are ordered by their position (the record `ID` /
  `Id`, which is the row number in the whole table, or the `$skip` of the link to the next page) and must follow
  each other without a gap; the last page must not link to a next one. A gap or a dangling next link refuses the
  whole set with a Dutch message naming the missing page (`$skip=` and the link), so an incomplete download is
  never imported as if it were complete;
- metadata endpoints that occur in more than one file must be identical, and all files must be of one table.

The result is one bundle (a dict) that the v3 and v4 parsers read like a single file.
"""

import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from .base import RowError, StatisticsImportError

DATA_SECTIONS = ("TypedDataSet", "UntypedDataSet", "Observations")
NEXT_LINK_KEYS = ("odata.nextLink", "@odata.nextLink")
CONTEXT_KEYS = ("odata.metadata", "@odata.context")
KNOWN_SECTIONS = {
    "TableInfos",
    "DataProperties",
    "Properties",
    "MeasureCodes",
    "Dimensions",
    *DATA_SECTIONS,
}
_TABLE_IN_URL = re.compile(r"/(\d{5}[A-Za-z]{3})(?:/|$)")


@dataclass
class Page:
    file_name: str
    section: str
    records: list
    next_link: str
    next_skip: int | None
    start: int | None


def load_json(content: bytes, file_name: str = "") -> dict:
    where = f"{file_name}: " if file_name else ""
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StatisticsImportError(
            [RowError(1, f"{where}het bestand is geen geldige JSON ({exc})")]
        ) from None
    if not isinstance(document, dict):
        raise StatisticsImportError(
            [
                RowError(
                    1,
                    f"{where}verwacht een JSON-object zoals de OData-dienst het levert",
                )
            ]
        )
    return document


def next_link(part) -> str:
    if isinstance(part, dict):
        for key in NEXT_LINK_KEYS:
            if part.get(key):
                return str(part[key])
    return ""


def _context(part) -> str:
    if isinstance(part, dict):
        for key in CONTEXT_KEYS:
            if part.get(key):
                return str(part[key])
    return ""


def section_of(context: str) -> str:
    """`.../$metadata#Cbs.OData.WebAPI.TypedDataSet` -> TypedDataSet; `.../$metadata#Properties` -> Properties."""
    fragment = context.rpartition("#")[2].split("/")[0].split("(")[0]
    return fragment.rpartition(".")[2]


def table_of(part) -> str:
    match = _TABLE_IN_URL.search(_context(part) or next_link(part))
    return match[1].upper() if match else ""


def as_bundle(document: dict) -> dict:
    """A bundle as is; an endpoint response as {endpoint name: response}."""
    if any(key in document for key in KNOWN_SECTIONS) or any(
        key.endswith("Codes") for key in document
    ):
        return document
    section = section_of(_context(document))
    if not section:
        raise StatisticsImportError(
            [
                RowError(
                    1,
                    "onbekend OData-bestand: geen onderdelen (TypedDataSet, Observations, "
                    "DataProperties, ...) en geen odata.metadata/@odata.context",
                )
            ]
        )
    return {section: document}


def _skip(link: str) -> int | None:
    values = parse_qs(urlsplit(link).query).get("$skip")
    try:
        return int(values[0]) if values else None
    except ValueError:
        return None


def _start(records: list, link: str) -> int | None:
    first = records[0] if records and isinstance(records[0], dict) else {}
    for key in ("ID", "Id"):
        if isinstance(first.get(key), int) and not isinstance(first.get(key), bool):
            return first[key]
    skip = _skip(link)
    return skip - len(records) if skip is not None else None


def _page(file_name: str, section: str, part) -> Page:
    records = part.get("value") if isinstance(part, dict) else part
    if not isinstance(records, list):
        raise StatisticsImportError(
            [RowError(1, f"{file_name}: {section} bevat geen lijst met rijen")]
        )
    link = next_link(part)
    return Page(file_name, section, records, link, _skip(link), _start(records, link))


def _missing(page_after: Page | None, expected: int, link: str = "") -> RowError:
    where = f" (na {page_after.file_name})" if page_after else ""
    link_text = f": {link}" if link else ""
    return RowError(
        0,
        f"de download is onvolledig: de pagina vanaf rij {expected} ($skip={expected}) ontbreekt"
        f"{where}{link_text}. Lever alle pagina's van de download samen aan.",
    )


def combine(files: list[tuple[str, bytes]]) -> dict:
    """The files of one OData download (one or more pages, bundled or per endpoint) -> one complete bundle."""
    merged: dict = {}
    pages: list[Page] = []
    tables: dict[str, str] = {}
    for file_name, content in files:
        bundle = as_bundle(load_json(content, file_name))
        for key, part in bundle.items():
            table = table_of(part)
            if table:
                tables.setdefault(table, file_name)
            if key in DATA_SECTIONS:
                pages.append(_page(file_name, key, part))
            elif key.startswith(("odata.", "@odata.", "_")):
                continue
            elif key in merged and _strip(merged[key]) != _strip(part):
                raise StatisticsImportError(
                    [
                        RowError(
                            0,
                            f"{file_name}: onderdeel {key} verschilt van dat in een ander "
                            "bestand; de bestanden horen niet bij dezelfde download",
                        )
                    ]
                )
            else:
                merged.setdefault(key, part)
    if len(tables) > 1:
        names = ", ".join(f"{table} ({name})" for table, name in sorted(tables.items()))
        raise StatisticsImportError(
            [RowError(0, f"de bestanden zijn van verschillende tabellen: {names}")]
        )
    if not pages:
        return merged
    sections = {page.section for page in pages}
    if len(sections) > 1:
        raise StatisticsImportError(
            [
                RowError(
                    0,
                    f"de bestanden bevatten verschillende gegevenssets: "
                    f"{', '.join(sorted(sections))}",
                )
            ]
        )
    merged[pages[0].section] = {"value": _chain(pages)}
    return merged


def _strip(part):
    """A metadata endpoint without its transport keys (context and links), to compare two copies."""
    if isinstance(part, dict):
        return {k: v for k, v in part.items() if k not in CONTEXT_KEYS + NEXT_LINK_KEYS}
    return part


def _chain(pages: list[Page]) -> list:
    if len(pages) == 1:
        page = pages[0]
        if page.next_link:
            start = page.next_skip if page.next_skip is not None else len(page.records)
            raise StatisticsImportError([_missing(page, start, page.next_link)])
        return page.records
    unknown = [p for p in pages if p.start is None]
    if len(unknown) > 1 or (unknown and unknown[0].next_link):
        raise StatisticsImportError(
            [
                RowError(
                    0,
                    "de volgorde van de pagina's is niet te bepalen: de rijen hebben geen "
                    "ID en de pagina's geen odata.nextLink met $skip",
                )
            ]
        )
    known = sorted((p for p in pages if p.start is not None), key=lambda p: p.start)
    ordered = known + unknown
    records, expected, previous = [], 0, None
    for page in ordered:
        start = expected if page.start is None else page.start
        if start > expected:
            raise StatisticsImportError(
                [_missing(previous, expected, previous.next_link if previous else "")]
            )
        if start < expected:
            raise StatisticsImportError(
                [
                    RowError(
                        0,
                        f"{page.file_name}: deze pagina overlapt met "
                        f"{previous.file_name if previous else 'een andere'} "
                        f"(rij {start} komt twee keer voor)",
                    )
                ]
            )
        records.extend(page.records)
        expected, previous = start + len(page.records), page
    if previous.next_link:
        raise StatisticsImportError([_missing(previous, expected, previous.next_link)])
    return records
