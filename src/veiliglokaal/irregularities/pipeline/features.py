"""The allow-list: every input column and every derived feature, with its source, meaning and why it is allowed.

The pipeline refuses any input column that is not declared here, and refuses forbidden ones explicitly with a
clear error: nationality, ethnicity, country of birth, migration background, names, language, religion and
their obvious proxies may never enter the scoring, whatever a data file or a municipality's settings contain
(DESIGN.md: "Algorithms are accountable"; ADR 0009).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


class ForbiddenInputError(ValueError):
    """A column or parameter names data that may never be used for scoring."""


class UnknownInputError(ValueError):
    """A column is not on the allow-list."""


@dataclass(frozen=True)
class InputColumn:
    name: str
    frame: str  # "addresses" or "establishments"
    source: str
    meaning: str
    why_allowed: str


@dataclass(frozen=True)
class ScoreFeature:
    name: str
    title: str
    source: str
    meaning: str
    why_allowed: str
    direction: str  # "high" or "low": which tail of the peer group is unusual in the sense of DOOK
    unit: str


_BAG = "BAG (Basisregistratie Adressen en Gebouwen)"
_BRP = "BRP-aantallen (Basisregistratie Personen, alleen aantallen per adres)"
_WOZ = "WOZ (Waardering Onroerende Zaken)"
_HR = "Handelsregister (KvK), vestigingen met SBI-code"
_CONTEXT = "Nodig om het adres te plaatsen of te vergelijken; zegt niets over personen."

INPUT_COLUMNS: tuple[InputColumn, ...] = (
    InputColumn("id", "addresses", _BAG, "Intern nummer van het adres", "Sleutel, geen inhoud."),
    InputColumn("municipality", "addresses", _BAG, "CBS-gemeentecode", _CONTEXT),
    InputColumn("neighbourhood", "addresses", _BAG, "CBS-buurtcode", "Vergelijkingsgroep: adressen in dezelfde buurt."),
    InputColumn("street", "addresses", _BAG, "Straatnaam (openbare ruimte)", "Concentraties per straat; een straat is geen persoonskenmerk."),
    InputColumn("purpose_mask", "addresses", _BAG, "Gebruiksdoelen van het verblijfsobject",
                "Bepaalt wat er volgens de vergunde functie mag (wonen, bedrijf, winkel)."),
    InputColumn("building_type", "addresses", _BAG, "Soort gebouw afgeleid uit de gebruiksdoelen",
                "Vergelijkingsgroep: woningen met woningen, bedrijfspanden met bedrijfspanden."),
    InputColumn("floor_area", "addresses", _BAG, "Gebruiksoppervlakte in m²", "Noemer van bezetting en WOZ per m²."),
    InputColumn("construction_year", "addresses", _BAG, "Bouwjaar van het pand", _CONTEXT),
    InputColumn("persons", "addresses", _BRP, "Aantal ingeschreven personen op het adres",
                "Alleen een aantal, nooit wie; nodig voor de besettingsgraad."),
    InputColumn("moves_in", "addresses", _BRP, "Verhuizingen naar het adres in 12 maanden",
                "Alleen een aantal; veel wisselingen passen bij kamerverhuur en arbeidsmigratie zonder dat we weten wie."),
    InputColumn("moves_out", "addresses", _BRP, "Verhuizingen van het adres in 12 maanden", "Idem."),
    InputColumn("woz_value", "addresses", _WOZ, "WOZ-waarde in euro", "Waarde van het object, geen persoonskenmerk."),
    InputColumn("rd_x", "addresses", _BAG, "RD-coördinaat x", "Plaats op de kaart en zeshoek."),
    InputColumn("rd_y", "addresses", _BAG, "RD-coördinaat y", "Plaats op de kaart en zeshoek."),
    InputColumn("lat", "addresses", _BAG, "Breedtegraad (WGS84)", "Plaats op de kaart."),
    InputColumn("lon", "addresses", _BAG, "Lengtegraad (WGS84)", "Plaats op de kaart."),
    InputColumn("address_id", "establishments", _HR, "Adres van de vestiging", "Sleutel, geen inhoud."),
    InputColumn("sbi_code", "establishments", _HR, "Hoofdactiviteit volgens SBI 2008",
                "Wat een bedrijf doet, niet wie het drijft."),
    InputColumn("active", "establishments", _HR, "Vestiging is actief", "Beëindigde vestigingen tellen niet."),
)
ALLOWED_COLUMNS = {column.name: column for column in INPUT_COLUMNS}

SCORE_FEATURES: tuple[ScoreFeature, ...] = (
    ScoreFeature("persons_per_100m2", _("Ingeschrevenen per 100 m²"), _BRP + " en " + _BAG,
                 _("Aantal ingeschreven personen gedeeld door de gebruiksoppervlakte, maal 100."),
                 _("Alleen aantallen en oppervlakte; de landelijke besettingsgraad van het LAA."), "high", "pers./100 m²"),
    ScoreFeature("moves_12m", _("Verhuizingen in 12 maanden"), _BRP,
                 _("Verhuizingen naar en van het adres in de laatste 12 maanden."),
                 _("Alleen aantallen; geen gegevens over wie verhuisde."), "high", "verhuizingen"),
    ScoreFeature("woz_per_m2", _("WOZ-waarde per m²"), _WOZ + " en " + _BAG,
                 _("WOZ-waarde gedeeld door de gebruiksoppervlakte."),
                 _("Objectkenmerk; een opvallend lage waarde kan op verwaarlozing of een onjuiste registratie wijzen."),
                 "low", "€/m²"),
    ScoreFeature("establishments", _("Actieve vestigingen op het adres"), _HR,
                 _("Aantal actieve vestigingen in het Handelsregister op dit adres."),
                 _("Bedrijfsgegeven; veel bedrijven op één adres kan op een brievenbusadres wijzen."), "high", "vestigingen"),
)
SCORE_FEATURE_NAMES = tuple(feature.name for feature in SCORE_FEATURES)

# Never allowed, whatever the file or the settings say. Matched on the normalised name (lower case, letters and
# digits only) so "Geboorte_Land", "country-of-birth" and "nationaliteitCode" are all caught.
FORBIDDEN_FRAGMENTS = (
    "nationalit", "etnic", "ethnic", "etnisch", "geboorteland", "landvangeboorte", "countryofbirth", "birthcountry",
    "birthplace", "geboorteplaats", "migrat", "herkomst", "origin", "allochto", "autochto", "westers",
    "religi", "geloof", "moedertaal", "mothertongue", "language", "voertaal", "huidskleur", "skincolo", "race",
    "surname", "firstname", "lastname", "voornaam", "achternaam", "geslachtsnaam", "familienaam", "voorletter",
    "personname", "persoonsnaam", "verblijfsvergunning", "residencepermit", "verblijfstitel", "vreemdeling",
    "inburger", "immigra", "asiel", "asylum", "citizenship", "staatsburger", "paspoort", "passport", "tolk",
    "interpreter", "bsn", "burgerservicenummer",
)
# Short words that would match too much as fragments ("taal" in "totaal") are matched as whole tokens only.
FORBIDDEN_TOKENS = {"naam", "name", "taal", "land", "geboorte", "birth", "nation", "country", "ras", "kerk",
                    "moskee", "imam", "church", "mosque"}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


def _tokens(name: str) -> set[str]:
    return {token for token in re.split(r"[^a-z0-9]+", _CAMEL.sub("_", str(name)).lower()) if token}


def forbidden_reason(name: str) -> str | None:
    """Why `name` is forbidden as an input, or None when it is not on the forbidden list."""
    normalised = _normalise(name)
    for fragment in FORBIDDEN_FRAGMENTS:
        if fragment in normalised:
            return fragment
    tokens = _tokens(name) & FORBIDDEN_TOKENS
    return sorted(tokens)[0] if tokens else None


def refuse_if_forbidden(name: str, where: str) -> None:
    reason = forbidden_reason(name)
    if reason:
        raise ForbiddenInputError(
            f"'{name}' in {where} is verboden invoer voor de scoring (raakt aan '{reason}': nationaliteit, etniciteit, "
            "geboorteland, migratieachtergrond, naam, taal, religie of een afgeleide daarvan). Verwijder dit gegeven.")


def check_columns(columns, where: str) -> None:
    """Refuse forbidden columns first (explicitly), then any column that is not on the allow-list."""
    for name in columns:
        refuse_if_forbidden(name, where)
    unknown = [str(name) for name in columns if name not in ALLOWED_COLUMNS]
    if unknown:
        raise UnknownInputError(f"Kolommen in {where} staan niet op de lijst van toegestane invoer: {', '.join(unknown)}")


def check_params(params, where: str) -> None:
    """Refuse forbidden names anywhere in a parameter structure (keys and string values, recursively)."""
    if isinstance(params, dict):
        for key, value in params.items():
            refuse_if_forbidden(key, where)
            check_params(value, where)
    elif isinstance(params, (list, tuple)):
        for value in params:
            check_params(value, where)
    elif isinstance(params, str):
        refuse_if_forbidden(params, where)
