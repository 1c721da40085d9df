"""Tenancy: one scoping mechanism for every municipal object.

A request carries a `Tenant` (the user, the municipality or partner organisation they act for, their roles
there, the scopes those roles grant, and the collaborations that municipality or organisation belongs to).
Every query for municipal data goes through `Model.objects.for_tenant(tenant)`, which compiles to a single
SQL `WHERE` (municipality plus, where a model needs it, a role-based visibility condition expressed as a
`Q`). No per-row Python checks. Objects owned by a municipality *or* a collaboration use
`core.ownership.Owned` instead (ADR 13).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q


@dataclass(frozen=True)
class Tenant:
    user_id: int
    municipality_id: int | None
    municipality_code: str
    roles: frozenset[str]
    scopes: frozenset[str] = field(default_factory=frozenset)
    # A user of a partner organisation acts for that organisation (municipality_id is then None).
    organisation_id: int | None = None
    # Active collaborations of the municipality or organisation acted for; computed once per request.
    collaboration_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def acting_for(self) -> str:
        """"municipality" or "organisation"."""
        return "organisation" if self.organisation_id is not None else "municipality"

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def has_any_scope(self, *scopes: str) -> bool:
        return any(s in self.scopes for s in scopes)


class TenantQuerySet(models.QuerySet):
    """Base queryset for municipal data. Subclasses narrow `visibility_filter` per role."""

    tenant_field = "municipality"

    def for_tenant(self, tenant: Tenant | None):
        # A tenant acting for an organisation has no municipality: it sees no municipal data at all.
        # (Never filter on `municipality_id = None`: Django turns that into IS NULL.)
        if tenant is None or tenant.municipality_id is None:
            return self.none()
        return self.filter(Q(**{f"{self.tenant_field}_id": tenant.municipality_id}) & self.visibility_filter(tenant))

    def visibility_filter(self, tenant: Tenant) -> Q:  # pragma: no cover - overridden where needed
        return Q()


TenantManager = models.Manager.from_queryset(TenantQuerySet)
