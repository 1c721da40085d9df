"""The one contract every statistics importer follows.

An importer is a function `parse(content: bytes, *, regions: RegionLookup, **options) -> ParsedTable`. It reads one
file completely, touches no database and either returns every observation or raises `StatisticsImportError`
listing every bad row (1-based line or record number plus a Dutch message). `services.import_statistics` writes a
`ParsedTable` in one transaction.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class RowError:
    row: int
    message: str

    def __str__(self):
        return f"rij {self.row}: {self.message}"


class StatisticsImportError(Exception):
    """The file was not imported. `errors` says why, row by row; nothing was changed."""

    def __init__(self, errors: list[RowError]):
        self.errors = list(errors)
        super().__init__(self.report())

    def report(self) -> str:
        lines = [f"Import geweigerd: {len(self.errors)} fout(en), er is niets gewijzigd."]
        lines += [str(error) for error in self.errors]
        return "\n".join(lines)


@dataclass(frozen=True)
class ParsedMeasure:
    code: str
    title: str
    unit: str = ""
    category_code: str = ""
    category_title: str = ""


@dataclass(frozen=True, slots=True)
class ParsedObservation:
    measure: ParsedMeasure
    region_code: str
    period_code: str
    value: Decimal | None
    provisional: bool = False


@dataclass
class ParsedTable:
    table_id: str
    title: str
    publisher: str
    licence: str
    source_format: str
    observations: list[ParsedObservation] = field(default_factory=list)
    skipped: list[RowError] = field(default_factory=list)  # rows deliberately left out, with the reason


@dataclass(frozen=True)
class Period:
    code: str
    type: str  # PeriodType value
    start: datetime.date


MONTHS_NL = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
             "november", "december"]
_PERIOD_CODE = re.compile(r"^(\d{4})(JJ|KW|MM)(\d{2})$")


_PERIODS: dict[str, Period] = {}


def period_code(raw) -> str:
    """The checked period code of a raw value (cached: a file has few distinct periods)."""
    try:
        return _PERIODS[raw].code
    except TypeError:
        return parse_period_code(str(raw)).code
    except KeyError:
        period = parse_period_code(str(raw))
        if len(_PERIODS) < 10000:
            _PERIODS[raw] = period
        return period.code


def parse_period_code(code: str) -> Period:
    """`2024JJ00` (year), `2024KW01` (quarter), `2024MM01` (month). Raises ValueError with a Dutch message."""
    match = _PERIOD_CODE.match(code.strip())
    if not match:
        raise ValueError(f"ongeldige periodecode '{code.strip()}' (verwacht bijvoorbeeld 2024JJ00, 2024KW01 of 2024MM01)")
    year, kind, number = int(match[1]), match[2], int(match[3])
    if kind == "JJ" and number == 0:
        return Period(match[0], "year", datetime.date(year, 1, 1))
    if kind == "KW" and 1 <= number <= 4:
        return Period(match[0], "quarter", datetime.date(year, 3 * number - 2, 1))
    if kind == "MM" and 1 <= number <= 12:
        return Period(match[0], "month", datetime.date(year, number, 1))
    raise ValueError(f"ongeldige periodecode '{code.strip()}': {kind}{number:02d} bestaat niet")


_PERIOD_TITLE = re.compile(r"^(\d{4})(?:\s+(\d)e\s+kwartaal|\s+([a-z]+))?$")


def parse_period_title(title: str) -> tuple[str, bool]:
    """A StatLine CSV period label ("2024", "2024 1e kwartaal", "2024 januari", "2024*") -> (code, provisional)."""
    text = title.strip()
    provisional = text.endswith("*")
    text = text.rstrip("*").strip()
    if _PERIOD_CODE.match(text):
        parse_period_code(text)
        return text, provisional
    match = _PERIOD_TITLE.match(text.lower())
    if match:
        year, quarter, month = match[1], match[2], match[3]
        if quarter is None and month is None:
            return f"{year}JJ00", provisional
        if quarter is not None and 1 <= int(quarter) <= 4:
            return f"{year}KW{int(quarter):02d}", provisional
        if month in MONTHS_NL:
            return f"{year}MM{MONTHS_NL.index(month) + 1:02d}", provisional
    raise ValueError(f"onbekende periode '{title.strip()}'")


def parse_value(text) -> Decimal | None:
    """A published value: "." (StatLine for 'no value'), "" or None -> None; otherwise a number."""
    if text is None:
        return None
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return Decimal(str(text))
    cleaned = str(text).strip()
    if cleaned in {"", ".", "-", "x"}:
        return None
    try:
        value = Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"waarde '{cleaned}' is geen getal") from None
    if not value.is_finite():
        raise ValueError(f"waarde '{cleaned}' is geen getal")
    return value


class RegionKind:
    """What a published region code stands for. Only `GEMEENTE` rows are linked to the municipality registry; every
    other kind is kept as published (a non-municipal row), never refused."""

    GEMEENTE = "gemeente"
    NIET_GEMEENTELIJK = "niet-gemeentelijk"  # GM0998 Buitenland, GM0999 Niet in te delen
    LAND = "land"  # NL01 / NL00 Nederland
    LANDSDEEL = "landsdeel"  # LD01..LD04
    PROVINCIE = "provincie"  # PV20..PV31
    POLITIE_EENHEID = "politie-eenheid"  # RE01..RE10, RE99
    WIJK = "wijk"  # WK036301
    BUURT = "buurt"  # BU03630001
    OVERIG = "overig"  # any other StatLine region code (CR, VR, GG, ...)

    CHOICES = ((GEMEENTE, "gemeente"), (NIET_GEMEENTELIJK, "niet-gemeentelijk"), (LAND, "land"),
               (LANDSDEEL, "landsdeel"), (PROVINCIE, "provincie"), (POLITIE_EENHEID, "politie-eenheid"),
               (WIJK, "wijk"), (BUURT, "buurt"), (OVERIG, "overig"))


NON_MUNICIPAL_GM = {"GM0998": "Buitenland", "GM0999": "Niet in te delen"}
_PREFIX_KIND = {"NL": RegionKind.LAND, "LD": RegionKind.LANDSDEEL, "PV": RegionKind.PROVINCIE,
                "RE": RegionKind.POLITIE_EENHEID, "WK": RegionKind.WIJK, "BU": RegionKind.BUURT}
# StatLine CSV labels carry the kind as a suffix: "Ermelo (gemeente)", "Oost-Nederland (RE)", "Gelderland (PV)".
LABEL_SUFFIX_KIND = {"gemeente": RegionKind.GEMEENTE, "re": RegionKind.POLITIE_EENHEID,
                     "pv": RegionKind.PROVINCIE, "ld": RegionKind.LANDSDEEL, "wijk": RegionKind.WIJK,
                     "buurt": RegionKind.BUURT}
_LABEL_PREFIX = {RegionKind.POLITIE_EENHEID: "RE", RegionKind.PROVINCIE: "PV", RegionKind.LANDSDEEL: "LD",
                 RegionKind.WIJK: "WK", RegionKind.BUURT: "BU"}
_LABEL_SUFFIX = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")
NON_MUNICIPAL_LABELS = {"buitenland": "GM0998", "niet in te delen": "GM0999",
                        "gemeenten; niet in te delen": "GM0999", "gemeente niet in te delen": "GM0999"}


def region_kind(code: str) -> str:
    if code in NON_MUNICIPAL_GM:
        return RegionKind.NIET_GEMEENTELIJK
    if code.startswith("GM"):
        return RegionKind.GEMEENTE
    return _PREFIX_KIND.get(code[:2], RegionKind.OVERIG)


class RegionLookup:
    """Which region codes and names exist: GM codes of the registry, plus NL01 for Nederland."""

    def __init__(self, municipalities: dict[str, str], extra: dict[str, str] | None = None):
        self.codes = set(municipalities) | set(extra or {})
        names = {**{name: code for code, name in municipalities.items()}, **{n: c for c, n in (extra or {}).items()}}
        self.by_name = {name.strip().lower(): code for name, code in names.items()}

    def code_for_name(self, name: str) -> str:
        """A StatLine CSV region label -> a region code. "Ermelo" and "Ermelo (gemeente)" are the municipality;
        "Buitenland" / "Niet in te delen" are GM0998 / GM0999; a label with a non-municipal suffix ("Oost-Nederland
        (RE)", "Gelderland (PV)") has no code in the CSV and is kept under the key `RE:Oost-Nederland`."""
        text = " ".join(name.split())
        lowered = text.lower()
        if lowered in self.by_name:
            return self.by_name[lowered]
        if lowered in NON_MUNICIPAL_LABELS:
            return NON_MUNICIPAL_LABELS[lowered]
        match = _LABEL_SUFFIX.match(text)
        if match:
            label, kind = match[1].strip(), LABEL_SUFFIX_KIND.get(match[2].strip().lower())
            if kind == RegionKind.GEMEENTE:
                try:
                    return self.by_name[label.lower()]
                except KeyError:
                    raise ValueError(f"onbekende gemeente '{label}'") from None
            if kind is not None:
                return f"{_LABEL_PREFIX[kind]}:{label}"[:60]
        raise ValueError(f"onbekende regio '{text}'")

    def checked(self, raw) -> str:
        """`check_code` with a cache per raw value: a national buurt file repeats each region code ~57 times."""
        cache = self.__dict__.setdefault("_checked", {})
        try:
            return cache[raw]
        except KeyError:
            return cache.setdefault(raw, self.check_code(str(raw)))
        except TypeError:  # not a scalar (a list or object in a malformed file)
            return self.check_code(str(raw))

    def check_code(self, code: str) -> str:
        """GM codes must be in the registry, except GM0998 (Buitenland) and GM0999 (Niet in te delen); other
        StatLine region codes (NL01, LD01, PV20, RE01, WK..., BU...) are kept as published."""
        code = code.strip()
        if code in NON_MUNICIPAL_GM:
            return code
        if code.startswith("GM"):
            if code not in self.codes:
                raise ValueError(f"onbekende gemeentecode '{code}'")
        elif not _REGION_CODE.match(code):
            raise ValueError(f"onbekende regiocode '{code}'")
        return code


_REGION_CODE = re.compile(r"^[A-Z]{2}[0-9A-Z]{2,8}$")
