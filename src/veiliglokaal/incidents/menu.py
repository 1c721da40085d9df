"""GIR in the shell: its menu entries and what asks for attention on "Vandaag".

Aftercare has an owner from the moment it is started, so "without an owner" means: no aftercare started yet.
"""

from django.utils.translation import gettext_lazy as _

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.core.shell import AttentionItem, MenuEntry

from . import selectors
from .workflows import AFTERCARE

GROUP = "incidenten"
OPEN_AFTERCARE_STATES = [state.name for state in AFTERCARE.states if not state.final]

MENU = [
    MenuEntry(_("Incident melden"), "incidents:create", Scope.INCIDENTS_REPORT, GROUP, 10),
    MenuEntry(_("Meldingen"), "incidents:list", Scope.INCIDENTS_REPORT, GROUP, 20),
    MenuEntry(_("Werkvoorraad GIR"), "incidents:worklist", Scope.INCIDENTS_MANAGE, GROUP, 30),
    MenuEntry(_("Managementoverzicht GIR"), "incidents:overview", Scope.INCIDENTS_MANAGE, GROUP, 40),
    MenuEntry(_("Gegevens GIR"), "incidents:data", Scope.INCIDENTS_MANAGE, GROUP, 50),
    MenuEntry(_("Landelijke trends GIR"), "incidents:national", Scope.INCIDENTS_NATIONAL, GROUP, 60),
]


def overdue_steps(tenant) -> int:
    return selectors.overdue(tenant).count()


def own_overdue_steps(tenant) -> int:
    return selectors.overdue(tenant, owner_id=tenant.user_id).count()


def incidents_without_aftercare(tenant) -> int:
    return selectors.visible_incidents(tenant).filter(aftercare__isnull=True, anonymised_at__isnull=True).count()


def own_incidents_in_aftercare(tenant) -> int:
    return selectors.incident_list(tenant, "mine").filter(aftercare__state__in=OPEN_AFTERCARE_STATES).count()


ATTENTION = [
    AttentionItem("gir-overdue", _("Nazorg- en maatregelstappen over de termijn (GIR)"), Scope.INCIDENTS_MANAGE,
                  overdue_steps, "incidents:worklist", order=10),
    AttentionItem("gir-own-overdue", _("Uw eigen nazorg- en maatregelstappen over de termijn"),
                  Scope.INCIDENTS_TEAM, own_overdue_steps, "incidents:team", order=11),
    AttentionItem("gir-without-aftercare", _("Meldingen zonder nazorg of eigenaar (GIR)"), Scope.INCIDENTS_MANAGE,
                  incidents_without_aftercare, "incidents:all", order=12),
    AttentionItem("gir-own-aftercare", _("Uw meldingen waarvan de nazorg nog loopt"), Scope.INCIDENTS_REPORT,
                  own_incidents_in_aftercare, "incidents:list", order=13),
]
