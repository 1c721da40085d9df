"""Forms of enforcement cases."""

from django import forms
from django.utils.translation import gettext_lazy as _

from veiliglokaal.accounts.forms import UtrechtFormMixin

from .services import MAX_NOTE_CHARS


class EvidenceForm(UtrechtFormMixin, forms.Form):
    note = forms.CharField(label=_("Aantekening"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=MAX_NOTE_CHARS,
                           help_text=_("Bijvoorbeeld een bevinding van een controle ter plaatse."))
    file = forms.FileField(label=_("Bestand"), required=False,
                           help_text=_("Foto (PNG, JPEG) of PDF, hoogstens 10 MB. Wordt privé opgeslagen met een "
                                       "SHA-256-controlegetal."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"


class OwnerForm(UtrechtFormMixin, forms.Form):
    owner = forms.ModelChoiceField(label=_("Nieuwe eigenaar"), queryset=None,
                                   error_messages={"required": _("Kies een nieuwe eigenaar."),
                                                   "invalid_choice": _("Kies een nieuwe eigenaar uit de lijst.")})
    reason = forms.CharField(label=_("Toelichting"), required=False, max_length=1000)

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = workers
        self.fields["owner"].label_from_instance = lambda user: user.display_name
