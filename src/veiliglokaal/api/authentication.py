"""API authentication: personal tokens bound to one municipality, or the browser session (MFA passed)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from veiliglokaal.accounts.middleware import resolve_tenant
from veiliglokaal.accounts.mfa import is_mfa_satisfied
from veiliglokaal.accounts.models import ApiToken
from veiliglokaal.accounts.selectors import tenant_for


class MembershipTokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key):
        token = (ApiToken.objects.usable().select_related("user")
                 .filter(key_hash=ApiToken.hash_key(key)).first())
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Ongeldige of verlopen API-sleutel."))
        tenant = tenant_for(token.user, token.municipality_id)
        if tenant is None:
            raise exceptions.AuthenticationFailed(_("Deze API-sleutel hoort bij een gemeente waar u geen rol meer heeft."))
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, tenant

    def authenticate_header(self, request):
        return self.keyword


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """The browser session, only once MFA is passed; the tenant is the municipality chosen in the app."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        django_request = request._request
        if not is_mfa_satisfied(django_request):
            raise exceptions.AuthenticationFailed(_("Rond eerst de tweede inlogstap (MFA) af."))
        return result[0], resolve_tenant(result[0], django_request.session)
