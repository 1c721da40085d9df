"""Forms of the meldpunt. The rules live in `services.validate_report` (shared with the API); forms add the layout."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veiliglokaal.accounts.forms import UtrechtFormMixin
from veiliglokaal.accounts.models import User
from veiliglokaal.incidents.forms import MultipleFileField, MultipleFileInput

from . import evidence, services
from .defaults import ContentKind

EVIDENCE_HELP = _("Schermafbeeldingen (PNG, JPEG), PDF of opgeslagen webpagina's (HTML, MHTML), elk hoogstens "
                  "%(mb)s MB. Ze worden privé bewaard met een SHA-256-vingerafdruk en nooit vervangen. Na een "
                  "foutmelding moet u de bestanden opnieuw kiezen.")


def _evidence_field():
    from django.conf import settings

    return MultipleFileField(
        label=_("Bewijs"), required=False, help_text=EVIDENCE_HELP % {"mb": settings.ONLINE_EVIDENCE_MAX_MB},
        widget=MultipleFileInput(attrs={"accept": evidence.ACCEPT,
                                        "class": "utrecht-textbox utrecht-textbox--html-input"}))


class CapturedAtMixin(forms.Form):
    captured_date = forms.DateField(label=_("Datum waarop u het bewijs vastlegde"), required=False,
                                    widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    captured_time = forms.TimeField(label=_("Tijd waarop u het bewijs vastlegde"), required=False,
                                    widget=forms.TimeInput(format="%H:%M", attrs={
                                        "type": "time", "class": "utrecht-textbox utrecht-textbox--html-input"}))

    def captured_at(self):
        day, time = self.cleaned_data.get("captured_date"), self.cleaned_data.get("captured_time")
        if day is None or time is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(day, time))

    def _initial_capture_time(self):
        now = timezone.localtime()
        self.fields["captured_date"].initial = now.date()
        self.fields["captured_time"].initial = now.strftime("%H:%M")


def _colleagues(municipality_id):
    from veiliglokaal.accounts.models import Membership

    ids = Membership.objects.active().filter(municipality_id=municipality_id).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("first_name", "last_name", "username")


class ReportForm(UtrechtFormMixin, CapturedAtMixin):
    """The report: one column, works on a phone; URLs one per line; the platforms are the municipality's own list."""

    SELF, COLLEAGUE, OTHER = "self", "colleague", "other"
    FIELD_FOR = {"target_user": "target_colleague", "captured_at": "captured_date"}

    for_whom = forms.ChoiceField(label=_("Op wie is de inhoud gericht?"), widget=forms.RadioSelect, initial=SELF,
                                 choices=[(SELF, _("Op mij")),
                                          (COLLEAGUE, _("Op een collega of ambtsdrager met een account")),
                                          (OTHER, _("Op iemand anders (naam en functie invullen)"))])
    target_colleague = forms.ModelChoiceField(label=_("Collega of ambtsdrager"), queryset=User.objects.none(),
                                              required=False, empty_label=_("— kies —"))
    target_name = forms.CharField(label=_("Naam van de betrokkene"), max_length=150, required=False,
                                  help_text=_("Alleen als de betrokkene geen account heeft."))
    target_function = forms.CharField(label=_("Functie van de betrokkene"), max_length=100, error_messages={
                                          "required": _("Vul de functie in van de betrokkene, bijvoorbeeld "
                                                        "burgemeester, wethouder of raadslid.")},
                                      help_text=_("Bijvoorbeeld burgemeester, wethouder, raadslid of handhaver."))
    urls = forms.CharField(label=_("URL's van de inhoud"), widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Vul ten minste één URL in van de inhoud die u meldt.")},
                           help_text=_("Eén webadres per regel, beginnend met https:// of http://. Kopieer het adres "
                                       "van het bericht zelf, niet van de tijdlijn."))
    platform = forms.ChoiceField(label=_("Platform"), error_messages={
        "required": _("Kies een platform uit de lijst van uw gemeente.")})
    kind = forms.ChoiceField(label=_("Wat voor inhoud is het?"), widget=forms.RadioSelect, choices=ContentKind.choices,
                             error_messages={"required": _("Kies wat voor inhoud het is.")})
    description = forms.CharField(label=_("Wat staat er en waarom meldt u het?"),
                                  widget=forms.Textarea(attrs={"rows": 4}), error_messages={
                                      "required": _("Beschrijf kort wat er online staat en waarom u het meldt.")})
    evidence = _evidence_field()

    field_order = ["for_whom", "target_colleague", "target_name", "target_function", "urls", "platform", "kind",
                   "description", "evidence", "captured_date", "captured_time"]

    def __init__(self, *args, tenant, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant, self.user = tenant, user
        self.fields["evidence"] = _evidence_field()
        self.fields["target_colleague"].queryset = _colleagues(tenant.municipality_id)
        self.fields["target_colleague"].label_from_instance = lambda u: u.display_name
        self.fields["platform"].choices = [("", _("— kies —"))] + [
            (p.code, p.label) for p in services.platforms(tenant.municipality_id)]
        self._initial_capture_time()

    def clean(self):
        data = super().clean()
        choice = data.get("for_whom")
        if choice == self.COLLEAGUE and data.get("target_colleague") is None:
            self.add_error("target_colleague", _("Kies de collega of ambtsdrager op wie de inhoud gericht is."))
        try:  # the domain rules (shared with the API), so that every mistake is reported in one round
            services.validate_report(self.tenant, self.service_data(), data.get("evidence") or [])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                target = self.FIELD_FOR.get(field, field)
                if target in self.fields and target not in self.errors:
                    self.add_error(target, messages)
        return data

    def service_data(self) -> dict:
        data = getattr(self, "cleaned_data", {})
        choice = data.get("for_whom")
        target_user = {self.SELF: self.user, self.COLLEAGUE: data.get("target_colleague")}.get(choice)
        return {
            "urls": data.get("urls", ""), "platform": data.get("platform"), "kind": data.get("kind"),
            "target_user": target_user, "target_name": data.get("target_name", "") if choice == self.OTHER else "",
            "target_function": data.get("target_function", ""), "description": data.get("description", ""),
            "captured_at": self.captured_at(),
        }

    def field_groups(self):
        names = {
            "who": ["for_whom", "target_colleague", "target_name", "target_function"],
            "what": ["urls", "platform", "kind", "description"],
            "evidence": ["evidence", "captured_date", "captured_time"],
        }
        return {group: [self[name] for name in fields] for group, fields in names.items()}


class EvidenceForm(UtrechtFormMixin, CapturedAtMixin):
    evidence = _evidence_field()
    field_order = ["evidence", "captured_date", "captured_time"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"] = _evidence_field()
        self._initial_capture_time()


class AssessmentForm(UtrechtFormMixin, forms.Form):
    assessment = forms.CharField(
        label=_("Onderbouwing: waarom is deze inhoud onrechtmatig?"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Deze tekst gaat als onderdeel a (onderbouwing) in de notice aan het platform. Noem wat er staat, "
                    "tegen wie het gericht is en waarom het onder de strafbepaling valt."))


class NoticeSentForm(UtrechtFormMixin, forms.Form):
    channel = forms.CharField(label=_("Verstuurd via"), max_length=200,
                              help_text=_("Bijvoorbeeld het DSA-meldformulier van het platform, of het e-mailadres."))


class GirForm(UtrechtFormMixin, forms.Form):
    victim_role = forms.ChoiceField(label=_("Functie van de betrokkene in GIR"))

    def __init__(self, *args, municipality_id, function="", **kwargs):
        super().__init__(*args, **kwargs)
        from veiliglokaal.incidents import services as gir
        from veiliglokaal.incidents.models import OptionKind

        choices = [(o.code, o.label) for o in gir.options(municipality_id, OptionKind.VICTIM_ROLE)]
        self.fields["victim_role"].choices = choices
        lowered = function.lower()
        guess = next((code for code, label in choices if label.lower() in lowered or code in lowered), None)
        if guess:
            self.fields["victim_role"].initial = guess


class PlatformForm(UtrechtFormMixin, forms.Form):
    label = forms.CharField(label=_("Naam"), max_length=100)
    notice_url = forms.URLField(label=_("Adres van het meldformulier (DSA) van het platform"), required=False,
                                assume_scheme="https",
                                help_text=_("Wordt bij het opstellen van de notice getoond aan de behandelaar."))
    is_active = forms.BooleanField(label=_("In gebruik"), required=False, initial=True)
