"""The meldpunt in the shell: menu entries under Online and the reports whose platform term has passed."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.core.shell import AttentionItem, MenuEntry

from . import selectors
from .workflows import NO_ANSWER, NOTICE_SENT

GROUP = "online"

MENU = [
    MenuEntry(_("Online inhoud melden"), "online:create", Scope.ONLINE_REPORT, GROUP, 10),
    MenuEntry(_("Mijn online meldingen"), "online:list", Scope.ONLINE_REPORT, GROUP, 20),
    MenuEntry(_("Werkvoorraad meldpunt online"), "online:worklist", Scope.ONLINE_HANDLE, GROUP, 30),
]


def past_platform_term(tenant) -> int:
    """Reports marked "no answer" by the reminder job, and those whose term passed before the job's next run."""
    late = Q(state=NO_ANSWER) | Q(state=NOTICE_SENT, deadline_at__lt=timezone.now())
    return selectors.worklist(tenant).filter(late).count()


ATTENTION = [
    AttentionItem("online-platform-term", _("Online meldingen waarop het platform niet binnen de termijn reageerde"),
                  Scope.ONLINE_HANDLE, past_platform_term, "online:worklist", order=50),
]
