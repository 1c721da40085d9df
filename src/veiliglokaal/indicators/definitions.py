"""Indicators declared as data. A page, the API and the CSV downloads all read this list."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class IndicatorDefinition:
    key: str
    title: str
    table_id: str          # source table (StatLine id)
    measure_code: str      # numerator: the measure ...
    category_code: str     # ... narrowed to this category ("" = none)
    denominator: str       # "population": inhabitants of the municipality (registry, 1-1-2024)
    scale: int             # per `scale` inhabitants
    unit: str
    definition: str
    source: str
    periods: tuple[str, ...]  # the years shown, oldest first; yearly figures only (never months + years)


INDICATORS = [
    IndicatorDefinition(
        key="geregistreerde-misdrijven",
        title=_("Geregistreerde misdrijven per 1.000 inwoners"),
        table_id="47013NED",
        measure_code="GeregistreerdeMisdrijven",
        category_code="0.0.0",
        denominator="population",
        scale=1000,
        unit=_("per 1.000 inwoners"),
        definition=_(
            "Het aantal door de politie geregistreerde misdrijven (alle soorten, 'Totaal misdrijven') in de gemeente "
            "in een kalenderjaar, gedeeld door het aantal inwoners en vermenigvuldigd met 1.000. Als noemer dient "
            "voor elk jaar (2022, 2023 en 2024) het inwonertal van 1 januari 2024 uit het gemeenteregister (CBS); "
            "de cijfers van 2022 en 2023 zijn dus niet gecorrigeerd voor bevolkingsgroei. Misdrijven worden "
            "toegerekend aan de gemeente van de pleegplaats, in de gemeentelijke indeling 2026 (342 gemeenten). "
            "Alleen jaarcijfers worden gebruikt; maand- en kwartaalcijfers worden nooit bij jaarcijfers opgeteld. "
            "Regionale en landelijke waarden zijn gewogen naar inwoners: de som van de misdrijven gedeeld door de "
            "som van de inwoners van de gemeenten in die groep."
        ),
        source=_("Politie en CBS, tabel 47013NED 'Geregistreerde misdrijven en aangiften; soort misdrijf, gemeente' "
                 "(CC BY 4.0); inwoners: CBS, 1-1-2024 (CC BY 4.0)."),
        periods=("2022JJ00", "2023JJ00", "2024JJ00"),
    ),
]

BY_KEY = {indicator.key: indicator for indicator in INDICATORS}
DEFAULT = INDICATORS[0]


def get(key: str) -> IndicatorDefinition:
    return BY_KEY[key]
