"""Main navigation, declared as data: each item names the scope it needs, so a role sees only what it may use."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from veiliglokaal.accounts.scopes import Scope


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    scope: str | None


NAVIGATION = [
    NavItem(_("Overzicht"), "core:home", None),
    NavItem(_("Mijn gemeente"), "core:my-municipality", Scope.REGISTRY_VIEW),
    NavItem(_("Veiligheidsbeeld"), "indicators:profile", Scope.INDICATORS_VIEW),
    NavItem(_("Incident melden"), "incidents:create", Scope.INCIDENTS_REPORT),
    NavItem(_("Meldingen"), "incidents:list", Scope.INCIDENTS_REPORT),
    NavItem(_("Werkvoorraad GIR"), "incidents:worklist", Scope.INCIDENTS_MANAGE),
    NavItem(_("Managementoverzicht GIR"), "incidents:overview", Scope.INCIDENTS_MANAGE),
    NavItem(_("Gegevens GIR"), "incidents:data", Scope.INCIDENTS_MANAGE),
    NavItem(_("Landelijke trends GIR"), "incidents:national", Scope.INCIDENTS_NATIONAL),
    NavItem(_("Kaart onregelmatigheden"), "irregularities:map", Scope.IRREGULARITIES_VIEW),
    NavItem(_("Werklijst onregelmatigheden"), "irregularities:worklist", Scope.IRREGULARITIES_ADDRESSES),
    NavItem(_("Handhavingstrajecten"), "enforcement:list", Scope.ENFORCEMENT_WORK),
    NavItem(_("Bronnen DOOK"), "irregularities:sources", Scope.IRREGULARITIES_SOURCES),
    NavItem(_("Indicatoren DOOK"), "irregularities:scoring-settings", Scope.IRREGULARITIES_SOURCES),
    NavItem(_("Algoritmeregister DOOK"), "irregularities:algorithm", Scope.IRREGULARITIES_VIEW),
    NavItem(_("Online inhoud melden"), "online:create", Scope.ONLINE_REPORT),
    NavItem(_("Mijn online meldingen"), "online:list", Scope.ONLINE_REPORT),
    NavItem(_("Werkvoorraad meldpunt online"), "online:worklist", Scope.ONLINE_HANDLE),
    NavItem(_("Monitoring online"), "monitoring:home", Scope.ONLINE_MONITOR),
    NavItem(_("Alerts online"), "monitoring:alerts", Scope.ONLINE_MONITOR),
    NavItem(_("Gebruikers"), "accounts:members", Scope.MEMBERS_MANAGE),
    NavItem(_("Verwerkingslog"), "audit:processing-log", Scope.AUDIT_VIEW),
    NavItem(_("Beveiligingslog"), "audit:security-log", Scope.AUDIT_VIEW),
    NavItem(_("Verwerkingsregister"), "audit:register", Scope.REGISTER_VIEW),
    NavItem(_("API"), "accounts:api-tokens", Scope.API_TOKENS),
]


def navigation_for(request, tenant) -> list[dict]:
    if tenant is None:
        return []
    current = request.path
    items = []
    for item in NAVIGATION:
        if item.scope and not tenant.has_scope(item.scope):
            continue
        url = reverse(item.url_name)
        items.append({"label": item.label, "url": url, "current": url == current})
    return items
