"""Checks of single values, shared by the parsers. Each returns the clean value or raises `ValueProblem`
with a Dutch message that says what is wrong and what is expected."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

GEBRUIKSDOELEN = (
    "woonfunctie", "bijeenkomstfunctie", "celfunctie", "gezondheidszorgfunctie", "industriefunctie",
    "kantoorfunctie", "logiesfunctie", "onderwijsfunctie", "sportfunctie", "winkelfunctie", "overige gebruiksfunctie",
)
BAG_OBJECT_TYPES = {"01": "verblijfsobject", "02": "ligplaats", "03": "standplaats", "10": "pand",
                    "20": "nummeraanduiding"}
_BAG_ID = re.compile(r"^\d{16}$")
_POSTCODE = re.compile(r"^([1-9]\d{3}) ?([A-Za-z]{2})$")


class ValueProblem(ValueError):
    pass


def text(value, max_length: int, *, required: bool = False) -> str:
    value = "" if value is None else str(value).strip()
    if required and not value:
        raise ValueProblem(_("Deze waarde is verplicht en ontbreekt."))
    if len(value) > max_length:
        raise ValueProblem(_("Te lang: hoogstens %(n)s tekens.") % {"n": max_length})
    return value


def bag_id(value, *, object_types: tuple[str, ...] | None = None, required: bool = True) -> str:
    """A 16-digit BAG identifier (leading zeros kept); optionally of given object types (digits 5-6)."""
    value = "" if value is None else str(value).strip()
    if not value:
        if required:
            raise ValueProblem(_("Het BAG-id ontbreekt."))
        return ""
    if value.isdigit() and len(value) < 16:
        raise ValueProblem(_("Een BAG-id heeft 16 cijfers; voorloopnullen zijn waarschijnlijk weggevallen "
                             "(bijvoorbeeld door Excel). Lees de kolom in als tekst."))
    if not _BAG_ID.match(value):
        raise ValueProblem(_("Geen geldig BAG-id: verwacht 16 cijfers."))
    if object_types and value[4:6] not in object_types:
        expected = " of ".join(BAG_OBJECT_TYPES.get(t, t) for t in object_types)
        found = BAG_OBJECT_TYPES.get(value[4:6], _("onbekend objecttype"))
        raise ValueProblem(_("Dit BAG-id is van een %(found)s; verwacht: %(expected)s (cijfers 5-6).")
                           % {"found": found, "expected": expected})
    return value


def of_municipality(identifier: str, municipality_code: str) -> None:
    """BAG ids begin with the gemeentecode of the municipality that issued them."""
    if identifier and identifier[:4] != municipality_code:
        raise ValueProblem(_("Dit BAG-id hoort bij gemeente %(other)s, niet bij deze gemeente (%(own)s).")
                           % {"other": identifier[:4], "own": municipality_code})


def integer(value, *, required: bool = False, minimum: int = 0, maximum: int = 10**9) -> int | None:
    value = "" if value is None else str(value).strip()
    if not value:
        if required:
            raise ValueProblem(_("Dit getal is verplicht en ontbreekt."))
        return None
    try:
        number = int(value)
    except ValueError:
        try:
            as_float = float(value.replace(",", "."))
        except ValueError:
            raise ValueProblem(_("Geen geheel getal.")) from None
        if not as_float.is_integer():
            raise ValueProblem(_("Geen geheel getal.")) from None
        number = int(as_float)
    if not minimum <= number <= maximum:
        raise ValueProblem(_("Getal buiten het toegestane bereik (%(lo)s tot en met %(hi)s).")
                           % {"lo": minimum, "hi": maximum})
    return number


_EUROS = re.compile(r"^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{2}))?$")
_EUROS_POINT_CENTS = re.compile(r"^(\d+)\.(\d{2})$")  # 412000.00 as some systems export: two digits, not three


def euros(value, *, required: bool = False, maximum: int = 2_000_000_000) -> int | None:
    """A whole amount in euros as exports write it: 250000, 250.000, € 250.000, 250.000,00 or 250000.00. A point
    followed by three digits is a thousands separator, by two digits cents; cents other than 00 are refused, not
    rounded."""
    text_value = "" if value is None else str(value).replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
    if not text_value:
        if required:
            raise ValueProblem(_("Dit bedrag is verplicht en ontbreekt."))
        return None
    match = _EUROS.match(text_value) or _EUROS_POINT_CENTS.match(text_value)
    if not match or (match.group(2) and match.group(2) != "00"):
        raise ValueProblem(_("Geen bedrag in hele euro's: verwacht bijvoorbeeld 250000 of € 250.000."))
    number = int(match.group(1).replace(".", ""))
    if number > maximum:
        raise ValueProblem(_("Bedrag buiten het toegestane bereik (0 tot en met %(hi)s).") % {"hi": maximum})
    return number


def decimal(value, *, required: bool = True) -> float | None:
    value = "" if value is None else str(value).strip()
    if not value:
        if required:
            raise ValueProblem(_("Dit getal is verplicht en ontbreekt."))
        return None
    try:
        number = float(value.replace(",", ".")) if value.count(",") == 1 and "." not in value else float(value)
    except ValueError:
        raise ValueProblem(_("Geen getal.")) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueProblem(_("Geen getal."))
    return number


def date(value, *, required: bool = False) -> dt.date | None:
    """ISO (2024-01-31), KvK style (20240131) or Dutch (31-01-2024)."""
    value = "" if value is None else str(value).strip()
    if not value:
        if required:
            raise ValueProblem(_("Deze datum is verplicht en ontbreekt."))
        return None
    for pattern in ("%Y-%m-%d", "%Y%m%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueProblem(_("Geen geldige datum: gebruik jjjj-mm-dd (bijvoorbeeld 2024-01-31)."))


def yes_no(value) -> bool:
    value = "" if value is None else str(value).strip().lower()
    if value in {"ja", "j", "true", "1"}:
        return True
    if value in {"nee", "n", "false", "0", ""}:
        return False
    raise ValueProblem(_("Verwacht Ja of Nee."))


def postcode(value) -> str:
    value = "" if value is None else str(value).strip()
    if not value:
        return ""
    match = _POSTCODE.match(value)
    if not match:
        raise ValueProblem(_("Geen geldige postcode: verwacht 4 cijfers en 2 letters (1234AB)."))
    return f"{match.group(1)}{match.group(2).upper()}"


def purposes(value) -> str:
    """BAG gebruiksdoelen: comma-separated without spaces, each one of the 11 legal values."""
    value = "" if value is None else str(value).strip()
    if not value:
        return ""
    items = [item.strip().lower() for item in value.split(",") if item.strip()]
    unknown = [item for item in items if item not in GEBRUIKSDOELEN]
    if unknown:
        raise ValueProblem(_("Onbekend gebruiksdoel: %(v)s. Toegestaan: %(all)s.")
                           % {"v": ", ".join(unknown), "all": ", ".join(GEBRUIKSDOELEN)})
    return ",".join(dict.fromkeys(items))


def sbi_code(value) -> str:
    value = "" if value is None else str(value).strip()
    if not value:
        raise ValueProblem(_("De SBI-code ontbreekt."))
    if not value.isdigit() or not 2 <= len(value) <= 6:
        raise ValueProblem(_("Geen geldige SBI-code: verwacht 2 tot 6 cijfers (bijvoorbeeld 4520)."))
    return value


def digits(value, length: int, label: str) -> str:
    value = "" if value is None else str(value).strip()
    if not value:
        raise ValueProblem(_("%(label)s ontbreekt.") % {"label": label})
    if not value.isdigit() or len(value) != length:
        raise ValueProblem(_("%(label)s moet %(n)s cijfers hebben.") % {"label": label, "n": length})
    return value
