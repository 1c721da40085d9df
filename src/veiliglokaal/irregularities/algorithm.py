"""The Algoritmeregister entry of DOOK scoring, generated from the code's own metadata.

Nothing here is written by hand twice: the inputs come from the allow-list, the rules from the indicator
declarations, the score method from `pipeline.scores`, the version from the pipeline. Shown on a page and
exported as JSON (page download and `/api/v1/algorithm-register`). Field names follow the Algoritmeregister's
publication standard where one exists (name, organisation, description, goal and impact, human intervention,
risk management, legal basis, source data, methods and models); values are Dutch.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .pipeline import ALGORITHM_VERSION, scores
from .pipeline.features import FORBIDDEN_FRAGMENTS, FORBIDDEN_TOKENS, INPUT_COLUMNS, SCORE_FEATURES
from .pipeline import sbi
from .pipeline.indicators import BY_CODE, INDICATORS, RULE_CHANGES, SCORE_CODE, SCORE_PARAMS
from .processing_activities import SCORING_ACTIVITIES

THEME_TITLES = {
    "housing": "Onrechtmatig woninggebruik",
    "business_parks": "Bedrijventerreinen en garageboxen",
    "retail_auto": "Winkelgebieden en autobranche",
    "property": "Vastgoed",
}


def _param(param) -> dict:
    default = param.default if not isinstance(param.default, (list, tuple)) else list(param.default)
    return {"name": param.name, "title": str(param.label), "default": default, "minimum": param.minimum,
            "maximum": param.maximum}


def entry() -> dict:
    activity = SCORING_ACTIVITIES[0]
    return {
        "name": _("DOOK: signalen van onregelmatigheden op adressen"),
        "version": ALGORITHM_VERSION,
        "organisation": _("De gemeente die Veilig Lokaal gebruikt (per gemeente ingesteld)"),
        "status": _("In gebruik na besluit van de gemeente; demo op synthetische gegevens"),
        "type": _("Regelgebaseerde indicatoren en een niet-gesuperviseerde afwijkingsscore (geen machine learning "
                  "op gelabelde gevallen, geen voorspelling over personen)"),
        "description": _("Vergelijkt per adres wat de basisregistraties zeggen (BAG, BRP-aantallen, WOZ, "
                         "Handelsregister) en markeert adressen waar iets niet klopt, gegroepeerd naar de DOOK-thema's. "
                         "Een signaal is een reden om te kijken, geen conclusie."),
        "goal_and_impact": activity["purpose"],
        "legal_basis": activity["legal_basis"],
        "themes": [{"code": code, "title": title} for code, title in THEME_TITLES.items()],
        "source_data": _inputs(),
        "forbidden_inputs": {
            "description": _("Deze gegevens en hun afgeleiden worden door de code geweigerd, ook als ze in een "
                             "bestand of in de instellingen staan; een test bewijst dat."),
            "fragments": list(FORBIDDEN_FRAGMENTS), "words": sorted(FORBIDDEN_TOKENS),
        },
        "indicators": [_indicator(indicator) for indicator in INDICATORS],
        "methods_and_models": _method(),
        "changes": changes(),
        "human_intervention": _("Het algoritme neemt geen besluit. Een bevoegde medewerker (OOV-adviseur/analist) "
                                "geeft eerst een doel op voordat adresgegevens zichtbaar worden, beoordeelt elk signaal "
                                "met de uitleg per kenmerk en legt het besluit en de onderbouwing vast (geen actie, "
                                "registratiefout melden, nader onderzoek, handhavingstraject). Pas na onderzoek kan "
                                "een handhavingstraject volgen."),
        "known_limits": [
            _("De bronnen kunnen onjuist of verouderd zijn (BAG-oppervlakte, BRP-inschrijving, SBI-code); veel signalen "
              "zijn registratiefouten."),
            _("De afwijkingsscore vergelijkt met de buurt: in een buurt waar afwijking normaal is, valt die niet op."),
            _("Kleine vergelijkingsgroepen vallen terug op de gemeente; daar is de vergelijking grover."),
            _("Risicobranches zijn een keuze van de gemeente; de meeste bedrijven in die branches zijn bonafide."),
            _("Detectiekwaliteit is gemeten op synthetische gegevens met geplante gevallen (docs/benchmarks.md), "
              "niet op echte gevallen."),
        ],
        "risk_management": [
            _("Lijst van toegestane invoer; verboden gegevens (nationaliteit, etniciteit, geboorteland, "
              "migratieachtergrond, naam, taal, religie en afgeleiden) worden geweigerd."),
            _("Uitleg per kenmerk: de score is exact de som van de bijdragen per kenmerk."),
            _("Per indicator staat wat die niet bewijst, in de uitleg bij elk signaal."),
            _("Adresniveau alleen voor bevoegde rollen na opgave van een doel; verder alleen geaggregeerde kaarten."),
            _("Elke berekening staat in het verwerkingslog; elk besluit wordt met onderbouwing vastgelegd."),
            _("Drempels per gemeente instelbaar en gevalideerd; wijzigingen zijn herleidbaar tot een gebruiker."),
        ],
        "data_protection": {"processing_activity": activity["key"], "retention": activity["retention"],
                            "data_categories": activity["data_categories"]},
    }


def _inputs() -> list[dict]:
    return [{"name": c.name, "frame": c.frame, "source": c.source, "meaning": c.meaning, "why_allowed": c.why_allowed}
            for c in INPUT_COLUMNS]


def _indicator(indicator) -> dict:
    return {"code": indicator.code, "theme": indicator.theme, "title": str(indicator.title),
            "means": str(indicator.means), "does_not_prove": str(indicator.does_not_prove),
            "unit": str(indicator.unit), "weight": indicator.weight,
            "parameters": [_param(p) for p in indicator.params]}


def _method() -> dict:
    return {
        "peer_group": _("Adressen van hetzelfde soort gebouw en dezelfde oppervlakteklasse (<30, 30-75, 75-150, "
                        "150-300, 300-1000, ≥1000 m², onbekend) in dezelfde buurt; zorg- en logiesgebouwen met "
                        "woonfunctie vormen een eigen soort ('instelling'). Een groep kleiner dan de minimale omvang "
                        "valt terug op gemeente × soort × oppervlakteklasse, en daarna op gemeente × soort."),
        "explanation": _("Per kenmerk: de bijdrage, het deel van de score, de waarde naast de mediaan van de groep, "
                         "het aandeel van de groep dat minstens zo extreem is en de robuuste z-score. Een bijdrage "
                         "onder 10 % van de score, of waarbij minstens 10 % van de groep even extreem is, heet "
                         "'Klein'; de belangrijkste reden wordt alleen genoemd als die niet klein is."),
        "score": str(scores.SCORE_METHOD),
        "features": [{"name": f.name, "title": str(f.title), "source": f.source, "meaning": str(f.meaning),
                      "why_allowed": str(f.why_allowed), "direction": f.direction} for f in SCORE_FEATURES],
        "score_parameters": {"code": SCORE_CODE, "parameters": [_param(p) for p in SCORE_PARAMS]},
        "priority": _("Prioriteit = afwijkingsscore + de som van de gewichten van de indicatoren die afgingen; de "
                      "werklijst per gemeente is gesorteerd op prioriteit."),
        "sbi": {"version": sbi.SBI_VERSION, "default_high_risk_prefixes": sbi.default_high_risk_prefixes(),
                "purpose_table": _purpose_table(), "risk_branches": _risk_table()},
        "engine": _("Gevectoriseerd (NumPy/pandas) in het proces; optioneel op een Dask-cluster, gepartitioneerd "
                    "per gemeente met identieke uitkomst."),
    }


def _rule_title(code: str) -> str:
    if code == SCORE_CODE:
        return _("Afwijkingsscore")
    if code in BY_CODE:
        return str(BY_CODE[code].title)
    return _("Algoritme als geheel")


def changes() -> list[dict]:
    """'Wijzigingen': what changed, why, and in which version; from the rule declarations and the SBI tables."""
    rows = [{"version": c.version, "component": _rule_title(c.rule), "summary": str(c.summary), "reason": str(c.reason)}
            for c in RULE_CHANGES]
    for title, table in ((_("Tabel SBI → gebruiksdoel"), sbi.purpose_table()), (_("Risicobranches"), sbi.risk_table())):
        rows += [{"version": c.version, "component": title, "summary": c.summary, "reason": c.reason}
                 for c in table.changes]
    return sorted(rows, key=lambda row: row["version"], reverse=True)


def _purpose_table() -> dict:
    table = sbi.purpose_table()
    return {"version": table.version, "rules": [
        {"sbi": rule.match, "allowed_purposes": list(rule.allowed) if rule.allowed is not None else "all",
         "source": rule.source, "reason": rule.reason} for rule in table.rules]}


def _risk_table() -> dict:
    table = sbi.risk_table()
    return {"version": table.version, "entries": [
        {"sbi": e.sbi, "label": e.label, "source": e.source, "reason": e.reason} for e in table.entries]}


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part.title() for part in rest)


def _camelise(value):
    if isinstance(value, dict):
        return {_camel(str(k)): _camelise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_camelise(v) for v in value]
    return value


def as_json() -> dict:
    """The entry with camelCase keys, as exported (download and API)."""
    return _camelise(entry())
