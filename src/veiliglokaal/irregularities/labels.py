"""Titles and explanations of indicators and features, read in one place.

The declarations live with the scoring pipeline (`pipeline/indicators.py`, `pipeline/features.py`); an unknown
code (e.g. from an older run) falls back to the code itself, so a page never breaks.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Theme


@dataclass(frozen=True)
class Label:
    code: str
    title: str
    explanation: str = ""


def _indicator_labels() -> dict[str, Label]:
    from .pipeline.indicators import INDICATORS, SCORE_CODE

    labels = {i.code: Label(i.code, str(i.title), f"{i.means} {_('Wat het niet bewijst:')} {i.does_not_prove}")
              for i in INDICATORS}

    labels[SCORE_CODE] = Label(SCORE_CODE, str(_("Afwijkingsscore")), str(_(
        "Hoe ongewoon het adres is ten opzichte van vergelijkbare adressen (zelfde buurt en soort gebouw), "
        "opgeteld over de kenmerken. Een hoge score is een reden om te kijken, geen bewijs.")))
    return labels


def _feature_labels() -> dict[str, Label]:
    from .pipeline.features import SCORE_FEATURES

    return {f.name: Label(f.name, str(f.title), f"{f.meaning} ({f.source})") for f in SCORE_FEATURES}


def indicator_label(code: str) -> Label:
    """Title and explanation of an indicator code (the code itself when nothing is declared)."""
    return _indicator_labels().get(code) or Label(code, code.replace("_", " ").capitalize() if code else "")


def feature_label(code: str) -> Label:
    return _feature_labels().get(code) or Label(code, code.replace("_", " ").capitalize() if code else "")


def theme_label(code: str) -> str:
    return str(Theme(code).label) if code in Theme.values else code
