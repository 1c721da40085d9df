"""DOOK in the shell: menu entries under Ondermijning and the analyst's undecided signals on "Vandaag"."""

from django.db.models import Subquery
from django.utils.translation import gettext_lazy as _

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.core.shell import AttentionItem, MenuEntry

from .map_layer import successful_runs
from .models import Signal

GROUP = "ondermijning"

MENU = [
    MenuEntry(_("Kaart onregelmatigheden"), "irregularities:map", Scope.IRREGULARITIES_VIEW, GROUP, 10),
    MenuEntry(_("Werklijst onregelmatigheden"), "irregularities:worklist", Scope.IRREGULARITIES_ADDRESSES, GROUP, 20),
    MenuEntry(_("Bronnen DOOK"), "irregularities:sources", Scope.IRREGULARITIES_SOURCES, GROUP, 40),
    MenuEntry(_("Indicatoren DOOK"), "irregularities:scoring-settings", Scope.IRREGULARITIES_SOURCES, GROUP, 50),
    MenuEntry(_("Algoritmeregister DOOK"), "irregularities:algorithm", Scope.IRREGULARITIES_VIEW, GROUP, 60),
]


def undecided_signals(tenant) -> int:
    """Signals of the latest successful run (the one the worklist shows) that nobody has decided on yet."""
    latest = successful_runs(tenant).values("pk")[:1]
    return Signal.objects.for_tenant(tenant).filter(run=Subquery(latest), decisions__isnull=True).count()


ATTENTION = [
    AttentionItem("dook-undecided", _("Signalen onregelmatigheden zonder besluit"), Scope.IRREGULARITIES_ADDRESSES,
                  undecided_signals, "irregularities:worklist", order=30),
]
