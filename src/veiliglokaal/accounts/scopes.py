"""Roles and the named permission scopes they grant, declared as data.

A scope is the unit of permission that views, API endpoints and navigation ask for. Roles are the
ones of DOMAIN.md plus the privacy officer (FG/privacy officer), who audits processing. Modules add
their scopes here when they land, so one table answers "who may do what".
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EMPLOYEE = "employee", _("Medewerker")
    MANAGER = "manager", _("Leidinggevende / P&O")
    COORDINATOR = "coordinator", _("Coördinator agressie en geweld")
    ANALYST = "analyst", _("OOV-adviseur / analist")
    ENFORCER = "enforcer", _("Handhaver / boa")
    OFFICIAL = "official", _("Bestuurder")
    NATIONAL_ANALYST = "national_analyst", _("Landelijk analist (VNG)")
    ADMIN = "admin", _("Functioneel beheerder")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")


class Scope(models.TextChoices):
    REGISTRY_VIEW = "registry.view", _("Gemeente en regio bekijken")
    REGISTER_VIEW = "register.view", _("Verwerkingsregister bekijken")
    MEMBERS_MANAGE = "members.manage", _("Gebruikers en rollen van de eigen gemeente beheren")
    AUDIT_VIEW = "audit.view", _("Verwerkingslog en beveiligingslog van de eigen gemeente doorzoeken")
    AUDIT_EXPORT = "audit.export", _("Logs van de eigen gemeente exporteren")
    API_TOKENS = "api.tokens", _("Eigen API-sleutels beheren")
    INDICATORS_VIEW = "indicators.view", _("Veiligheidsbeeld (open statistieken) bekijken")


_EVERY_ROLE = {Scope.REGISTRY_VIEW, Scope.REGISTER_VIEW, Scope.API_TOKENS, Scope.INDICATORS_VIEW}

ROLE_SCOPES: dict[str, frozenset[str]] = {
    Role.EMPLOYEE: frozenset(_EVERY_ROLE),
    Role.MANAGER: frozenset(_EVERY_ROLE),
    Role.COORDINATOR: frozenset(_EVERY_ROLE),
    Role.ANALYST: frozenset(_EVERY_ROLE),
    Role.ENFORCER: frozenset(_EVERY_ROLE),
    Role.OFFICIAL: frozenset(_EVERY_ROLE),
    Role.NATIONAL_ANALYST: frozenset(_EVERY_ROLE),
    Role.ADMIN: frozenset(_EVERY_ROLE | {Scope.MEMBERS_MANAGE, Scope.AUDIT_VIEW, Scope.AUDIT_EXPORT}),
    Role.PRIVACY_OFFICER: frozenset(_EVERY_ROLE | {Scope.AUDIT_VIEW, Scope.AUDIT_EXPORT}),
}


def scopes_for_roles(roles) -> frozenset[str]:
    scopes: set[str] = set()
    for role in roles:
        scopes |= ROLE_SCOPES.get(role, frozenset())
    return frozenset(str(s) for s in scopes)
