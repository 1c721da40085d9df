"""Roles and the named permission scopes they grant, declared as data.

A scope is the unit of permission that views, API endpoints and navigation ask for. Roles are the
ones of DOMAIN.md plus the privacy officer (FG/privacy officer), who audits processing. Modules add
their scopes here when they land, so one table answers "who may do what".

Users of partner organisations (police, GGZ, a veiligheidsregio, ...; ADR 13) hold the role `partner`
("Medewerker partnerorganisatie"): only the base scopes every role has. A tenant acting for an organisation
has no municipality, so it gets only the scopes in `ORGANISATION_SCOPES` (pages that work without a
municipality; today the register of processing activities — the municipal profile, the veiligheidsbeeld and
the municipality-bound API keys do not). What a partner sees of module objects comes from collaboration
membership, shares and per-object roles (core.ownership), not from scopes; modules built for partners
(resilience, case consultation, unrest, knowledge) add their scopes to `partner` and to `ORGANISATION_SCOPES`.
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
    PARTNER = "partner", _("Medewerker partnerorganisatie")


# Roles a membership of a partner organisation may hold (a DB constraint on Membership enforces it).
ORGANISATION_ROLES = frozenset({Role.PARTNER.value})


class Scope(models.TextChoices):
    REGISTRY_VIEW = "registry.view", _("Gemeente en regio bekijken")
    REGISTER_VIEW = "register.view", _("Verwerkingsregister bekijken")
    MEMBERS_MANAGE = "members.manage", _("Gebruikers en rollen van de eigen gemeente beheren")
    AUDIT_VIEW = "audit.view", _("Verwerkingslog en beveiligingslog van de eigen gemeente doorzoeken")
    AUDIT_EXPORT = "audit.export", _("Logs van de eigen gemeente exporteren")
    API_TOKENS = "api.tokens", _("Eigen API-sleutels beheren")
    INDICATORS_VIEW = "indicators.view", _("Veiligheidsbeeld (open statistieken) bekijken")
    INDICATORS_IMPORT = "indicators.import", _("Open statistieken (CBS/Politie StatLine) importeren voor alle gemeenten")
    INCIDENTS_REPORT = "incidents.report", _("Agressie en geweld melden en eigen meldingen zien")
    INCIDENTS_TEAM = "incidents.team", _("Meldingen van de eigen afdeling zien")
    INCIDENTS_HANDLE = "incidents.handle", _("Nazorg en maatregelen bij zichtbare meldingen uitvoeren")
    INCIDENTS_MANAGE = "incidents.manage", _("Alle meldingen van de gemeente, werkvoorraad en overzichten (coördinator)")
    INCIDENTS_OFFENDERS = "incidents.offenders", _("Gegevens van veroorzakers zien en vastleggen")
    INCIDENTS_NATIONAL = "incidents.national", _("Landelijke trends GIR (alleen onderdrukte aantallen) bekijken")
    IRREGULARITIES_VIEW = "irregularities.view", _("Kaart van onregelmatigheden (geaggregeerd) bekijken")
    IRREGULARITIES_ADDRESSES = "irregularities.addresses", _(
        "Onregelmatigheden op adresniveau bekijken (na opgave van een doel) en signalen beoordelen")
    IRREGULARITIES_SOURCES = "irregularities.sources", _(
        "Bronbestanden (BAG, KvK, BRP-aantallen, WOZ) inlezen en drempels van indicatoren instellen")
    ENFORCEMENT_WORK = "enforcement.work", _("Handhavingstrajecten starten en behandelen")
    ONLINE_REPORT = "online.report", _("Schadelijke online inhoud melden en eigen meldingen zien")
    ONLINE_HANDLE = "online.handle", _("Meldingen van online inhoud beoordelen en notices aan platforms sturen")
    ONLINE_MONITOR = "online.monitor", _(
        "Monitoringprotocollen vastleggen, openbare bronnen monitoren en alerts beoordelen")


_EVERY_ROLE = {Scope.REGISTRY_VIEW, Scope.REGISTER_VIEW, Scope.API_TOKENS, Scope.INDICATORS_VIEW}

# Scopes that work without a municipality: the only ones a tenant acting for an organisation gets.
ORGANISATION_SCOPES = frozenset({str(Scope.REGISTER_VIEW)})

# GIR and the online meldpunt: every municipal staff member and office holder may report (an office holder
# themselves, or staff on their behalf); not the national analyst, who sees aggregates.
_STAFF = _EVERY_ROLE | {Scope.INCIDENTS_REPORT, Scope.ONLINE_REPORT}

# DOOK: the analyst loads the data, sees addresses after stating a purpose, reviews signals and starts cases.
_DOOK_ANALYST = {Scope.IRREGULARITIES_VIEW, Scope.IRREGULARITIES_ADDRESSES, Scope.IRREGULARITIES_SOURCES,
                 Scope.ENFORCEMENT_WORK}

ROLE_SCOPES: dict[str, frozenset[str]] = {
    Role.EMPLOYEE: frozenset(_STAFF),
    Role.MANAGER: frozenset(_STAFF | {Scope.INCIDENTS_TEAM, Scope.INCIDENTS_HANDLE}),
    Role.COORDINATOR: frozenset(_STAFF | {Scope.INCIDENTS_HANDLE, Scope.INCIDENTS_MANAGE, Scope.INCIDENTS_OFFENDERS,
                                          Scope.ONLINE_HANDLE}),
    Role.ANALYST: frozenset(_STAFF | _DOOK_ANALYST | {Scope.ONLINE_HANDLE, Scope.ONLINE_MONITOR}),
    Role.ENFORCER: frozenset(_STAFF | {Scope.IRREGULARITIES_VIEW, Scope.ENFORCEMENT_WORK}),
    Role.OFFICIAL: frozenset(_STAFF | {Scope.IRREGULARITIES_VIEW}),
    Role.NATIONAL_ANALYST: frozenset(_EVERY_ROLE | {Scope.INCIDENTS_NATIONAL, Scope.INDICATORS_IMPORT}),
    Role.ADMIN: frozenset(_STAFF | {Scope.MEMBERS_MANAGE, Scope.AUDIT_VIEW, Scope.AUDIT_EXPORT,
                                    Scope.IRREGULARITIES_SOURCES, Scope.INDICATORS_IMPORT}),
    Role.PRIVACY_OFFICER: frozenset(_STAFF | {Scope.AUDIT_VIEW, Scope.AUDIT_EXPORT}),
    Role.PARTNER: frozenset(_EVERY_ROLE),
}


def scopes_for_roles(roles) -> frozenset[str]:
    scopes: set[str] = set()
    for role in roles:
        scopes |= ROLE_SCOPES.get(role, frozenset())
    return frozenset(str(s) for s in scopes)


# Who may grant which role (to someone else; nobody grants themselves a role). Only the functioneel beheerder
# grants roles. Roles that administer the platform, see national data, audit everyone or see offender data need a
# second admin of the same municipality to approve the request (four eyes), with password and TOTP on approval.
FOUR_EYES_ROLES: frozenset[str] = frozenset({Role.ADMIN, Role.NATIONAL_ANALYST, Role.PRIVACY_OFFICER, Role.COORDINATOR})

GRANTABLE_ROLES: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(Role.values),
}


def grantable_roles(roles) -> frozenset[str]:
    """Every role that a holder of `roles` may grant or request for someone else."""
    grantable: set[str] = set()
    for role in roles:
        grantable |= GRANTABLE_ROLES.get(role, frozenset())
    return frozenset(str(r) for r in grantable)


def needs_four_eyes(role: str) -> bool:
    return role in FOUR_EYES_ROLES


def scopes_for_organisation_roles(roles) -> frozenset[str]:
    """The scopes of a tenant acting for an organisation: its roles' scopes that need no municipality."""
    return scopes_for_roles(roles) & ORGANISATION_SCOPES
