"""KvK Vestigingsprofiel JSON: a list of profiles as the API returns them (one per vestiging)."""

from __future__ import annotations

import json
from typing import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..base import MB, ImportContext, ParsedRow, Register, RowError, SourceType
from ..csvfile import decode_utf8
from ..kvk_common import COLUMNS, establishment
from ..registry import register
from ..writers import replace_snapshot


# The profile's fields that are read; every other key is ignored and listed on the import.
READ_KEYS = ("vestigingsnummer", "kvkNummer", "eersteHandelsnaam", "indHoofdvestiging", "materieleRegistratie",
             "adressen", "sbiActiviteiten")


def flatten(profile: dict) -> tuple[dict, str | None]:
    """The profile's fields under their flattened names; a Dutch problem when it has no visiting address."""
    registration = profile.get("materieleRegistratie") or {}
    flat = {
        "vestigingsnummer": profile.get("vestigingsnummer"), "kvkNummer": profile.get("kvkNummer"),
        "eersteHandelsnaam": profile.get("eersteHandelsnaam"), "indHoofdvestiging": profile.get("indHoofdvestiging"),
        "datumAanvang": registration.get("datumAanvang"), "datumEinde": registration.get("datumEinde"),
    }
    addresses = profile.get("adressen") or []
    visiting = next((a for a in addresses if isinstance(a, dict) and a.get("type") == "bezoekadres"), None)
    if visiting is None:
        return flat, _("Geen bezoekadres in adressen[] (alleen een correspondentieadres is niet genoeg).")
    geo = visiting.get("geoData") or {}
    flat.update({"straatnaam": visiting.get("straatnaam"), "huisnummer": visiting.get("huisnummer"),
                 "postcode": visiting.get("postcode"), "plaats": visiting.get("plaats"),
                 "addresseerbaarObjectId": geo.get("addresseerbaarObjectId"),
                 "nummerAanduidingId": geo.get("nummerAanduidingId")})
    activities = [a for a in profile.get("sbiActiviteiten") or [] if isinstance(a, dict)]
    main = next((a for a in activities if str(a.get("indHoofdactiviteit", "")).lower() == "ja"),
                activities[0] if activities else {})
    flat["sbiCode"] = main.get("sbiCode")
    return flat, None


@register
class KvkJson(SourceType):
    key = "kvk_json"
    label = gettext_lazy("Handelsregister (KvK Vestigingsprofiel, JSON)")
    description = gettext_lazy(
        "Een lijst van vestigingsprofielen zoals de KvK-API Vestigingsprofiel ze levert. Per vestiging telt het "
        "bezoekadres en de hoofdactiviteit (SBI). Vervangt de vorige stand van het Handelsregister.")
    register = Register.KVK
    extensions = (".json",)
    max_bytes = 200 * MB
    columns = COLUMNS
    unique_field = "establishment_number"
    unique_column = "vestigingsnummer"

    def count_rows(self, path: str) -> int:
        profiles, _problem = _load(path)
        return len(profiles) if isinstance(profiles, list) else 0

    def parse(self, path: str, context: ImportContext) -> Iterator[ParsedRow | RowError]:
        profiles, problem = _load(path)
        if problem:
            yield problem
            return
        ignored: dict[str, None] = {}
        for number, profile in enumerate(profiles, start=1):
            if not isinstance(profile, dict):
                yield RowError(number, "", _("Verwacht een vestigingsprofiel (een JSON-object)."))
                continue
            ignored.update((key, None) for key in profile if key not in READ_KEYS)
            context.ignored_columns = list(ignored)
            flat, missing = flatten(profile)
            if missing:
                yield RowError(number, "adressen", missing)
                continue
            result = establishment(number, flat, context)
            yield from (result if isinstance(result, list) else [result])

    def write(self, rows: list[ParsedRow], context: ImportContext) -> int:
        from veiliglokaal.irregularities.models import Establishment

        return replace_snapshot(Establishment, rows, context)


def _load(path: str):
    with open(path, "rb") as handle:
        text, problem = decode_utf8(handle.read())
    if problem:
        return None, problem
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return None, RowError(error.lineno, "", _("Geen geldige JSON (regel %(line)s, kolom %(col)s): %(msg)s.")
                              % {"line": error.lineno, "col": error.colno, "msg": error.msg})
    if isinstance(data, dict) and isinstance(data.get("vestigingen"), list):
        data = data["vestigingen"]
    if not isinstance(data, list):
        return None, RowError(0, "", _("Verwacht een lijst van vestigingsprofielen ([...]) bovenaan het bestand."))
    return data, None
