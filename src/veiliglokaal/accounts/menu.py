"""Menu entries of accounts: user management and the user's own API keys."""

from django.utils.translation import gettext_lazy as _

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.core.shell import MenuEntry

MENU = [
    MenuEntry(_("Gebruikers"), "accounts:members", Scope.MEMBERS_MANAGE, "beheer", 10),
    MenuEntry(_("API-sleutels"), "accounts:api-tokens", Scope.API_TOKENS, "beheer", 50),
]
