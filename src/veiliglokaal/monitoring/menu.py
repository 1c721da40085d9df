"""Monitoring in the shell: menu entries under Online and the alerts not yet assessed."""

from django.utils.translation import gettext_lazy as _

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.core.shell import AttentionItem, MenuEntry

from . import selectors
from .models import AlertStatus

GROUP = "online"

MENU = [
    MenuEntry(_("Monitoring online"), "monitoring:home", Scope.ONLINE_MONITOR, GROUP, 40),
    MenuEntry(_("Alerts online"), "monitoring:alerts", Scope.ONLINE_MONITOR, GROUP, 50),
]


def open_alerts(tenant) -> int:
    return selectors.alerts(tenant, AlertStatus.OPEN).count()


ATTENTION = [
    AttentionItem("monitoring-open-alerts", _("Alerts online nog niet beoordeeld"), Scope.ONLINE_MONITOR,
                  open_alerts, "monitoring:alerts", order=60, query=f"status={AlertStatus.OPEN.value}"),
]
