"""SBI 2008 (Standaard Bedrijfsindeling, CBS) facts the indicators need, declared as versioned tables.

Two tables live as data files in `irregularities/data/`, each with a version, a change log, and a source and reason
per rule, so they can be reviewed (settings page, Algoritmeregister) without reading code:
- `sbi_gebruiksdoel.yaml`: which BAG gebruiksdoelen fit the main activity of an establishment;
- `risicobranches.yaml`: the default branches the risk-branch concentration counts (a municipality extends it).
Both are read and validated once per process; a bad table raises `SbiTableError` with a clear message.

When CBS publishes a new SBI (SBI 2025 is announced), add new tables beside these and let establishments carry
their `sbi_version`; never edit a published version in place.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .schema import PURPOSE_BIT, PURPOSES

SBI_VERSION = "SBI2008"
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PURPOSE_TABLE_FILE = DATA_DIR / "sbi_gebruiksdoel.yaml"
RISK_TABLE_FILE = DATA_DIR / "risicobranches.yaml"
ALL = "all"

# Section letter per two-digit division (SBI 2008 = NACE rev. 2 at this level).
_SECTION_RANGES = (
    (1, 3, "A"), (5, 9, "B"), (10, 33, "C"), (35, 35, "D"), (36, 39, "E"), (41, 43, "F"), (45, 47, "G"),
    (49, 53, "H"), (55, 56, "I"), (58, 63, "J"), (64, 66, "K"), (68, 68, "L"), (69, 75, "M"), (77, 82, "N"),
    (84, 84, "O"), (85, 85, "P"), (86, 88, "Q"), (90, 93, "R"), (94, 96, "S"), (97, 98, "T"), (99, 99, "U"),
)
SECTION_LETTERS = {letter for _low, _high, letter in _SECTION_RANGES}


class SbiTableError(ValueError):
    """A declared SBI table is malformed (the message says which file, which rule and what is wrong)."""


@dataclass(frozen=True)
class Change:
    version: str
    summary: str
    reason: str


@dataclass(frozen=True)
class PurposeRule:
    match: str                     # section letter ("C") or SBI prefix of 2 to 5 digits ("46", "9604")
    allowed: tuple[str, ...] | None  # BAG gebruiksdoelen; None = every gebruiksdoel
    source: str
    reason: str

    @property
    def mask(self) -> int:
        if self.allowed is None:
            return -1
        mask = 0
        for name in self.allowed:
            mask |= PURPOSE_BIT[name]
        return mask


@dataclass(frozen=True)
class PurposeTable:
    version: str
    sbi_version: str
    changes: tuple[Change, ...]
    rules: tuple[PurposeRule, ...]

    def rule_for(self, code: str) -> PurposeRule | None:
        """The rule with the longest matching prefix; else the section's rule; else None (fits everything)."""
        best = None
        for rule in self.rules:
            if rule.match.isdigit() and code.startswith(rule.match) and (best is None or len(rule.match) > len(best.match)):
                best = rule
        if best is not None:
            return best
        section = section_of(code)
        return next((rule for rule in self.rules if rule.match == section), None)

    def allowed_mask(self, code: str) -> int:
        """Bit mask of the gebruiksdoelen that fit `code`; -1 = every gebruiksdoel."""
        rule = self.rule_for(code)
        return -1 if rule is None else rule.mask


@dataclass(frozen=True)
class RiskBranch:
    sbi: str
    label: str
    source: str
    reason: str


@dataclass(frozen=True)
class RiskTable:
    version: str
    sbi_version: str
    changes: tuple[Change, ...]
    entries: tuple[RiskBranch, ...]

    @property
    def prefixes(self) -> tuple[str, ...]:
        return tuple(entry.sbi for entry in self.entries)


# --- reading and validating ----------------------------------------------------------------------------------------

def _text(item: dict, key: str, where: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SbiTableError(f"{where}: '{key}' ontbreekt of is leeg.")
    return value.strip()


def _sbi_prefix(value, where: str) -> str:
    text = str(value).strip() if isinstance(value, (str, int)) else ""
    if not (text.isdigit() and 2 <= len(text) <= 5):
        raise SbiTableError(f"{where}: '{value}' is geen SBI-code (2 tot 5 cijfers).")
    return text


def _load(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise SbiTableError(f"{path.name}: niet te lezen ({error}).") from None
    if not isinstance(data, dict):
        raise SbiTableError(f"{path.name}: verwacht een tabel met version, changes en regels.")
    return data


def _head(data: dict, name: str) -> tuple[str, str, tuple[Change, ...]]:
    version = _text(data, "version", name)
    sbi_version = _text(data, "sbi_version", name)
    if sbi_version != SBI_VERSION:
        raise SbiTableError(f"{name}: sbi_version '{sbi_version}' wordt niet ondersteund (verwacht {SBI_VERSION}).")
    changes = data.get("changes")
    if not isinstance(changes, list) or not changes:
        raise SbiTableError(f"{name}: 'changes' ontbreekt; elke versie heeft een samenvatting en een reden.")
    parsed = tuple(Change(_text(c, "version", f"{name}, wijziging"), _text(c, "summary", f"{name}, wijziging"),
                          _text(c, "reason", f"{name}, wijziging")) if isinstance(c, dict)
                   else _bad(f"{name}: een wijziging is geen tabel.") for c in changes)
    if parsed[-1].version != version:
        raise SbiTableError(f"{name}: de laatste wijziging ({parsed[-1].version}) hoort bij versie {version}.")
    return version, sbi_version, parsed


def _bad(message: str):
    raise SbiTableError(message)


def parse_purpose_table(data: dict, name: str = "sbi_gebruiksdoel.yaml") -> PurposeTable:
    version, sbi_version, changes = _head(data, name)
    rules_in = data.get("rules")
    if not isinstance(rules_in, list) or not rules_in:
        raise SbiTableError(f"{name}: 'rules' ontbreekt of is leeg.")
    rules, seen = [], set()
    for number, item in enumerate(rules_in, start=1):
        where = f"{name}, regel {number}"
        if not isinstance(item, dict):
            raise SbiTableError(f"{where}: verwacht match, allowed, source en reason.")
        match = str(item.get("match", "")).strip()
        if match not in SECTION_LETTERS:
            match = _sbi_prefix(match, where)
        if match in seen:
            raise SbiTableError(f"{where}: '{match}' staat twee keer in de tabel.")
        seen.add(match)
        allowed = item.get("allowed")
        if allowed == ALL:
            allowed_names = None
        elif isinstance(allowed, list) and allowed:
            unknown = [str(p) for p in allowed if p not in PURPOSE_BIT]
            if unknown:
                raise SbiTableError(f"{where}: onbekend gebruiksdoel {', '.join(unknown)} (kies uit "
                                    f"{', '.join(PURPOSES)}).")
            allowed_names = tuple(allowed)
        else:
            raise SbiTableError(f"{where}: 'allowed' is een lijst van gebruiksdoelen of '{ALL}'.")
        rules.append(PurposeRule(match, allowed_names, _text(item, "source", where), _text(item, "reason", where)))
    return PurposeTable(version, sbi_version, changes, tuple(rules))


def parse_risk_table(data: dict, name: str = "risicobranches.yaml") -> RiskTable:
    version, sbi_version, changes = _head(data, name)
    entries_in = data.get("entries")
    if not isinstance(entries_in, list) or not entries_in:
        raise SbiTableError(f"{name}: 'entries' ontbreekt of is leeg.")
    entries, seen = [], set()
    for number, item in enumerate(entries_in, start=1):
        where = f"{name}, branche {number}"
        if not isinstance(item, dict):
            raise SbiTableError(f"{where}: verwacht sbi, label, source en reason.")
        code = _sbi_prefix(item.get("sbi"), where)
        if code in seen:
            raise SbiTableError(f"{where}: SBI-code {code} staat twee keer in de lijst.")
        seen.add(code)
        entries.append(RiskBranch(code, _text(item, "label", where), _text(item, "source", where),
                                  _text(item, "reason", where)))
    return RiskTable(version, sbi_version, changes, tuple(entries))


@functools.cache
def purpose_table() -> PurposeTable:
    return parse_purpose_table(_load(PURPOSE_TABLE_FILE), PURPOSE_TABLE_FILE.name)


@functools.cache
def risk_table() -> RiskTable:
    return parse_risk_table(_load(RISK_TABLE_FILE), RISK_TABLE_FILE.name)


def default_high_risk_prefixes() -> list[str]:
    return list(risk_table().prefixes)


def section_of(code: str) -> str:
    division = int(code[:2]) if code[:2].isdigit() else -1
    for low, high, letter in _SECTION_RANGES:
        if low <= division <= high:
            return letter
    return ""


class Codes:
    """SBI codes of many establishments, factorised once: every lookup is done per distinct code."""

    def __init__(self, codes):
        inverse, unique = pd.factorize(np.asarray(codes, dtype=object), sort=False)
        self.inverse = inverse
        self.unique = [str(code) for code in unique]

    def _spread(self, per_code: list, missing, dtype) -> np.ndarray:
        return np.array(per_code + [missing], dtype=dtype)[self.inverse]

    def allowed_purpose_masks(self, table: PurposeTable | None = None) -> np.ndarray:
        table = table or purpose_table()
        return self._spread([table.allowed_mask(code) for code in self.unique], -1, np.int64)

    def matches_prefixes(self, prefixes) -> np.ndarray:
        prefixes = tuple(str(p) for p in prefixes)
        return self._spread([bool(prefixes) and code.startswith(prefixes) for code in self.unique], False, bool)
