"""Reads of enforcement cases: always scoped to the tenant through `for_tenant`."""

from django.db.models import Prefetch

from veiliglokaal.accounts.models import Membership, User
from veiliglokaal.accounts.scopes import ROLE_SCOPES, Scope

from .models import CaseLink, EnforcementCase, Evidence


def cases(tenant, *, open_only: bool = False):
    rows = EnforcementCase.objects.for_tenant(tenant).select_related("owner")
    if open_only:
        rows = rows.exclude(state__in=[s.name for s in EnforcementCase.WORKFLOW.states if s.final])
    return rows


def case(tenant, pk: int) -> EnforcementCase | None:
    return (cases(tenant).prefetch_related(
        Prefetch("links", queryset=CaseLink.objects.for_tenant(tenant).select_related("content_type")),
        Prefetch("evidence", queryset=Evidence.objects.for_tenant(tenant).select_related("added_by")),
        "history").filter(pk=pk).first())


def case_workers(tenant):
    """Who can own a case: active members of the municipality whose role grants `enforcement.work`."""
    roles = [role for role, scopes in ROLE_SCOPES.items() if Scope.ENFORCEMENT_WORK in scopes]
    members = Membership.objects.active().filter(municipality_id=tenant.municipality_id,
                                                 role__in=roles).values("user_id")
    return User.objects.filter(pk__in=members, is_active=True).order_by("first_name", "last_name", "username")


def actor_names(history) -> dict[int, str]:
    ids = {change.actor_id for change in history if change.actor_id}
    return {user.pk: user.display_name for user in User.objects.filter(pk__in=ids)}
