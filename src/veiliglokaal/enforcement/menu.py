"""Enforcement cases in the shell: under Ondermijning (DOOK starts them), and the steps due this week."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.core.shell import AttentionItem, MenuEntry

from . import selectors

MENU = [
    MenuEntry(_("Handhavingstrajecten"), "enforcement:list", Scope.ENFORCEMENT_WORK, "ondermijning", 30),
]


def end_of_week(now=None) -> datetime.datetime:
    """Monday 00:00 of next week, local time: a step "due this week" has its deadline before it."""
    today = timezone.localdate(now)
    monday = today + datetime.timedelta(days=7 - today.weekday())
    return timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))


def steps_due_this_week(tenant) -> int:
    """Open cases whose current step ends before the week is out (steps already overdue included)."""
    return selectors.cases(tenant, open_only=True).filter(deadline_at__lt=end_of_week()).count()


ATTENTION = [
    AttentionItem("enforcement-due", _("Stappen in handhavingstrajecten die deze week aflopen"),
                  Scope.ENFORCEMENT_WORK, steps_due_this_week, "enforcement:list", order=40),
]
