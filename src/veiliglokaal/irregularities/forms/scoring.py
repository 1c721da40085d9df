"""Form for one indicator's settings, built from the indicator's declared parameters."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..pipeline.indicators import clean_params, params_of


class IndicatorSettingForm(forms.Form):
    enabled = forms.BooleanField(label=_("Indicator aan"), required=False)

    def __init__(self, code: str, *args, can_disable: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.code = code
        if not can_disable:
            del self.fields["enabled"]
        for param in params_of(code):
            if param.kind == "choice":
                field = forms.ChoiceField(label=param.label, choices=param.choices, help_text=param.help)
            else:
                # empty = the default (a new parameter must not make an older form or script fail)
                field = forms.CharField(label=param.label, help_text=param.help or self._range(param), max_length=200,
                                        required=False)
            self.fields[param.name] = field

    @staticmethod
    def _range(param) -> str:
        if param.minimum is None:
            return ""
        return _("Van %(min)s tot en met %(max)s.") % {"min": f"{param.minimum:g}".replace(".", ","),
                                                          "max": f"{param.maximum:g}".replace(".", ",")}

    @staticmethod
    def initial_for(code: str, enabled: bool, params: dict) -> dict:
        initial = {"enabled": enabled}
        for param in params_of(code):
            value = params.get(param.name, param.default)
            if isinstance(value, (list, tuple)):
                value = ", ".join(str(v) for v in value)
            elif isinstance(value, float):
                value = f"{value:g}".replace(".", ",")
            initial[param.name] = value
        return initial

    def clean(self):
        data = super().clean()
        raw = {p.name: data.get(p.name) for p in params_of(self.code) if data.get(p.name) not in (None, "")}
        try:
            self.cleaned_params = clean_params(self.code, raw)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, messages in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, messages)
            else:
                self.add_error(None, error.messages)
        return data


class RiskBranchForm(forms.Form):
    """A branch the municipality adds to the risk-branch list, with its own reason and source."""

    sbi_code = forms.CharField(label=_("SBI-code"), max_length=5,
                               help_text=_("2 tot 5 cijfers (SBI 2008), bijvoorbeeld 9609 of 47191."))
    label = forms.CharField(label=_("Omschrijving"), max_length=120)
    reason = forms.CharField(label=_("Reden en bron"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Waarom deze branche in deze gemeente kwetsbaar is, en waar dat staat "
                                         "(bijvoorbeeld een RIEC-informatiebeeld of een Bibob-advies)."))

    def clean_sbi_code(self):
        code = self.cleaned_data["sbi_code"].strip()
        if not (code.isdigit() and 2 <= len(code) <= 5):
            raise ValidationError(_("Een SBI-code bestaat uit 2 tot 5 cijfers."))
        return code
