"""Resolve the active municipality (or partner organisation) of a logged-in user; enforce MFA before anything else."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .selectors import municipalities_of, organisations_of, tenant_for
from .mfa import is_mfa_satisfied

SESSION_KEY = "active_municipality_id"
ORGANISATION_SESSION_KEY = "active_organisation_id"  # set instead of SESSION_KEY when acting for an organisation

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
    """The tenant of the municipality or organisation chosen in this session; chosen automatically when the user
    has only one of them."""
    tenant = tenant_for(user, session.get(SESSION_KEY), session.get(ORGANISATION_SESSION_KEY))
    if tenant is None:
        municipalities = list(municipalities_of(user)[:2])
        organisations = list(organisations_of(user)[:2])
        if len(municipalities) + len(organisations) == 1:  # only one: no need to choose
            choose(session, municipalities[0].pk if municipalities else None,
                   organisations[0].pk if organisations else None)
            tenant = tenant_for(user, session.get(SESSION_KEY), session.get(ORGANISATION_SESSION_KEY))
    return tenant


def choose(session, municipality_id: int | None, organisation_id: int | None = None) -> None:
    """Remember what the user acts for: a municipality or an organisation, never both."""
    session.pop(SESSION_KEY, None)
    session.pop(ORGANISATION_SESSION_KEY, None)
    if municipality_id:
        session[SESSION_KEY] = municipality_id
    elif organisation_id:
        session[ORGANISATION_SESSION_KEY] = organisation_id
