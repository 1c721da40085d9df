"""Titles and explanations of indicators and features, read in one place.

The declarations belong to the scoring pipeline (helper B's indicator definitions); until they are wired in at
merge, an unknown code falls back to the code itself, so a page never breaks on a new indicator.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Theme


@dataclass(frozen=True)
class Label:
    code: str
    title: str
    explanation: str = ""


# Placeholder declarations for the known national indicator; the pipeline's own declarations replace these.
_INDICATORS: dict[str, Label] = {
    "besettingsgraad": Label("besettingsgraad", str(_("Besettingsgraad")), str(_(
        "Ingeschreven personen (BRP) tegenover de oppervlakte van het adres (BAG): weinig vierkante meters per "
        "persoon kan wijzen op overbewoning of een onjuiste inschrijving."))),
}
_FEATURES: dict[str, Label] = {}


def indicator_label(code: str) -> Label:
    """Title and explanation of an indicator code (the code itself when nothing is declared)."""
    return _INDICATORS.get(code) or Label(code, code.replace("_", " ").capitalize() if code else "")


def feature_label(code: str) -> Label:
    return _FEATURES.get(code) or Label(code, code.replace("_", " ").capitalize() if code else "")


def theme_label(code: str) -> str:
    return str(Theme(code).label) if code in Theme.values else code
