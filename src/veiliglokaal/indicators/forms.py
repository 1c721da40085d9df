"""Forms of the veiligheidsbeeld: the statistics upload (one StatLine CSV, or the page files of one OData download)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .importers import FORMATS

MAX_FILES = 40


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [f for f in files if f]
        if not files:
            raise forms.ValidationError(_("Kies een bestand."), code="required")
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("Lever hoogstens %(n)s bestanden tegelijk aan.") % {"n": MAX_FILES}
            )
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class StatisticsUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Bestanden"),
        help_text=_(
            "Een StatLine-CSV, of alle pagina's van één OData-download (v3 of v4) samen."
        ),
    )
    source_format = forms.ChoiceField(
        label=_("Bestandsformaat"),
        required=False,
        choices=[("", _("Automatisch herkennen"))]
        + [(key, key) for key in sorted(FORMATS)],
    )
    table_id = forms.RegexField(
        label=_("Tabel-id"),
        required=False,
        max_length=20,
        regex=r"^[0-9A-Za-z]{2,20}$",
        help_text=_(
            "Verplicht bij een CSV-bestand, bijvoorbeeld 47013NED. Een OData-bestand noemt zijn tabel zelf."
        ),
        error_messages={
            "invalid": _("Alleen letters en cijfers, bijvoorbeeld 47013NED.")
        },
    )
    publisher = forms.CharField(
        label=_("Uitgever"),
        required=False,
        max_length=100,
        help_text=_("Bijvoorbeeld 'CBS' of 'Politie en CBS'."),
    )
