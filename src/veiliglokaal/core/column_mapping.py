"""Column mapping: which column of a municipality's file holds which field an importer needs.

An importer declares a `Schema`: its target fields with a Dutch label, whether they are required, an optional
value check, and the *suggested source names* real exports use. `Schema.resolve(header, saved)` maps the file's
header onto the targets — first the mapping this municipality saved last time (where those columns exist), then
exact matches that ignore case, accents, spaces, underscores, hyphens and dots, with the target's own name and
its suggestions before its label. Columns nobody asked for are ignored and listed, never a reason to refuse; a
required field without a column is a Dutch problem naming the field and the closest columns of the file.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from django.utils.translation import gettext as _


def name_key(name) -> str:
    """'Verblijfsobject_Identificatie ' and 'verblijfsobject identificatie' are the same column."""
    text = unicodedata.normalize("NFKD", str(name or ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "", text)


@dataclass(frozen=True)
class Target:
    name: str
    label: str
    required: bool = False
    suggestions: tuple[str, ...] = ()
    check: Callable | None = None  # value → clean value, raising ValueError with a Dutch message
    private: bool = False  # free text that may hold personal data: never echoed in an error report
    help: str = ""  # what the field means, shown under its choice in the mapping step

    def candidates(self) -> tuple[str, ...]:
        return (self.name, *self.suggestions, str(self.label))


@dataclass
class Resolution:
    """The outcome of mapping a header: target → column, the ignored columns, and problems per target."""

    mapping: dict[str, str]
    ignored: list[str]
    problems: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def message(self) -> str:
        return " ".join(self.problems.values())


@dataclass(frozen=True)
class Schema:
    key: str  # the importer key under which a municipality's mapping is saved
    targets: tuple[Target, ...]
    # groups of targets of which at least one must be mapped (e.g. the verblijfsobject id or the nummeraanduiding id)
    one_of: tuple[tuple[str, ...], ...] = ()

    def target(self, name: str) -> Target:
        return next(t for t in self.targets if t.name == name)

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.targets]

    def auto_mapping(self, header: list[str], saved: dict | None = None) -> dict[str, str]:
        by_key = {}
        for column in header:
            by_key.setdefault(name_key(column), column)
        mapping, used = {}, set()
        for name, column in (saved or {}).items():
            found = by_key.get(name_key(column)) if column else None
            if name in self.names and found and found not in used:
                mapping[name] = found
                used.add(found)
        for target in self.targets:
            if target.name in mapping:
                continue
            for candidate in target.candidates():
                column = by_key.get(name_key(candidate))
                if column and column not in used:
                    mapping[target.name] = column
                    used.add(column)
                    break
        return mapping

    def check(self, header: list[str], mapping: dict) -> Resolution:
        """Validate a (chosen) mapping against the header: required fields, unknown or twice-used columns."""
        clean = {name: column for name, column in mapping.items() if name in self.names and column}
        problems, used = {}, {}
        for target in self.targets:
            column = clean.get(target.name)
            if not column:
                if target.required:
                    problems[target.name] = self.missing_message(target, header, clean)
            elif column not in header:
                problems[target.name] = _("De kolom '%(column)s' staat niet in het bestand.") % {"column": column}
            elif column in used:
                problems[target.name] = _("De kolom '%(column)s' is al gekoppeld aan '%(other)s'.") % {
                    "column": column, "other": self.target(used[column]).label}
            else:
                used[column] = target.name
        for group in self.one_of:
            if not any(clean.get(name) for name in group):
                labels = " " + _("of") + " "
                problems[group[0]] = _("Verplichte kolom ontbreekt: %(fields)s (een ervan is nodig).") % {
                    "fields": labels.join(f"'{self.target(n).label}'" for n in group)}
        ignored = [column for column in header if column not in used]
        return Resolution(clean, ignored, problems)

    def resolve(self, header: list[str], saved: dict | None = None) -> Resolution:
        return self.check(header, self.auto_mapping(header, saved))

    def missing_message(self, target: Target, header: list[str], mapping: dict) -> str:
        message = _("Verplichte kolom ontbreekt: '%(label)s'.") % {"label": target.label}
        close = closest_columns(target, [c for c in header if c not in mapping.values()])
        if close:
            message += " " + _("Lijkt een van deze kolommen erop: %(columns)s?") % {
                "columns": ", ".join(f"'{c}'" for c in close)}
        return message


def closest_columns(target: Target, columns: list[str], n: int = 3) -> list[str]:
    """The columns whose names most resemble the target's name, suggestions or label."""
    scored = []
    for column in columns:
        key = name_key(column)
        score = max((difflib.SequenceMatcher(None, key, name_key(c)).ratio() for c in target.candidates()),
                    default=0)
        if score >= 0.5:
            scored.append((score, column))
    return [column for _score, column in sorted(scored, key=lambda item: -item[0])[:n]]


def apply(mapping: dict[str, str], values: dict[str, str]) -> dict[str, str]:
    """A row's values under the target names (absent columns give '')."""
    return {name: values.get(column, "") for name, column in mapping.items()}


def saved_mapping(municipality_id: int, importer: str) -> dict:
    from .models import ColumnMapping

    saved = ColumnMapping.objects.filter(municipality_id=municipality_id, importer=importer).first()
    return dict(saved.mapping) if saved else {}
