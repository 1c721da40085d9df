"""Forms of GIR. The rules live in `services.validate_incident` (shared with the API); forms add the layout."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veiliglokaal.accounts.forms import UtrechtFormMixin

from . import services
from .models import Injury, OptionKind
from .workflows import MeasureKind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def _option_choices(municipality_id, kind):
    return [(o.code, o.label) for o in services.options(municipality_id, kind)]


class IncidentForm(UtrechtFormMixin, forms.Form):
    """The report: short, one column, works on a phone. Choices come from the municipality's own lists."""

    FOR_SELF, FOR_OTHER = "self", "other"

    for_whom = forms.ChoiceField(label=_("Voor wie meldt u?"), widget=forms.RadioSelect, initial=FOR_SELF,
                                 choices=[(FOR_SELF, _("Het overkwam mij zelf")),
                                          (FOR_OTHER, _("Ik meld namens iemand anders"))])
    victim_name = forms.CharField(label=_("Naam van de getroffene"), max_length=150, required=False,
                                  help_text=_("Alleen als u namens iemand anders meldt."))
    occurred_date = forms.DateField(label=_("Datum"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    occurred_time = forms.TimeField(label=_("Tijd (ongeveer)"), widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}))
    location = forms.ChoiceField(label=_("Waar gebeurde het?"), widget=forms.RadioSelect)
    victim_role = forms.ChoiceField(label=_("Functie van de getroffene"))
    types = forms.MultipleChoiceField(label=_("Wat gebeurde er? (meer antwoorden mogelijk)"),
                                      widget=forms.CheckboxSelectMultiple)
    channel = forms.ChoiceField(label=_("Hoe?"), widget=forms.RadioSelect)
    platform = forms.CharField(label=_("Welk platform of adres?"), max_length=100, required=False,
                               help_text=_("Bij e-mail, sociale media of andere online kanalen, bijvoorbeeld X of Facebook."))
    description = forms.CharField(label=_("Beschrijf wat er gebeurde"), widget=forms.Textarea(attrs={"rows": 5}))
    hide_description_from_manager = forms.BooleanField(
        label=_("Mijn leidinggevende mag deze beschrijving niet lezen"), required=False,
        help_text=_("De coördinator agressie en geweld leest de beschrijving wel."))
    injury = forms.ChoiceField(label=_("Letsel"), choices=Injury.choices, initial=Injury.NONE)
    absence_days = forms.IntegerField(label=_("Verzuim (dagen)"), min_value=0, max_value=365, required=False)
    damage_description = forms.CharField(label=_("Schade aan spullen"), required=False,
                                         widget=forms.Textarea(attrs={"rows": 2}))
    damage_amount = forms.DecimalField(label=_("Geschatte schade (euro)"), min_value=0, max_digits=10,
                                       decimal_places=2, required=False)
    witnesses = forms.CharField(label=_("Getuigen"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                help_text=_("Namen van collega's of anderen die het zagen."))
    department = forms.CharField(label=_("Afdeling"), max_length=100, required=False)
    attachments = MultipleFileField(
        label=_("Bijlagen"), required=False,
        help_text=_("Foto's of schermafbeeldingen (PNG, JPEG) of PDF, elk hoogstens 10 MB. Na een foutmelding "
                    "moet u de bijlagen opnieuw kiezen."),
        widget=MultipleFileInput(attrs={"accept": "image/png,image/jpeg,application/pdf"}))
    offender_name = forms.CharField(label=_("Naam van de veroorzaker"), max_length=150, required=False)
    offender_identifier = forms.CharField(label=_("Kenmerk (bijvoorbeeld klantnummer of kenteken)"), max_length=100,
                                          required=False)
    offender_description = forms.CharField(label=_("Signalement"), required=False,
                                           widget=forms.Textarea(attrs={"rows": 2}))

    OFFENDER_FIELDS = ("offender_name", "offender_identifier", "offender_description")

    def __init__(self, *args, tenant, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant, self.user = tenant, user
        mid = tenant.municipality_id
        self.fields["location"].choices = _option_choices(mid, OptionKind.LOCATION)
        self.fields["victim_role"].choices = [("", _("— kies —"))] + _option_choices(mid, OptionKind.VICTIM_ROLE)
        self.fields["types"].choices = _option_choices(mid, OptionKind.TYPE)
        self.fields["channel"].choices = _option_choices(mid, OptionKind.CHANNEL)
        now = timezone.localtime()
        self.fields["occurred_date"].initial = now.date()
        self.fields["occurred_time"].initial = now.strftime("%H:%M")
        self.fields["department"].initial = getattr(user, "department", "")
        self.fields["attachments"].widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"
        self.fields["occurred_time"].widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"

    def clean(self):
        data = super().clean()
        if data.get("for_whom") == self.FOR_OTHER and not (data.get("victim_name") or "").strip():
            self.add_error("victim_name", _("Vul de naam in van degene namens wie u meldt."))
        # The domain rules (shared with the API), so that every mistake is reported in one round.
        try:
            services.validate_incident(self.tenant, self.service_data(), data.get("attachments") or [])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                target = {"occurred_at": "occurred_date", "victim_user": "for_whom"}.get(field, field)
                if target in self.fields and target not in self.errors:
                    self.add_error(target, messages)
        return data

    def occurred_at(self):
        day, time = self.cleaned_data.get("occurred_date"), self.cleaned_data.get("occurred_time")
        if day is None or time is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(day, time))

    def service_data(self) -> dict:
        data = getattr(self, "cleaned_data", {})
        own = data.get("for_whom") != self.FOR_OTHER
        return {
            "occurred_at": self.occurred_at(), "location": data.get("location"),
            "victim_role": data.get("victim_role"), "types": data.get("types") or [], "channel": data.get("channel"),
            "platform": data.get("platform", ""), "description": data.get("description", ""),
            "injury": data.get("injury"), "absence_days": data.get("absence_days"),
            "damage_description": data.get("damage_description", ""), "damage_amount": data.get("damage_amount"),
            "witnesses": data.get("witnesses", ""),
            "hide_description_from_manager": data.get("hide_description_from_manager", False),
            "department": data.get("department", ""),
            "victim_user": self.user if own else None, "victim_name": "" if own else data.get("victim_name", ""),
        }

    def offender(self) -> services.OffenderInput:
        return services.OffenderInput(name=self.cleaned_data.get("offender_name", ""),
                                      identifier=self.cleaned_data.get("offender_identifier", ""),
                                      description=self.cleaned_data.get("offender_description", ""))

    def field_groups(self):
        """The fields in the order and sections of the page."""
        names = {
            "who": ["for_whom", "victim_name", "victim_role", "department"],
            "what": ["occurred_date", "occurred_time", "location", "types", "channel", "platform", "description",
                     "hide_description_from_manager"],
            "consequences": ["injury", "absence_days", "damage_description", "damage_amount", "witnesses",
                             "attachments"],
            "offender": list(self.OFFENDER_FIELDS),
        }
        return {group: [self[name] for name in fields] for group, fields in names.items()}


class OwnerForm(UtrechtFormMixin, forms.Form):
    owner = forms.ModelChoiceField(label=_("Eigenaar"), queryset=None, empty_label=None)

    def __init__(self, *args, handlers, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = handlers
        self.fields["owner"].label_from_instance = lambda u: u.display_name
        if user is not None and handlers.filter(pk=user.pk).exists():
            self.fields["owner"].initial = user.pk


class MeasureForm(OwnerForm):
    kind = forms.ChoiceField(label=_("Maatregel"), choices=MeasureKind.choices)
    field_order = ["kind", "owner"]


class OffenderForm(UtrechtFormMixin, forms.Form):
    name = forms.CharField(label=_("Naam van de veroorzaker"), max_length=150, required=False)
    identifier = forms.CharField(label=_("Kenmerk (bijvoorbeeld klantnummer of kenteken)"), max_length=100,
                                 required=False)
    description = forms.CharField(label=_("Signalement"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if not any((data.get(k) or "").strip() for k in ("name", "identifier", "description")):
            raise forms.ValidationError(_("Vul ten minste één gegeven van de veroorzaker in."))
        return data
