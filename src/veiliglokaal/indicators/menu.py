"""Menu entries of the veiligheidsbeeld (open statistics)."""

from django.utils.translation import gettext_lazy as _

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.core.shell import MenuEntry

MENU = [
    MenuEntry(_("Veiligheidsbeeld"), "indicators:profile", Scope.INDICATORS_VIEW, "veiligheidsbeeld", 10),
    MenuEntry(_("Statistieken importeren"), "indicators:upload", Scope.INDICATORS_IMPORT, "veiligheidsbeeld", 11),
]
