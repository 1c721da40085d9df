"""Objects with exactly one owner — a municipality or a collaboration — and access to them as one SQL filter.

A module's model inherits `Owned` and reads through `Model.objects.for_tenant(tenant)`. The tenant sees an
object when (ADR 13):

(a) it acts for the owner municipality;
(b) it acts for an active member (municipality or organisation) of the owner collaboration — unless the model
    sets `collaboration_membership_grants_access = False` (case consultation: only participants see a case);
(c) a valid share of that object names the tenant's municipality, organisation or one of its collaborations;
(d) the user holds a valid per-object role (`ObjectRole`) on that object.

All four are OR-ed into the one `WHERE` of the query (IN subqueries on indexed columns); the model's
`visibility_filter(tenant)` may narrow the result further by role. No Python row filtering.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Collaboration, Municipality, ObjectRole, Share, _exactly_one
from .tenancy import Tenant, TenantQuerySet


class OwnedQuerySet(TenantQuerySet):
    def for_tenant(self, tenant: Tenant | None):
        if tenant is None:
            return self.none()
        return self.filter(self.access_filter(tenant) & self.visibility_filter(tenant))

    def access_filter(self, tenant: Tenant) -> Q:
        """Conditions (a)–(d) as one `Q`; each is an indexed column comparison or an IN subquery."""
        model = self.model
        content_type = ContentType.objects.get_for_model(model)
        today = timezone.localdate()
        access = Q(pk__in=ObjectRole.objects.valid(today).filter(
            content_type=content_type, user_id=tenant.user_id).values("object_id"))          # (d)
        recipients = Q(with_collaboration_id__in=tenant.collaboration_ids) if tenant.collaboration_ids else Q()
        if tenant.municipality_id is not None:
            access |= Q(owner_municipality_id=tenant.municipality_id)                         # (a)
            recipients |= Q(with_municipality_id=tenant.municipality_id)
        if tenant.organisation_id is not None:
            recipients |= Q(with_organisation_id=tenant.organisation_id)
        if tenant.collaboration_ids and model.collaboration_membership_grants_access:
            access |= Q(owner_collaboration_id__in=tenant.collaboration_ids)                  # (b)
        if recipients:
            access |= Q(pk__in=Share.objects.valid(today).filter(recipients, content_type=content_type)
                        .values("object_id"))                                                # (c)
        return access

    def owned_by_tenant(self, tenant: Tenant | None):
        """Objects the tenant acts for as owner (owner municipality or member of the owner collaboration):
        they may share them. Shares and per-object roles do not make the tenant an owner."""
        if tenant is None:
            return self.none()
        owner = Q(owner_collaboration_id__in=tenant.collaboration_ids) if tenant.collaboration_ids else Q()
        if tenant.municipality_id is not None:
            owner |= Q(owner_municipality_id=tenant.municipality_id)
        return self.filter(owner) if owner else self.none()


OwnedManager = models.Manager.from_queryset(OwnedQuerySet)


class Owned(models.Model):
    """Abstract base for module objects that have exactly one owner: a municipality or a collaboration."""

    owner_municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True,
                                           related_name="+", verbose_name=_("eigenaar (gemeente)"))
    owner_collaboration = models.ForeignKey(Collaboration, on_delete=models.PROTECT, null=True, blank=True,
                                            related_name="+", verbose_name=_("eigenaar (samenwerking)"))

    # Does membership of the owner collaboration alone grant access? False for case consultation (ZVH):
    # there access comes only from a per-object role (participant) or an explicit share.
    collaboration_membership_grants_access: bool = True
    # The per-object roles this model declares (a TextChoices class), e.g. participant / process director.
    object_roles: type[models.TextChoices] | None = None

    objects = OwnedManager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(condition=_exactly_one("owner_municipality", "owner_collaboration"),
                                   name="%(app_label)s_%(class)s_exactly_one_owner"),
        ]

    @property
    def owner(self):
        return self.owner_municipality or self.owner_collaboration


def check_owned_models(app_configs=None, **kwargs):
    """System check: every concrete `Owned` model keeps the exactly-one-owner constraint (a subclass whose Meta
    does not inherit `Owned.Meta` silently drops it)."""
    from django.apps import apps
    from django.core import checks

    errors = []
    for model in apps.get_models():
        if not issubclass(model, Owned):
            continue
        names = {constraint.name for constraint in model._meta.constraints}
        if f"{model._meta.app_label}_{model._meta.model_name}_exactly_one_owner" not in names:
            errors.append(checks.Error(
                f"{model._meta.label} inherits Owned but lacks its exactly-one-owner constraint.",
                hint="Declare `class Meta(Owned.Meta): ...` (ADR 13).", obj=model, id="core.E013"))
    return errors
