from django import forms
from django.core.validators import RegexValidator
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .scopes import Role


class UtrechtFormMixin:
    """Give every widget the NL Design System class for its kind."""

    widget_classes = {
        forms.TextInput: "utrecht-textbox utrecht-textbox--html-input",
        forms.EmailInput: "utrecht-textbox utrecht-textbox--html-input",
        forms.PasswordInput: "utrecht-textbox utrecht-textbox--html-input",
        forms.NumberInput: "utrecht-textbox utrecht-textbox--html-input",
        forms.DateInput: "utrecht-textbox utrecht-textbox--html-input",
        forms.Select: "utrecht-select utrecht-select--html-select",
        forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = self.widget_classes.get(type(field.widget))
            if css:
                field.widget.attrs.setdefault("class", css)


class LoginForm(UtrechtFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("Deze combinatie van gebruikersnaam en wachtwoord kennen we niet. "
                           "Let op hoofdletters. Na vijf mislukte pogingen moet u steeds even wachten."),
        "inactive": _("Dit account is niet actief. Neem contact op met de functioneel beheerder van uw gemeente."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Gebruikersnaam")
        self.fields["password"].label = _("Wachtwoord")

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            wait = getattr(self.request, "vl_backoff_wait", 0)
            if wait:
                raise forms.ValidationError(
                    _("Er is te vaak een onjuist wachtwoord ingevoerd voor dit account. Wacht %(seconds)s seconden "
                      "en probeer het dan opnieuw.") % {"seconds": wait}, code="backoff") from None
            raise


class TokenForm(UtrechtFormMixin, forms.Form):
    token = forms.CharField(
        label=_("Code uit uw authenticator-app"), max_length=12,
        help_text=_("Zes cijfers, bijvoorbeeld 123456. De code verandert elke 30 seconden."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,149}\Z"
username_validator = RegexValidator(
    USERNAME_PATTERN, _("Gebruik alleen letters zonder accenten, cijfers en . _ @ + - (begin met een letter of cijfer)."),
    code="invalid_username")


class UserCreateForm(UtrechtFormMixin, forms.Form):
    username = forms.CharField(label=_("Gebruikersnaam"), max_length=150, validators=[username_validator],
                               help_text=_("Letters, cijfers en . _ @ + -"))
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres"), help_text=_("Hierheen sturen we de link om een wachtwoord in te stellen."))
    department = forms.CharField(label=_("Afdeling"), max_length=100, required=False)
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)


class GrantRoleForm(UtrechtFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("Rol toevoegen"), choices=Role.choices, help_text=_(
        "Beheerder, landelijk analist, privacy officer en coördinator: een tweede beheerder moet goedkeuren."))
    reason = forms.CharField(label=_("Reden (bij rollen die goedkeuring vragen)"), required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ApproveGrantForm(UtrechtFormMixin, forms.Form):
    """Re-authentication of the approving admin: password and the current code of their authenticator."""

    password = forms.CharField(label=_("Uw wachtwoord"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    token = forms.CharField(
        label=_("Code uit uw authenticator-app"), max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ApiTokenForm(UtrechtFormMixin, forms.Form):
    name = forms.CharField(label=_("Waarvoor gebruikt u deze sleutel?"), max_length=100)
    days_valid = forms.IntegerField(label=_("Geldig (dagen)"), min_value=1, max_value=365, initial=90)
