"""Menu entries of the core: the "Vandaag" home page and the municipality page."""

from django.utils.translation import gettext_lazy as _

from veiliglokaal.accounts.scopes import Scope

from .shell import MenuEntry

MENU = [
    MenuEntry(_("Vandaag"), "core:home", None, "overzicht", 10),
    MenuEntry(_("Mijn gemeente"), "core:my-municipality", Scope.REGISTRY_VIEW, "overzicht", 20),
]
