"""API authentication: personal tokens bound to one municipality, or the browser session (MFA passed)."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, throttling

from veiliglokaal.accounts.middleware import resolve_tenant
from veiliglokaal.accounts.mfa import is_mfa_satisfied
from veiliglokaal.accounts.models import ApiToken
from veiliglokaal.accounts.selectors import tenant_for


LAST_USED_GRANULARITY = datetime.timedelta(minutes=1)


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
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY:
            # at most one write a minute per key, not one per request
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
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


class ApiRateThrottle(throttling.SimpleRateThrottle):
    """Requests per user (an API key acts as its user) or, before authentication, per real client address;
    the rate is the `API_THROTTLE_RATE` setting (read per request, so it can be changed without a restart)."""

    scope = "api"

    def get_rate(self):
        return settings.API_THROTTLE_RATE or None

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        from veiliglokaal.core.proxies import client_ip

        user = getattr(request, "user", None)
        ident = f"user-{user.pk}" if user is not None and user.is_authenticated else f"ip-{client_ip(request._request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
