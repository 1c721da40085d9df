from django import forms
from django.utils.translation import gettext_lazy as _

from veiliglokaal.accounts.forms import UtrechtFormMixin

from .models import ProcessingActivity, SecurityAction, SecurityResult


class _PeriodForm(UtrechtFormMixin, forms.Form):
    date_from = forms.DateField(label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("De begindatum ligt na de einddatum."))
        return data


class ProcessingLogFilter(_PeriodForm):
    activity = forms.ChoiceField(label=_("Verwerkingsactiviteit"), required=False)
    trace_id = forms.CharField(label=_("Trace-id"), required=False, max_length=32)
    subject_type = forms.ChoiceField(
        label=_("Soort betrokkene"), required=False,
        choices=[("", _("— alle —")), ("gebruiker", _("gebruiker"))],
    )
    subject_id = forms.CharField(label=_("Kenmerk betrokkene"), required=False, max_length=64,
                                 help_text=_("Voor een inzageverzoek: het kenmerk wordt gepseudonimiseerd voordat er gezocht wordt."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [("", _("— alle —"))] + list(
            ProcessingActivity.objects.values_list("key", "name"))


class SecurityLogFilter(_PeriodForm):
    action = forms.ChoiceField(label=_("Actie"), required=False, choices=[("", _("— alle —"))] + SecurityAction.choices)
    result = forms.ChoiceField(label=_("Resultaat"), required=False, choices=[("", _("— alle —"))] + SecurityResult.choices)
    actor = forms.CharField(label=_("Gebruikersnaam"), required=False, max_length=150)
