"""The contract every DOOK source type fulfils, and the small value types the parsers and the runner share.

A source type is one folder under `sources/` holding one class that subclasses `SourceType` and registers
itself with `@register`. It declares what a user sees (key, Dutch label and description, accepted file types,
maximum size, documented columns) and implements two steps: `parse` turns a file into normalised rows or row
errors without touching the database, and `write` stores validated rows. The shared runner (`runner.py`) does
everything in between: counting, progress, cross-row checks, matching addresses, and the all-or-nothing rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Iterator

from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024


class Register:
    """What a source says something about: BAG addresses, or one of the registers keyed by an address."""

    BAG = "bag"
    KVK = "kvk"
    BRP = "brp"
    WOZ = "woz"


@dataclass(frozen=True)
class Column:
    """One documented column (or field) of a source format."""

    name: str
    description: str
    required: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowError:
    """A problem in the file: row 0 means the file as a whole (encoding, columns, layout)."""

    row: int
    column: str
    message: str
    value: str = ""

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value[:80], "message": str(self.message)}


@dataclass
class ParsedRow:
    """A normalised row: `data` uses the model's field names; `address_key` names the BAG object it is about."""

    row: int
    data: dict
    address_key: str = ""
    address_column: str = ""


@dataclass
class Skipped:
    """A row left out on purpose (documented per source type), counted in the import's provenance."""

    row: int
    reason: str


@dataclass
class ImportContext:
    """What parsing and writing need to know about the municipality and the import."""

    municipality_id: int
    municipality_code: str  # "0233": the first four digits of its BAG identifiers
    reference_date: object
    source_import: object = None
    addresses: dict[str, int] = field(default_factory=dict)  # BAG id or nummeraanduiding id -> Address.pk
    column_mapping: dict[str, str] = field(default_factory=dict)  # chosen for this file: documented -> file's
    saved_mapping: dict[str, str] = field(default_factory=dict)  # the municipality's last one: a hint only
    ignored_columns: list[str] = field(default_factory=list)  # filled while parsing: columns no field used


class SourceType:
    """Base class of every source type. Subclasses set the class attributes and implement `parse` and `write`."""

    key: ClassVar[str]
    label: ClassVar[str]
    description: ClassVar[str]
    register: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]
    max_bytes: ClassVar[int] = 200 * MB
    columns: ClassVar[tuple[Column, ...]] = ()
    one_of: ClassVar[tuple[tuple[str, ...], ...]] = ()  # column groups of which the file needs at least one
    tabular: ClassVar[bool] = False  # read through core.tabular, with the column-mapping step
    unique_field: ClassVar[str] = ""  # a field of `data` that must be unique within the file
    unique_column: ClassVar[str] = ""  # the column it came from (for the error report)
    format_doc: ClassVar[str] = "docs/dook-bronnen.md"

    def count_rows(self, path: str) -> int:
        raise NotImplementedError

    def parse(self, path: str, context: ImportContext) -> Iterator[ParsedRow | RowError | Skipped]:
        raise NotImplementedError

    def write(self, rows: list[ParsedRow], context: ImportContext) -> int:
        raise NotImplementedError

    def schema(self):
        """The column-mapping schema: the documented columns, their aliases as suggested source names."""
        from veiliglokaal.core.column_mapping import Schema, Target

        targets = tuple(Target(c.name, c.name, c.required, c.aliases, help=c.description) for c in self.columns)
        return Schema(f"dook.{self.key}", targets, self.one_of)

    @property
    def needs_addresses(self) -> bool:
        return self.register != Register.BAG

    def accepts(self, file_name: str) -> bool:
        return file_name.lower().endswith(self.extensions)

    @property
    def extensions_label(self) -> str:
        return ", ".join(self.extensions)


UNKNOWN_SOURCE = _("Onbekende soort bron.")
