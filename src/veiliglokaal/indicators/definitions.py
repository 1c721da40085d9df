"""Indicators declared as data. A page, the API and the CSV downloads all read this list.

An indicator is numerator / denominator x scale. The numerator (and a denominator other than the inhabitants of
the registry) is a `Term`: the sum of one topic of one imported table over a list of categories. A topic and a
category are recognised by their code or their title, so the same definition works whichever publisher format
(StatLine CSV with titles only, OData v3/v4 with codes, the police long file) the table was imported from. When
the table is not imported, or lacks a category, the indicator is "niet beschikbaar" with the reason — never zero.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    table_id: str                               # StatLine id (or the publisher's own name for the table)
    measure: tuple[str, ...]                    # the topic's code(s) or title(s) as the formats name it
    categories: tuple[tuple[str, str], ...] = ()  # (code, title) of every category summed; () = no category
    label: str = ""                             # what is counted, for tables and CSV headers

    def describe(self) -> str:
        names = ", ".join(f"{title} ({code})" for code, title in self.categories)
        return f"tabel {self.table_id}: {self.measure[-1]}" + (f" — {names}" if names else "")


@dataclass(frozen=True)
class IndicatorDefinition:
    key: str
    title: str
    numerator: Term
    denominator: Term | None  # None: inhabitants of the municipality (registry, CBS 1-1-2024)
    scale: int                # per `scale` inhabitants (or units of the denominator)
    unit: str
    definition: str
    source: str
    periods: tuple[str, ...]  # the years shown, oldest first; yearly figures only (never months + years)
    group: str = "bbv"        # "kern" (the headline indicator of the profile) or "bbv" (statutory BBV set)

    @property
    def table_id(self) -> str:
        return self.numerator.table_id

    @property
    def denominator_text(self) -> str:
        return "population" if self.denominator is None else self.denominator.describe()

    @property
    def tables(self) -> tuple[str, ...]:
        return (self.numerator.table_id,) + (() if self.denominator is None else (self.denominator.table_id,))


CRIME = ("GeregistreerdeMisdrijven", "GeregistreerdeMisdrijven_1", "Geregistreerde misdrijven")
YEARS = ("2022JJ00", "2023JJ00", "2024JJ00")
POLICE_SOURCE = _("Politie en CBS, tabel 47013NED 'Geregistreerde misdrijven en aangiften; soort misdrijf, gemeente' "
                  "(CC BY 4.0); inwoners: CBS, 1-1-2024 (CC BY 4.0).")
PER_1000 = _(
    "Het aantal door de politie geregistreerde misdrijven van deze soort(en) in de gemeente in een kalenderjaar, "
    "gedeeld door het aantal inwoners (1 januari 2024, gemeenteregister CBS) en vermenigvuldigd met 1.000. "
    "Alleen jaarcijfers; groepswaarden zijn gewogen naar inwoners."
)


def _crime(key, title, categories, label, definition=PER_1000, group="bbv"):
    return IndicatorDefinition(key=key, title=title, numerator=Term("47013NED", CRIME, categories, label),
                               denominator=None, scale=1000, unit=_("per 1.000 inwoners"), definition=definition,
                               source=POLICE_SOURCE, periods=YEARS, group=group)


INDICATORS = [
    _crime(
        "geregistreerde-misdrijven", _("Geregistreerde misdrijven per 1.000 inwoners"),
        (("0.0.0", "Totaal misdrijven"),), _("geregistreerde misdrijven"), group="kern",
        definition=_(
            "Het aantal door de politie geregistreerde misdrijven (alle soorten, 'Totaal misdrijven') in de gemeente "
            "in een kalenderjaar, gedeeld door het aantal inwoners en vermenigvuldigd met 1.000. Als noemer dient "
            "voor elk jaar (2022, 2023 en 2024) het inwonertal van 1 januari 2024 uit het gemeenteregister (CBS); "
            "de cijfers van 2022 en 2023 zijn dus niet gecorrigeerd voor bevolkingsgroei. Misdrijven worden "
            "toegerekend aan de gemeente van de pleegplaats, in de gemeentelijke indeling 2026 (342 gemeenten). "
            "Alleen jaarcijfers worden gebruikt; maand- en kwartaalcijfers worden nooit bij jaarcijfers opgeteld. "
            "Regionale en landelijke waarden zijn gewogen naar inwoners: de som van de misdrijven gedeeld door de "
            "som van de inwoners van de gemeenten in die groep."
        )),
    _crime("winkeldiefstal", _("Winkeldiefstal per 1.000 inwoners"),
           (("2.5.2", "Winkeldiefstal"),), _("winkeldiefstallen")),
    _crime("geweldsmisdrijven", _("Geweldsmisdrijven per 1.000 inwoners"),
           (("1.4.1", "Zedenmisdrijf"), ("1.4.2", "Moord, doodslag"), ("1.4.3", "Openlijk geweld (persoon)"),
            ("1.4.4", "Bedreiging"), ("1.4.5", "Mishandeling"), ("1.4.6", "Straatroof"), ("1.4.7", "Overval")),
           _("geweldsmisdrijven"),
           definition=_(
               "De som van de door de politie geregistreerde zedenmisdrijven, moord en doodslag, openlijk geweld "
               "tegen personen, bedreiging, mishandeling, straatroof en overval (de geweldsklassen 1.4.1 tot en met "
               "1.4.7 van tabel 47013NED) in een kalenderjaar, per 1.000 inwoners (1 januari 2024). Alleen "
               "jaarcijfers; groepswaarden zijn gewogen naar inwoners.")),
    _crime("diefstal-uit-woning", _("Diefstal uit woning per 1.000 inwoners"),
           (("1.1.1", "Diefstal/inbraak woning"),), _("diefstallen uit woning")),
    _crime("vernieling", _("Vernieling per 1.000 inwoners"),
           (("2.2.1", "Vernieling cq. zaakbeschadiging"),), _("vernielingen")),
    IndicatorDefinition(
        key="halt-verwijzingen", title=_("Verwijzingen naar Halt per 10.000 jongeren (12–17 jaar)"),
        numerator=Term("HALT", ("VerwijzingenHalt", "Verwijzingen Halt"), (), _("verwijzingen naar Halt")),
        denominator=Term("03759ned", ("BevolkingOp1Januari_1", "Bevolking op 1 januari"),
                         tuple((f"{age}", f"{age} jaar") for age in range(12, 18)), _("jongeren 12–17 jaar")),
        scale=10000, unit=_("per 10.000 jongeren van 12–17 jaar"),
        definition=_(
            "Het aantal verwijzingen van jongeren naar Halt in een kalenderjaar (woongemeente van de jongere), "
            "gedeeld door het aantal inwoners van 12 tot en met 17 jaar op 1 januari van dat jaar, maal 10.000. "
            "De noemer is de som van de leeftijden 12 tot en met 17 uit de CBS-bevolkingstabel 03759ned. "
            "Groepswaarden zijn gewogen naar het aantal jongeren."),
        source=_("Halt (verwijzingen per gemeente, tabel HALT); jongeren: CBS, tabel 03759ned 'Bevolking op 1 januari; "
                 "leeftijd, regio' (CC BY 4.0)."),
        periods=YEARS,
    ),
]

BY_KEY = {indicator.key: indicator for indicator in INDICATORS}
DEFAULT = INDICATORS[0]
BBV = [indicator for indicator in INDICATORS if indicator.group == "bbv"]


def get(key: str) -> IndicatorDefinition:
    return BY_KEY[key]


@dataclass(frozen=True)
class SuppressedIndicatorDefinition:
    """An indicator computed from a module's own registrations as a suppressed aggregate (not open data).

    Shown only on the internal pages, never in public mode (`public = False`): a count of a small municipality
    could point at one office holder, and publishing GIR figures is the municipality's own decision.
    """

    key: str
    title: str
    unit: str
    scale: int
    definition: str
    source: str
    public: bool = False


GIR_INCIDENTS = SuppressedIndicatorDefinition(
    key="gir-meldingen", title=_("GIR-meldingen per 1.000 inwoners"), unit=_("per 1.000 inwoners per jaar"),
    scale=1000,
    definition=_(
        "Het aantal in GIR geregistreerde meldingen van agressie en geweld tegen medewerkers en ambtsdragers van de "
        "gemeente in de laatste twaalf vastgelegde maanden (een maand wordt een maand na afloop vastgelegd), gedeeld "
        "door het aantal inwoners (1 januari 2024) en vermenigvuldigd met 1.000. Een melding met meer soorten telt "
        "één keer. Grootteklasse en veiligheidsregio komen uit de onderdrukte landelijke maandcijfers: een groep "
        "wordt alleen getoond als zij in elk van die maanden gepubliceerd is en de andere gemeenten van de groep "
        "samen minstens 5 meldingen hebben. Minder dan 5 meldingen staat als '< 5', nooit als getal."),
    source=_("GIR-registraties van de gemeenten in Veilig Lokaal (niet openbaar)."),
)
SUPPRESSED_INDICATORS = [GIR_INCIDENTS]
