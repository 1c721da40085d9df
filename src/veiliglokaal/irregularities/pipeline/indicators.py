"""Rule-based indicators of DOOK, declared as data.

Each indicator has a code, a theme, a Dutch title, what it means and what it does NOT prove, default parameters
(a municipality overrides them through `IndicatorSetting`) and a vectorised evaluation over the feature table.
An indicator is a reason to look, never a conclusion: a person decides (see `algorithm.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import sbi
from .features import ForbiddenInputError, check_params
from .groups import factorize_keys
from .prepare import Table

THEMES = ("housing", "business_parks", "retail_auto", "property")


@dataclass(frozen=True)
class Param:
    name: str
    label: str
    kind: str  # "int", "float", "choice" or "prefixes"
    default: object
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""


@dataclass
class Evaluation:
    value: np.ndarray      # the measured value per address (NaN where the indicator does not apply)
    threshold: np.ndarray  # the threshold that applied to the address
    fired: np.ndarray      # bool per address


@dataclass(frozen=True)
class Indicator:
    code: str
    theme: str
    title: str
    means: str
    does_not_prove: str
    unit: str
    params: tuple[Param, ...]
    evaluate: Callable[[Table, dict, "Context"], Evaluation]
    direction: str = "above"  # "above": fires at value >= threshold; "below": fires at value < threshold
    weight: float = 10.0

    def param(self, name: str) -> Param:
        return next(p for p in self.params if p.name == name)

    def defaults(self) -> dict:
        return {p.name: p.default for p in self.params}


@dataclass
class Context:
    """Peer-group facts that an indicator compares against (filled by the score stage)."""

    peer_woz_median: np.ndarray  # per address: median WOZ per m² of its peer group


# --- evaluations ------------------------------------------------------------------------------------------------

def _occupancy(t: Table, p: dict, _c) -> Evaluation:
    persons, area = t["persons"], t["floor_area"]
    # institutional housing (care home, lodging) is built for many residents per m²: not this rule
    applies = t["residential"] & ~t["institutional"] & (persons >= p["min_persons"]) & (area > 0)
    value = np.where(applies, t["m2_per_person"], np.nan)
    return Evaluation(value, p["max_m2_per_person"], applies & (value < p["max_m2_per_person"]))


def _many_moves(t: Table, p: dict, _c) -> Evaluation:
    """Enough moves in absolute terms AND per registered person: a large household (a student house with ten
    rooms) has more moves without more turnover per room. Nobody registered any more counts as a high rate.
    Institutional housing (care homes, lodging) has turnover by nature and is left to the peer-group score."""
    value = t["moves_12m"]
    with np.errstate(invalid="ignore", divide="ignore"):
        per_person = np.where(t["persons"] > 0, value / t["persons"], np.inf)
    applies = ~t["institutional"]
    value = np.where(applies, value, np.nan)
    return Evaluation(value, p["min_moves"],
                      applies & (value >= p["min_moves"]) & (per_person >= p["min_moves_per_person"]))


def _living_without_residential(t: Table, p: dict, _c) -> Evaluation:
    applies = t["purpose_known"] & ~t["residential"]
    value = np.where(applies, t["persons"], np.nan)
    return Evaluation(value, p["min_persons"], applies & (t["persons"] >= p["min_persons"]))


def _many_establishments(t: Table, p: dict, _c) -> Evaluation:
    """At a home: the count. Elsewhere: the count AND little floor area per establishment, so a large business
    centre with many tenants is not flagged for its size (unknown floor area: the count alone)."""
    value = t["establishments"]
    residential = t["residential"]
    threshold = np.where(residential, p["min_at_home"], p["min_elsewhere"]).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        m2_each = t["floor_area"] / value
    cramped = ~np.isfinite(m2_each) | (m2_each < p["max_m2_per_establishment"])
    return Evaluation(value, threshold, (value >= threshold) & (residential | cramped))


def _high_risk_concentration(t: Table, p: dict, _c) -> Evaluation:
    has = t["high_risk_establishments"] > 0
    by_street = _area_count(has, t.municipality, t.street)
    by_buurt = _area_count(has, t.municipality, t.neighbourhood)
    value = np.where(p["area"] == "buurt", by_buurt, by_street)
    return Evaluation(np.where(has, value, np.nan), p["min_addresses"], has & (value >= p["min_addresses"]))


def _area_count(flag: np.ndarray, *keys) -> np.ndarray:
    """Per address: how many addresses in its area (street or buurt, within the municipality) have `flag`."""
    if not len(flag):
        return np.zeros(0)
    groups, n_groups = factorize_keys(*keys)
    return np.bincount(groups, weights=flag, minlength=n_groups)[groups]


def _purpose_mismatch(t: Table, p: dict, _c) -> Evaluation:
    value = t["mismatch_establishments"]
    return Evaluation(np.where(t["establishments"] > 0, value, np.nan), p["min_establishments"],
                      value >= p["min_establishments"])


def _low_woz(t: Table, p: dict, c: Context) -> Evaluation:
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = t["woz_per_m2"] / c.peer_woz_median
    ratio = np.where(np.isfinite(ratio), ratio, np.nan)
    return Evaluation(ratio, p["max_ratio"], ratio < p["max_ratio"])


# --- declarations -----------------------------------------------------------------------------------------------

_AREA_CHOICES = (("street", _("straat")), ("buurt", _("buurt")))

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        code="occupancy", theme="housing", title=_("Besettingsgraad: weinig woonoppervlak per ingeschrevene"),
        means=_("Op een woning staan veel personen ingeschreven ten opzichte van het woonoppervlak (m² per persoon "
                "onder de drempel). Dat kan wijzen op overbewoning, kamerverhuur of huisvesting van arbeidsmigranten "
                "zonder vergunning."),
        does_not_prove=_("Het bewijst niet dat er te veel mensen wonen: grote gezinnen, een verouderde inschrijving of "
                         "een onjuiste oppervlakte in de BAG geven hetzelfde beeld. Het zegt niets over wie er wonen. "
                         "Zorg- en logiesgebouwen met woonfunctie vallen buiten deze regel."),
        unit=_("m² per persoon"),
        params=(Param("max_m2_per_person", _("Drempel m² per persoon (lager = signaal)"), "float", 12.0, 1, 100),
                Param("min_persons", _("Minimaal aantal ingeschrevenen"), "int", 4, 1, 50)),
        evaluate=_occupancy, direction="below"),
    Indicator(
        code="many_moves", theme="housing", title=_("Veel verhuizingen naar en van het adres"),
        means=_("In de laatste 12 maanden verhuisden veel personen naar of van dit adres. Veel wisselingen passen bij "
                "kamerverhuur, short-stay of een adres dat alleen voor inschrijving wordt gebruikt."),
        does_not_prove=_("Het bewijst geen misbruik: studentenhuizen, zorgwoningen en opvang hebben van nature veel "
                         "wisselingen, en een correctie in de BRP telt ook als verhuizing. Daarom telt ook het aantal "
                         "verhuizingen per ingeschrevene, en vallen zorg- en logiesgebouwen met woonfunctie buiten "
                         "deze regel."),
        unit=_("verhuizingen"),
        params=(Param("min_moves", _("Minimaal aantal verhuizingen in 12 maanden"), "int", 8, 1, 500),
                Param("min_moves_per_person", _("Minimaal aantal verhuizingen per ingeschrevene"), "float", 2.0, 0.1,
                      50, help=_("Van 0,1 tot en met 50. Een groot huishouden (studentenhuis) heeft meer "
                                 "verhuizingen zonder meer wisseling per kamer.")),),
        evaluate=_many_moves),
    Indicator(
        code="living_without_residential", theme="business_parks",
        title=_("Bewoning zonder woonfunctie (bedrijfspand, garagebox)"),
        means=_("Er staan personen ingeschreven op een adres zonder woonfunctie in de BAG, zoals een bedrijfspand op "
                "een bedrijventerrein of een garagebox."),
        does_not_prove=_("Het bewijst niet dat er illegaal gewoond wordt: een bedrijfswoning kan vergund zijn terwijl "
                         "de BAG achterloopt, en een briefadres staat soms op een bedrijfsadres."),
        unit=_("personen"),
        params=(Param("min_persons", _("Minimaal aantal ingeschrevenen"), "int", 1, 1, 50),),
        evaluate=_living_without_residential),
    Indicator(
        code="many_establishments", theme="business_parks", title=_("Veel bedrijven op één adres"),
        means=_("Op het adres zijn veel actieve vestigingen ingeschreven. Dat kan wijzen op een brievenbusadres of "
                "een verzamelpand dat als dekmantel dient."),
        does_not_prove=_("Het bewijst geen misbruik: bedrijfsverzamelgebouwen, flexplekken en holdingstructuren van "
                         "één ondernemer geven hetzelfde beeld."),
        unit=_("vestigingen"),
        params=(Param("min_at_home", _("Drempel op een adres met woonfunctie"), "int", 4, 1, 500),
                Param("min_elsewhere", _("Drempel op een adres zonder woonfunctie"), "int", 15, 1, 5000),
                Param("max_m2_per_establishment", _("Zonder woonfunctie: minder dan zoveel m² per vestiging"), "float",
                      10.0, 1, 10000, help=_("Van 1 tot en met 10.000. Een groot bedrijfsverzamelgebouw met veel "
                                             "huurders is geen signaal; een klein pand met veel vestigingen wel."))),
        evaluate=_many_establishments),
    Indicator(
        code="high_risk_concentration", theme="retail_auto",
        title=_("Concentratie van risicobranches in straat of buurt"),
        means=_("Het adres heeft een vestiging in een branche die als kwetsbaar voor ondermijning geldt (de "
                "standaardlijst met bron per branche, bijvoorbeeld autohandel, minimarkten, belwinkels, snackbars, "
                "autoverhuur, sauna's en massagesalons, aangevuld door de gemeente) en in dezelfde straat of buurt "
                "zitten meer van zulke adressen."),
        does_not_prove=_("Het bewijst niets over een individuele ondernemer: de meeste bedrijven in deze branches zijn "
                         "bonafide, en clustering ontstaat ook door bestemmingsplannen en winkelstraten."),
        unit=_("adressen met risicobranche"),
        params=(Param("sbi_prefixes", _("SBI-codes (begin van de code, komma-gescheiden)"), "prefixes",
                      sbi.default_high_risk_prefixes(),
                      help=format_lazy(_("{version}. Vervangt de standaardlijst (met bron per branche, zie de instellingen); "
                                         "uitbreiden met een eigen reden kan onder 'Risicobranches van de gemeente'."),
                                       version=sbi.SBI_VERSION)),
                Param("area", _("Gebied"), "choice", "street", choices=_AREA_CHOICES),
                Param("min_addresses", _("Minimaal aantal adressen met een risicobranche in het gebied"), "int", 4, 2,
                      500)),
        evaluate=_high_risk_concentration),
    Indicator(
        code="purpose_mismatch", theme="retail_auto",
        title=_("Bedrijfsactiviteit past niet bij het gebruiksdoel"),
        means=_("Een actieve vestiging heeft een SBI-activiteit (bijvoorbeeld autohandel, horeca, sauna of industrie) "
                "die volgens de gedeclareerde tabel SBI → gebruiksdoel (met bron en reden per regel) niet past bij de "
                "gebruiksdoelen van het verblijfsobject. Activiteiten die vaak alleen een inschrijving zijn "
                "(groothandel, vervoer, bouw, webwinkels) passen overal: veel van zulke bedrijven op één adres is "
                "het signaal 'veel bedrijven op één adres'."),
        does_not_prove=_("Het bewijst niet dat de activiteit ter plaatse plaatsvindt: veel ondernemers schrijven hun "
                         "bedrijf in op het woonadres en werken elders, en de SBI-code kan verouderd zijn."),
        unit=_("vestigingen"),
        params=(Param("min_establishments", _("Minimaal aantal vestigingen die niet passen"), "int", 1, 1, 100),),
        evaluate=_purpose_mismatch),
    Indicator(
        code="low_woz_per_m2", theme="property", title=_("WOZ-waarde per m² ver onder de vergelijkingsgroep"),
        means=_("De WOZ-waarde per m² is veel lager dan de mediaan van vergelijkbare objecten in dezelfde buurt. Dat "
                "kan wijzen op verwaarlozing, een onjuiste oppervlakte of waarde, of vastgoed dat onder de marktwaarde "
                "van eigenaar wisselt."),
        does_not_prove=_("Het bewijst geen speculatie of witwassen: bijzondere objecten (monumenten, bijgebouwen), "
                         "bezwaarprocedures en fouten in de oppervlakte geven hetzelfde beeld."),
        unit=_("× mediaan"),
        params=(Param("max_ratio", _("Drempel: fractie van de mediaan (lager = signaal)"), "float", 0.5, 0.05, 1.0),),
        evaluate=_low_woz, direction="below"),
)
BY_CODE = {indicator.code: indicator for indicator in INDICATORS}

@dataclass(frozen=True)
class RuleChange:
    """A change to a rule or to the score, with its reason: shown in the Algoritmeregister entry ('Wijzigingen')."""

    version: str
    rule: str      # indicator code, SCORE_CODE, or "" for the whole algorithm
    summary: str
    reason: str


# Append only: a published change is never rewritten. The SBI tables keep their own change log (data/*.yaml).
RULE_CHANGES: tuple[RuleChange, ...] = (
    RuleChange("2026.1", "", _("Eerste versie: zeven indicatoren en een afwijkingsscore per buurt × soort gebouw."),
               _("Start van DOOK.")),
    RuleChange("2026.12-1", "purpose_mismatch",
               _("De tabel SBI → gebruiksdoel is een gedeclareerde, geversioneerde tabel met bron en reden per regel. "
                 "Groothandel, vervoer, post, bouw, markt- en webhandel, catering en sportverenigingen passen bij elk "
                 "gebruiksdoel; sauna/massage (9604) en sportscholen passen niet in een woning; industrie (C) alleen "
                 "in een pand met industriefunctie."),
               _("Op andere gegevens dan de synthetische set was 0,27 van de signalen juist: brievenbusfirma's in "
                 "transport (4941) en groothandel (4690) op woonadressen werden gemeld, terwijl dat 'veel bedrijven op "
                 "één adres' is; sauna's in woningen werden gemist; kantoren met een industriële SBI-code kwamen "
                 "onderaan.")),
    RuleChange("2026.12-1", "high_risk_concentration",
               _("Elke risicobranche heeft een bron en een reden; minimarkten, tabak, snackbars, autoverhuur en "
                 "sauna/massage zijn toegevoegd; een gemeente kan de lijst uitbreiden met een eigen reden."),
               _("De lijst miste branches die in de RIEC-praktijk genoemd worden (precisie 0,83 op andere gegevens).")),
    RuleChange("2026.12-1", "many_moves",
               _("Naast het aantal verhuizingen is ook een minimum per ingeschrevene nodig (standaard 2). Zorg- en "
                 "logiesgebouwen met woonfunctie vallen buiten de regel."),
               _("Een zorginstelling (veel bewoners, veel verhuizingen) werd gemeld, en een studentenhuis met precies "
                 "de drempel kwam er dichtbij: het absolute aantal straft grote, gewone huishoudens.")),
    RuleChange("2026.12-1", "occupancy",
               _("Zorg- en logiesgebouwen met woonfunctie vallen buiten de regel."),
               _("Een zorginstelling is gebouwd voor veel bewoners per m² en werd ten onrechte gemeld.")),
    RuleChange("2026.12-1", "many_establishments",
               _("Op een adres zonder woonfunctie is naast het aantal ook minder dan 10 m² per vestiging nodig "
                 "(instelbaar)."),
               _("Een groot bedrijfsverzamelgebouw heeft van nature veel vestigingen; het aantal per m² zegt meer.")),
    RuleChange("2026.12-1", "anomaly_score",  # SCORE_CODE, declared below
               _("Vergelijkingsgroep: buurt × soort gebouw × oppervlakteklasse (<30, 30-75, 75-150, 150-300, "
                 "300-1000, ≥1000 m², onbekend), met terugval op gemeente × soort × oppervlakte en dan gemeente × soort; "
                 "zorg- en logiesgebouwen met woonfunctie vormen een eigen groep ('instelling'). De uitleg toont per "
                 "kenmerk het deel van de score, de plaats in de vergelijkingsgroep en 'Klein' onder 10 %."),
               _("Garageboxen (ongeveer €800/m²) werden met vakantiewoningen (€2.800/m²) vergeleken, en de uitleg "
                 "van het hoogste signaal werd gedomineerd door een kenmerk dat niets met de reden te maken had.")),
)


# Parameters of the anomaly score, configured like an indicator (code "anomaly_score").
SCORE_CODE = "anomaly_score"
SCORE_PARAMS: tuple[Param, ...] = (
    Param("min_score", _("Minimale afwijkingsscore voor een signaal"), "float", 14.0, 1, 200),
    Param("min_peer_size", _("Minimale omvang vergelijkingsgroep (buurt × soort gebouw × oppervlakteklasse)"), "int",
          30, 5, 10000,
          help=_("Kleinere groepen vallen terug op gemeente × soort gebouw × oppervlakteklasse, en daarna op "
                 "gemeente × soort gebouw.")),
)


def params_of(code: str) -> tuple[Param, ...]:
    return SCORE_PARAMS if code == SCORE_CODE else BY_CODE[code].params


def defaults_of(code: str) -> dict:
    return {p.name: p.default for p in params_of(code)}


# --- validation of a municipality's parameters ------------------------------------------------------------------

def clean_params(code: str, params: dict) -> dict:
    """Validate a municipality's parameters for `code`; missing ones take the default. Dutch errors per field."""
    if code != SCORE_CODE and code not in BY_CODE:
        raise ValidationError(_("Onbekende indicator '%(code)s'.") % {"code": code})
    try:
        check_params(params, "de parameters")
    except ForbiddenInputError as error:
        raise ValidationError(str(error)) from None
    declared = {p.name: p for p in params_of(code)}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        raise ValidationError(_("Onbekende parameter(s): %(names)s.") % {"names": ", ".join(unknown)})
    cleaned, errors = {}, {}
    for name, param in declared.items():
        try:
            cleaned[name] = _clean_value(param, params.get(name, param.default))
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_value(param: Param, value):
    if param.kind in ("int", "float"):
        return _clean_number(param, value)
    if param.kind == "choice":
        allowed = [key for key, _label in param.choices]
        if value not in allowed:
            raise ValidationError(_("Kies een van: %(choices)s.") % {"choices": ", ".join(allowed)})
        return value
    return _clean_prefixes(value)


def _clean_number(param: Param, value):
    try:
        number = float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        raise ValidationError(_("Vul een getal in.")) from None
    if param.kind == "int" and number != int(number):
        raise ValidationError(_("Vul een geheel getal in."))
    if (param.minimum is not None and number < param.minimum) or (param.maximum is not None and number > param.maximum):
        raise ValidationError(_("Vul een waarde in van %(min)s tot en met %(max)s.")
                              % {"min": _fmt(param.minimum), "max": _fmt(param.maximum)})
    return int(number) if param.kind == "int" else number


def _fmt(number) -> str:
    return f"{number:g}".replace(".", ",")


def _clean_prefixes(value) -> list[str]:
    items = value.split(",") if isinstance(value, str) else list(value or [])
    prefixes = [str(item).strip() for item in items if str(item).strip()]
    bad = [p for p in prefixes if not (p.isdigit() and 1 <= len(p) <= 5)]
    if bad:
        raise ValidationError(_("Geen geldige SBI-code(s): %(codes)s. Een SBI-code bestaat uit 1 tot 5 cijfers.")
                              % {"codes": ", ".join(bad)})
    if not prefixes:
        raise ValidationError(_("Noem ten minste één SBI-code."))
    return sorted(set(prefixes))
