"""Reads about users and their memberships."""

from collections import defaultdict

from django.conf import settings

from veiliglokaal.core.models import Municipality
from veiliglokaal.core.tenancy import Tenant

from .models import Membership
from .scopes import scopes_for_roles


def roles_by_municipality(user) -> dict[int, set[str]]:
    roles: dict[int, set[str]] = defaultdict(set)
    for municipality_id, role in Membership.objects.active().filter(user=user).values_list("municipality_id", "role"):
        roles[municipality_id].add(role)
    return dict(roles)


def municipalities_of(user):
    return Municipality.objects.without_boundaries().filter(
        pk__in=Membership.objects.active().filter(user=user).values("municipality_id")
    ).order_by("name")


def tenant_for(user, municipality_id: int | None) -> Tenant | None:
    """The tenant context of `user` in one municipality, or None when they hold no active role there."""
    if not municipality_id or not getattr(user, "is_authenticated", False):
        return None
    rows = list(
        Membership.objects.active().filter(user=user, municipality_id=municipality_id)
        .values_list("role", "municipality__code")
    )
    if not rows:
        return None
    roles = frozenset(role for role, _ in rows)
    return Tenant(user_id=user.pk, municipality_id=municipality_id, municipality_code=rows[0][1],
                  roles=roles, scopes=scopes_for_roles(roles))


def mfa_required(user) -> bool:
    """MFA is required when the user holds any role that may see personal data (configurable)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return Membership.objects.active().filter(user=user, role__in=settings.MFA_REQUIRED_ROLES).exists()
