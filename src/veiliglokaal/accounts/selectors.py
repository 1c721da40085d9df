"""Reads about users and their memberships."""

from collections import defaultdict

from django.conf import settings

from veiliglokaal.core.models import CollaborationMember, Municipality, Organisation
from veiliglokaal.core.tenancy import Tenant

from .models import Membership
from .scopes import scopes_for_organisation_roles, scopes_for_roles


def roles_by_municipality(user) -> dict[int, set[str]]:
    roles: dict[int, set[str]] = defaultdict(set)
    memberships = Membership.objects.active().filter(user=user, municipality__isnull=False)
    for municipality_id, role in memberships.values_list("municipality_id", "role"):
        roles[municipality_id].add(role)
    return dict(roles)


def municipalities_of(user):
    return Municipality.objects.without_boundaries().filter(
        pk__in=Membership.objects.active().filter(user=user).values("municipality_id")
    ).order_by("name")


def organisations_of(user):
    return Organisation.objects.filter(
        is_active=True, pk__in=Membership.objects.active().filter(user=user).values("organisation_id")
    ).order_by("name")


def collaboration_ids_of(*, municipality_id: int | None = None, organisation_id: int | None = None) -> frozenset[int]:
    """The active collaborations a municipality or an organisation is an active member of today."""
    if municipality_id is None and organisation_id is None:
        return frozenset()
    members = CollaborationMember.objects.active()
    members = (members.filter(municipality_id=municipality_id) if municipality_id is not None
               else members.filter(organisation_id=organisation_id))
    return frozenset(members.values_list("collaboration_id", flat=True))


def tenant_for(user, municipality_id: int | None, organisation_id: int | None = None) -> Tenant | None:
    """The tenant context of `user` in one municipality (or, with `organisation_id`, one partner organisation),
    or None when they hold no active role there."""
    if not getattr(user, "is_authenticated", False):
        return None
    if organisation_id and not municipality_id:
        return _organisation_tenant(user, organisation_id)
    if not municipality_id:
        return None
    rows = list(
        Membership.objects.active().filter(user=user, municipality_id=municipality_id)
        .values_list("role", "municipality__code")
    )
    if not rows:
        return None
    roles = frozenset(role for role, _ in rows)
    return Tenant(user_id=user.pk, municipality_id=municipality_id, municipality_code=rows[0][1],
                  roles=roles, scopes=scopes_for_roles(roles),
                  collaboration_ids=collaboration_ids_of(municipality_id=municipality_id))


def _organisation_tenant(user, organisation_id: int) -> Tenant | None:
    roles = frozenset(Membership.objects.active().filter(
        user=user, organisation_id=organisation_id, organisation__is_active=True).values_list("role", flat=True))
    if not roles:
        return None
    return Tenant(user_id=user.pk, municipality_id=None, municipality_code="", roles=roles,
                  scopes=scopes_for_organisation_roles(roles), organisation_id=organisation_id,
                  collaboration_ids=collaboration_ids_of(organisation_id=organisation_id))


def mfa_required(user) -> bool:
    """MFA is required when the user holds any role that may see personal data (configurable)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return Membership.objects.active().filter(user=user, role__in=settings.MFA_REQUIRED_ROLES).exists()
