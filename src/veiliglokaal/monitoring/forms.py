"""Forms of online monitoring. None of them has a field for an author, account or person: there is no search by
person in the product (ADR 12; `tests/monitoring/test_no_author_search.py` checks every form)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from veiliglokaal.accounts.forms import UtrechtFormMixin
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.core import outbound

from .connectors import REGISTRY
from .models import MAX_RETENTION_DAYS, ConnectorType, GazetteerEntry, MonitoringProtocol, PlaceKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProtocolForm(UtrechtFormMixin, forms.ModelForm):
    result_roles = forms.MultipleChoiceField(
        label=_("Wie mag de resultaten zien"), choices=Role.choices, initial=[Role.ANALYST],
        widget=forms.CheckboxSelectMultiple, help_text=_(
            "Rollen die alerts en berichten van dit protocol mogen zien. Inzage vraagt daarnaast het recht "
            "'monitoring' (nu: OOV-adviseur / analist)."))
    source_link_roles = forms.MultipleChoiceField(
        label=_("Wie mag de link naar het bericht bij de bron zien"), choices=Role.choices, initial=[Role.ANALYST],
        required=False, widget=forms.CheckboxSelectMultiple, help_text=_(
            "De link wijst naar één openbaar bericht (zonder accountnaam). Elke getoonde link komt in het "
            "verwerkingslog. Leeg: niemand ziet de link."))

    class Meta:
        model = MonitoringProtocol
        fields = ["title", "question", "legal_basis", "starts_on", "ends_on", "sources", "search_terms",
                  "retention_days", "result_roles", "source_link_roles"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "question": forms.Textarea(attrs={"rows": 3}),
                   "legal_basis": forms.Textarea(attrs={"rows": 3}), "sources": forms.Textarea(attrs={"rows": 3}),
                   "search_terms": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"retention_days": _("Na deze termijn worden berichten verwijderd; hoogstens %(max)d dagen.")
                      % {"max": MAX_RETENTION_DAYS}}

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("De einddatum ligt vóór de begindatum."))
        roles, links = set(data.get("result_roles") or []), set(data.get("source_link_roles") or [])
        if links - roles:
            self.add_error("source_link_roles", _("Alleen rollen die de resultaten mogen zien, kunnen de link zien."))
        if start and end and (end - start).days > 366:
            self.add_error("ends_on", _("Een protocol loopt hoogstens een jaar; leg daarna een nieuw protocol vast."))
        return data


class MonitorForm(UtrechtFormMixin, forms.Form):
    name = forms.CharField(label=_("Naam van de monitor"), max_length=150)


class SourceForm(UtrechtFormMixin, forms.Form):
    connector = forms.ChoiceField(label=_("Soort bron"), choices=[
        (key, ConnectorType(key).label) for key, c in REGISTRY.items() if c.live])
    name = forms.CharField(label=_("Naam van de bron"), max_length=150)
    url = forms.URLField(label=_("Adres (URL)"), max_length=500, assume_scheme="https", help_text=_(
        "RSS/Atom: het adres van de feed. Mastodon: bijvoorbeeld "
        "https://mastodon.example/api/v1/timelines/tag/ermelo?limit=40 (openbare tijdlijn of hashtag)."))

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.startswith("https://"):
            raise ValidationError(_("Gebruik een https-adres."))
        try:
            outbound.check_url(url)
        except outbound.UnsafeURL as error:
            raise ValidationError(_("Gebruik het adres van een openbare bron, geen intern of lokaal adres.")) from error
        return url


class UploadForm(UtrechtFormMixin, forms.Form):
    connector = forms.ChoiceField(label=_("Soort bestand"), choices=[
        (ConnectorType.UPLOAD, _("CSV of JSONL (kolommen: zie hieronder)")),
        (ConnectorType.TELEGRAM, _("Telegram-export van een openbaar kanaal (result.json)")),
        (ConnectorType.MASTODON, _("Mastodon-statussen (JSON van de API)")),
        (ConnectorType.RSS, _("RSS- of Atom-feed (XML)")),
    ])
    source_name = forms.CharField(label=_("Naam van de bron"), max_length=150, help_text=_(
        "Bijvoorbeeld het kanaal of de feed waar het bestand vandaan komt."))
    file = forms.FileField(label=_("Bestand"), widget=forms.ClearableFileInput(
        attrs={"accept": ".csv,.jsonl,.json,.xml,.rss,.atom", "class": "utrecht-textbox utrecht-textbox--html-input"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MONITORING_UPLOAD_MAX_BYTES:
            raise ValidationError(_("Het bestand is groter dan %(mb)d MB.")
                                  % {"mb": settings.MONITORING_UPLOAD_MAX_BYTES // 1_000_000})
        return upload


class MarkForm(forms.Form):
    relevant = forms.TypedChoiceField(choices=[("ja", _("Relevant")), ("nee", _("Niet relevant"))],
                                      coerce=lambda value: value == "ja")


class PlaceForm(UtrechtFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=[(PlaceKind.LANDMARK, PlaceKind.LANDMARK.label),
                                                        (PlaceKind.DISTRICT, PlaceKind.DISTRICT.label),
                                                        (PlaceKind.NEIGHBOURHOOD, PlaceKind.NEIGHBOURHOOD.label)])
    name = forms.CharField(label=_("Naam zoals mensen hem schrijven"), max_length=150, help_text=_(
        "Bijvoorbeeld: gemeentehuis, azc, station. Hoofdletters en accenten maken niet uit."))
    latitude = forms.FloatField(label=_("Breedtegraad"), min_value=50.5, max_value=53.7)
    longitude = forms.FloatField(label=_("Lengtegraad"), min_value=3.2, max_value=7.3)

    def __init__(self, *args, municipality_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality_id = municipality_id

    def clean(self):
        data = super().clean()
        if data.get("name") and GazetteerEntry.objects.filter(
                municipality_id=self.municipality_id, kind=data.get("kind"), name__iexact=data["name"]).exists():
            self.add_error("name", _("Deze naam staat al in de lijst."))
        return data


class TopicTermForm(UtrechtFormMixin, forms.Form):
    topic = forms.CharField(label=_("Onderwerp"), max_length=50, help_text=_("Bijvoorbeeld: rellen, vuurwerk."))
    term = forms.CharField(label=_("Term"), max_length=100)
