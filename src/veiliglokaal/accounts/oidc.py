"""OIDC log-in for municipalities with their own identity provider (mozilla-django-oidc).

Only users that the municipality's admin created may log in this way: an identity provider proves who someone is,
memberships in Veilig Lokaal decide what they may do. Rules:
- a user is matched only on an `email` claim that the provider marks `email_verified: true`; an unverified address
  is refused with a Dutch message and a security-log event (the reason, never the address);
- the provider's MFA replaces our TOTP step only when `OIDC_MFA_BY_PROVIDER` is on *and* the ID token says MFA
  happened: one of its `amr` values is in `OIDC_ACCEPTED_AMR` or its `acr` is in `OIDC_ACCEPTED_ACR`. Otherwise our
  own TOTP step still applies.
"""

from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from veiliglokaal.audit.models import SecurityAction, SecurityResult
from veiliglokaal.audit.services import log_security

from .mfa import IDP_MFA_SESSION_KEY


def email_is_verified(claims: dict) -> bool:
    value = claims.get("email_verified")
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def provider_did_mfa(id_claims: dict) -> bool:
    """True when the ID token's `amr` or `acr` names a method or level this installation accepts as MFA."""
    if not settings.OIDC_MFA_BY_PROVIDER:
        return False
    amr = id_claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    accepted_amr = {value.lower() for value in settings.OIDC_ACCEPTED_AMR}
    if any(isinstance(value, str) and value.lower() in accepted_amr for value in amr):
        return True
    acr = id_claims.get("acr")
    return isinstance(acr, str) and acr in set(settings.OIDC_ACCEPTED_ACR)


class MembershipOIDCBackend(OIDCAuthenticationBackend):
    _id_claims: dict = {}

    def _refuse(self, reason: str, message: str) -> None:
        log_security(SecurityAction.LOGIN_FAILED, result=SecurityResult.DENIED, object_type="gebruiker",
                     detail={"method": "oidc", "reason": reason})
        request = getattr(self, "request", None)
        if request is not None:
            messages.error(request, message)

    def verify_claims(self, claims):
        if not claims.get("email"):
            self._refuse("no_email_claim", _("Uw gemeente-account geeft geen e-mailadres door; inloggen is niet "
                                             "mogelijk. Neem contact op met de beheerder."))
            return False
        if not email_is_verified(claims):
            self._refuse("email_not_verified", _("Het e-mailadres van uw gemeente-account is niet bevestigd; "
                                                 "inloggen is niet mogelijk. Neem contact op met de beheerder."))
            return False
        return True

    def filter_users_by_claims(self, claims):
        email = claims.get("email")
        if not email or not email_is_verified(claims):
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims):
        # no self-registration: an admin creates users and their memberships
        self._refuse("no_matching_user", _("Er is geen account in Veilig Lokaal voor uw gemeente-account. Vraag de "
                                           "beheerder van uw gemeente om u toe te voegen."))
        return None

    def get_or_create_user(self, access_token, id_token, payload):
        self._id_claims = payload or {}  # the verified ID token: amr/acr are read from here
        return super().get_or_create_user(access_token, id_token, payload)

    def authenticate(self, request, **kwargs):
        self._id_claims = {}
        user = super().authenticate(request, **kwargs)
        if user is not None and request is not None:
            if provider_did_mfa(self._id_claims):
                request.session[IDP_MFA_SESSION_KEY] = True
            else:
                request.session.pop(IDP_MFA_SESSION_KEY, None)
        return user
