"""Forms of the map and review pages. Rules live in `services.review`; forms add labels and layout."""

from django import forms
from django.utils.translation import gettext_lazy as _

from veiliglokaal.accounts.forms import UtrechtFormMixin
from veiliglokaal.enforcement.legal_bases import LegalBasis

from ..services import review as services_review
from ..models import AreaKind, Outcome
from ..pipeline.indicators import BY_CODE


class PurposeForm(UtrechtFormMixin, forms.Form):
    purpose = forms.CharField(
        label=_("Waarvoor bekijkt u gegevens op adresniveau?"),
        help_text=_("Bijvoorbeeld: een melding van overbewoning in een buurt, een lopend onderzoek of de "
                    "periodieke beoordeling van de werklijst. Het doel wordt vastgelegd bij elke inzage en is "
                    "4 uur geldig."),
        widget=forms.Textarea(attrs={"rows": 3}), max_length=services_review.PURPOSE_MAX_CHARS,
        error_messages={"required": _("Vul het doel in: zonder doel geen gegevens op adresniveau."),
                        "max_length": _("Houd het doel korter dan 1000 tekens.")})


class LayerFilterForm(forms.Form):
    """The map's filters; unknown values fall back to the default layer instead of failing."""

    soort = forms.ChoiceField(label=_("Gebieden"), choices=AreaKind.choices, required=False)
    thema = forms.ChoiceField(label=_("Thema"), required=False)
    indicator = forms.ChoiceField(label=_("Indicator"), required=False)

    def __init__(self, data, *, choices: dict):
        super().__init__(data)
        self.fields["soort"].choices = choices["kinds"] or AreaKind.choices
        self.fields["thema"].choices = [("", _("Alle thema's"))] + choices["themes"]
        self.fields["indicator"].choices = [("", _("Alle indicatoren"))] + choices["indicators"]
        for field in self.fields.values():
            field.widget.attrs["class"] = "utrecht-select utrecht-select--html-select"

    def values(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})  # only the fields that were valid; an unknown value falls back to its default
        kind = data.get("soort") or self.fields["soort"].choices[0][0]
        return {"kind": kind, **_theme_and_indicator(data)}


class WorklistFilterForm(LayerFilterForm):
    """The worklist's filters: theme and indicator (a worklist has no area kind)."""

    def __init__(self, data, *, choices: dict):
        super().__init__(data, choices=choices)
        del self.fields["soort"]

    def values(self) -> dict:
        self.is_valid()
        return _theme_and_indicator(getattr(self, "cleaned_data", {}))


def _theme_and_indicator(data: dict) -> dict:
    """An indicator belongs to one theme: the pipeline writes its layer under that theme, so a link that names only
    the indicator (`?indicator=…`) must select the same row as the filter form does."""
    indicator = data.get("indicator", "")
    theme = BY_CODE[indicator].theme if indicator in BY_CODE else data.get("thema", "")
    return {"theme": theme, "indicator": indicator}


class DecisionForm(UtrechtFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Besluit"), choices=Outcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": _("Kies een besluit.")})
    rationale = forms.CharField(
        label=_("Onderbouwing"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
        help_text=_("Waarom dit besluit? Noem wat u heeft gecontroleerd. Het signaal is een aanwijzing, geen "
                    "bewijs: u besluit, niet het algoritme."),
        error_messages={"required": _("Onderbouw het besluit.")})
    legal_basis = forms.ChoiceField(
        label=_("Grondslag van het handhavingstraject"), required=False,
        choices=[("", _("— alleen bij een handhavingstraject —"))] + list(LegalBasis.choices))
    owner = forms.ModelChoiceField(label=_("Eigenaar van het handhavingstraject"), queryset=None, required=False,
                                   empty_label=_("— ikzelf —"))

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = workers
        self.fields["owner"].label_from_instance = lambda user: user.display_name

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Outcome.ENFORCEMENT and not data.get("legal_basis"):
            self.add_error("legal_basis", _("Kies de grondslag: een handhavingstraject heeft altijd een grondslag."))
        return data
