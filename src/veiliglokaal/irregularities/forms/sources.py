"""The upload form of one source type: the file and its reference date. Type and size are checked here."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from veiliglokaal.accounts.forms import UtrechtFormMixin

from ..services import sources as services


class SourceUploadForm(UtrechtFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_("Na een fout moet u het bestand opnieuw kiezen; de peildatum blijft staan."),
        widget=forms.ClearableFileInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input"}))
    reference_date = forms.DateField(
        label=_("Peildatum"), help_text=_("De datum waarop de gegevens in het bestand gelden (jjjj-mm-dd)."),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"invalid": _("Geef een geldige datum, bijvoorbeeld 2025-01-01."),
                        "required": _("Vul de peildatum in.")},
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"}))

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        self.fields["file"].widget.attrs["accept"] = ",".join(source.extensions)
        self.fields["file"].help_text = _(
            "%(ext)s, hoogstens %(mb)s MB. Na een fout moet u het bestand opnieuw kiezen; de peildatum blijft staan."
        ) % {"ext": source.extensions_label, "mb": source.max_bytes // (1024 * 1024)}
        self.fields["file"].error_messages["required"] = _("Kies een bestand.")

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            services.check_file(self.source.key, uploaded.name, uploaded.size)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        return uploaded
