"""Resolve the active municipality of a logged-in user and enforce MFA before anything else."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

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
                target = reverse("accounts:mfa")
                if request.method == "GET" and request.path != "/":  # come back here after the second step
                    target += "?" + urlencode({"next": request.get_full_path()})
                return redirect(target)
            request.tenant = resolve_tenant(request.user, request.session)
        return self.get_response(request)


def resolve_tenant(user, session):
    """The tenant of the municipality chosen in this session; chosen automatically when there is only one."""
    tenant = tenant_for(user, session.get(SESSION_KEY))
    if tenant is None:
        municipalities = list(municipalities_of(user)[:2])
        if len(municipalities) == 1:  # only one: no need to choose
            session[SESSION_KEY] = municipalities[0].pk
            tenant = tenant_for(user, municipalities[0].pk)
    return tenant
