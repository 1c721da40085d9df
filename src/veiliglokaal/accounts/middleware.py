"""Resolve the active municipality of a logged-in user and enforce MFA before anything else."""

from django.shortcuts import redirect
from django.urls import reverse

from .selectors import municipalities_of, tenant_for
from .mfa import is_mfa_satisfied

SESSION_KEY = "active_municipality_id"

# Paths a logged-in user may reach before passing MFA or choosing a municipality.
_OPEN_PREFIXES = ("/static/", "/inloggen", "/uitloggen", "/oidc/", "/toegankelijkheid", "/api/", "/favicon")


class ActiveMembershipMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.tenant = None
        user = request.user
        if user.is_authenticated and not request.path.startswith("/api/"):
            if not is_mfa_satisfied(request) and not request.path.startswith(_OPEN_PREFIXES):
                return redirect(f"{reverse('accounts:mfa')}")
            request.tenant = self._resolve_tenant(request)
        return self.get_response(request)

    @staticmethod
    def _resolve_tenant(request):
        tenant = tenant_for(request.user, request.session.get(SESSION_KEY))
        if tenant is None:
            municipalities = list(municipalities_of(request.user)[:2])
            if len(municipalities) == 1:  # only one: no need to choose
                request.session[SESSION_KEY] = municipalities[0].pk
                tenant = tenant_for(request.user, municipalities[0].pk)
        return tenant
