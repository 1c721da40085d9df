"""Tenancy: one scoping mechanism for every municipal object.

A request carries a `Tenant` (the user, the municipality they chose, their roles there and the scopes
those roles grant). Every query for municipal data goes through `Model.objects.for_tenant(tenant)`,
which compiles to a single SQL `WHERE` (municipality plus, where a model needs it, a role-based
visibility condition expressed as a `Q`). No per-row Python checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q


@dataclass(frozen=True)
class Tenant:
    user_id: int
    municipality_id: int
    municipality_code: str
    roles: frozenset[str]
    scopes: frozenset[str] = field(default_factory=frozenset)

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def has_any_scope(self, *scopes: str) -> bool:
        return any(s in self.scopes for s in scopes)


class TenantQuerySet(models.QuerySet):
    """Base queryset for municipal data. Subclasses narrow `visibility_filter` per role."""

    tenant_field = "municipality"

    def for_tenant(self, tenant: Tenant | None):
        if tenant is None:
            return self.none()
        return self.filter(Q(**{f"{self.tenant_field}_id": tenant.municipality_id}) & self.visibility_filter(tenant))

    def visibility_filter(self, tenant: Tenant) -> Q:  # pragma: no cover - overridden where needed
        return Q()


TenantManager = models.Manager.from_queryset(TenantQuerySet)
