"""SBI 2008 (Standaard Bedrijfsindeling, CBS) facts the indicators need, versioned.

When CBS publishes a new SBI (SBI 2025 is announced), add a new version beside this one and let establishments
carry their `sbi_version`; never edit the tables of a published version in place.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .schema import PURPOSE_BIT

SBI_VERSION = "SBI2008"

# Section letter per two-digit division (SBI 2008 = NACE rev. 2 at this level).
_SECTION_RANGES = (
    (1, 3, "A"), (5, 9, "B"), (10, 33, "C"), (35, 35, "D"), (36, 39, "E"), (41, 43, "F"), (45, 47, "G"),
    (49, 53, "H"), (55, 56, "I"), (58, 63, "J"), (64, 66, "K"), (68, 68, "L"), (69, 75, "M"), (77, 82, "N"),
    (84, 84, "O"), (85, 85, "P"), (86, 88, "Q"), (90, 93, "R"), (94, 96, "S"), (97, 98, "T"), (99, 99, "U"),
)
SECTION_TITLES = {
    "A": "Landbouw, bosbouw en visserij", "B": "Delfstoffenwinning", "C": "Industrie",
    "D": "Energievoorziening", "E": "Waterbedrijven en afvalbeheer", "F": "Bouwnijverheid",
    "G": "Handel (incl. reparatie van auto's)", "H": "Vervoer en opslag", "I": "Logies-, maaltijd- en drankverstrekking",
}

_ANY = None  # no restriction: office-like activity that may be registered at any address, including a home


def _mask(*names: str) -> int:
    mask = 0
    for name in names:
        mask |= PURPOSE_BIT[name]
    return mask


# Which BAG gebruiksdoelen allow the activity of a section. Sections not listed (J-U: office, services, care,
# culture) are allowed anywhere: many are run from home. A restriction is a signal to look, not a violation.
SECTION_ALLOWED_PURPOSES: dict[str, int | None] = {
    "A": _mask("woonfunctie", "industriefunctie", "overige gebruiksfunctie"),
    "B": _mask("industriefunctie", "overige gebruiksfunctie"),
    "C": _mask("industriefunctie", "overige gebruiksfunctie"),
    "D": _mask("industriefunctie", "overige gebruiksfunctie"),
    "E": _mask("industriefunctie", "overige gebruiksfunctie"),
    "F": _mask("woonfunctie", "kantoorfunctie", "industriefunctie", "overige gebruiksfunctie"),
    "G": _mask("winkelfunctie", "industriefunctie", "kantoorfunctie", "overige gebruiksfunctie"),
    "H": _mask("industriefunctie", "kantoorfunctie", "overige gebruiksfunctie"),
    "I": _mask("logiesfunctie", "bijeenkomstfunctie", "winkelfunctie"),
}
# Activities that are normal at a home address although their section is restricted (webshops, mail order).
PREFIX_EXCEPTIONS = {"4791": _ANY}

# Branches the RIEC informatiebeelden name as vulnerable to undermining (autobranche, winkelstraten); a
# municipality replaces this list in its settings. Prefixes of SBI codes.
DEFAULT_HIGH_RISK_PREFIXES = (
    "4511",  # handel in en reparatie van personenauto's
    "4519",  # handel in andere motorvoertuigen
    "4520",  # onderhoud en reparatie van auto's (incl. autowasserijen)
    "4532",  # detailhandel in auto-onderdelen
    "5630",  # cafés (incl. shishalounges)
    "9602",  # kappers en schoonheidsverzorging (barbershops, nagelstudio's)
    "4742",  # detailhandel in telecommunicatieapparatuur (belwinkels)
    "6499",  # overige financiële holdings en geldtransfer
)


def section_of(code: str) -> str:
    division = int(code[:2]) if code[:2].isdigit() else -1
    for low, high, letter in _SECTION_RANGES:
        if low <= division <= high:
            return letter
    return ""


def _allowed(code: str, section: str) -> int:
    for prefix, mask in PREFIX_EXCEPTIONS.items():
        if code.startswith(prefix):
            return -1 if mask is None else mask
    mask = SECTION_ALLOWED_PURPOSES.get(section, _ANY)
    return -1 if mask is None else mask


class Codes:
    """SBI codes of many establishments, factorised once: every lookup is done per distinct code."""

    def __init__(self, codes):
        inverse, unique = pd.factorize(np.asarray(codes, dtype=object), sort=False)
        self.inverse = inverse
        self.unique = [str(code) for code in unique]

    def _spread(self, per_code: list, missing, dtype) -> np.ndarray:
        return np.array(per_code + [missing], dtype=dtype)[self.inverse]

    def allowed_purpose_masks(self) -> np.ndarray:
        return self._spread([_allowed(code, section_of(code)) for code in self.unique], -1, np.int64)

    def matches_prefixes(self, prefixes) -> np.ndarray:
        prefixes = tuple(str(p) for p in prefixes)
        return self._spread([bool(prefixes) and code.startswith(prefixes) for code in self.unique], False, bool)
