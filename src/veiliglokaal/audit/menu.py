"""Menu entries of audit: both logs and the register of processing activities."""

from django.utils.translation import gettext_lazy as _

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.core.shell import MenuEntry

MENU = [
    MenuEntry(_("Verwerkingslog"), "audit:processing-log", Scope.AUDIT_VIEW, "beheer", 20),
    MenuEntry(_("Beveiligingslog"), "audit:security-log", Scope.AUDIT_VIEW, "beheer", 30),
    MenuEntry(_("Verwerkingsregister"), "audit:register", Scope.REGISTER_VIEW, "beheer", 40),
]
