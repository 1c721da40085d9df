"""The only writers of shares and per-object roles (ADR 13).

Every change is recorded twice in the same transaction: a processing-log entry (the object may hold personal
data; activity `core.delen`) and a security-log event (access was granted or withdrawn). Both or neither.
Only the owner side may share or grant: a tenant acting for the owner municipality or for an active member of
the owner collaboration. A share is never deleted: it is revoked, and the record stays.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from veiliglokaal.audit.models import SecurityAction
from veiliglokaal.audit.services import log_security, processing

from ..models import Collaboration, LegalBasis, Municipality, ObjectRole, Organisation, Share
from ..ownership import Owned
from ..tenancy import Tenant

SHARING_ACTIVITY = "core.delen"


def _require_owner(tenant: Tenant | None, obj: Owned) -> None:
    if not isinstance(obj, Owned):
        raise TypeError(f"{type(obj).__name__} is not an Owned model")
    if tenant is None or not type(obj).objects.owned_by_tenant(tenant).filter(pk=obj.pk).exists():
        raise PermissionDenied(_("Alleen de eigenaar van dit object kan het delen of rollen toekennen."))


def _subject_type(obj) -> str:
    return str(obj._meta.verbose_name)


def _label(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def share(tenant: Tenant, user, obj: Owned, *, purpose: str, legal_basis: str, valid_until: datetime.date,
          with_municipality: Municipality | None = None, with_organisation: Organisation | None = None,
          with_collaboration: Collaboration | None = None, legal_basis_code: str = "") -> Share:
    """Share one object with exactly one municipality, organisation or collaboration, until `valid_until`."""
    _require_owner(tenant, obj)
    recipients = [r for r in (with_municipality, with_organisation, with_collaboration) if r is not None]
    errors = {}
    if len(recipients) != 1:
        errors["recipient"] = _("Deel met precies één gemeente, organisatie of samenwerking.")
    if not (purpose or "").strip():
        errors["purpose"] = _("Vermeld het doel van het delen.")
    if not (legal_basis or "").strip():
        errors["legal_basis"] = _("Vermeld de grondslag voor het delen.")
    if legal_basis_code and legal_basis_code not in LegalBasis.values:
        errors["legal_basis_code"] = _("Onbekende soort grondslag.")
    if valid_until is None or valid_until < timezone.localdate():
        errors["valid_until"] = _("Een deling loopt tot een datum die niet in het verleden ligt.")
    if errors:
        raise ValidationError(errors)
    with processing(activity=SHARING_ACTIVITY, name="object gedeeld", subject_type=_subject_type(obj),
                    subject_id=obj.pk, municipality_id=tenant.municipality_id, actor_id=user.pk):
        record = Share.objects.create(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk,
            with_municipality=with_municipality, with_organisation=with_organisation,
            with_collaboration=with_collaboration, purpose=purpose.strip(), legal_basis=legal_basis.strip(),
            legal_basis_code=legal_basis_code, valid_until=valid_until, shared_by=user)
        log_security(SecurityAction.PERMISSION_CHANGED, user=user, object_type="deling", object_id=record.pk,
                     municipality_id=tenant.municipality_id,
                     detail={"change": "share_created", "object": _label(obj), "recipient": _recipient(record),
                             "valid_until": valid_until.isoformat(), "organisation_id": tenant.organisation_id})
    return record


def revoke_share(tenant: Tenant, user, record: Share) -> Share:
    """Withdraw a share from now on. The record stays (revoked_at, revoked_by)."""
    obj = record.content_type.get_object_for_this_type(pk=record.object_id)
    _require_owner(tenant, obj)
    if record.revoked_at is not None:
        raise ValidationError(_("Deze deling is al ingetrokken."))
    with processing(activity=SHARING_ACTIVITY, name="deling ingetrokken", subject_type=_subject_type(obj),
                    subject_id=obj.pk, municipality_id=tenant.municipality_id, actor_id=user.pk):
        locked = Share.objects.select_for_update().get(pk=record.pk)
        if locked.revoked_at is not None:
            raise ValidationError(_("Deze deling is al ingetrokken."))
        locked.revoked_at, locked.revoked_by = timezone.now(), user
        locked.save(update_fields=["revoked_at", "revoked_by"])
        log_security(SecurityAction.PERMISSION_CHANGED, user=user, object_type="deling", object_id=locked.pk,
                     municipality_id=tenant.municipality_id,
                     detail={"change": "share_revoked", "object": _label(obj), "recipient": _recipient(locked),
                             "organisation_id": tenant.organisation_id})
    record.revoked_at, record.revoked_by = locked.revoked_at, locked.revoked_by
    return record


def _recipient(record: Share) -> str:
    if record.with_municipality_id:
        return f"gemeente:{record.with_municipality_id}"
    if record.with_organisation_id:
        return f"organisatie:{record.with_organisation_id}"
    return f"samenwerking:{record.with_collaboration_id}"


def grant_object_role(tenant: Tenant, user, obj: Owned, person, role: str, *,
                      valid_from: datetime.date | None = None, valid_until: datetime.date | None = None) -> ObjectRole:
    """Give `person` a role in one object (e.g. participant in one case), from the model's declared roles."""
    _require_owner(tenant, obj)
    declared = type(obj).object_roles
    if declared is None or role not in declared.values:
        raise ValidationError({"role": _("Deze rol bestaat niet voor dit soort object.")})
    valid_from = valid_from or timezone.localdate()
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError({"valid_until": _("De einddatum ligt voor de begindatum.")})
    with processing(activity=SHARING_ACTIVITY, name="rol bij object toegekend", subject_type=_subject_type(obj),
                    subject_id=obj.pk, municipality_id=tenant.municipality_id, actor_id=user.pk):
        granted = ObjectRole.objects.create(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, user=person, role=role,
            valid_from=valid_from, valid_until=valid_until, granted_by=user)
        log_security(SecurityAction.PERMISSION_CHANGED, user=user, object_type="rol bij object",
                     object_id=granted.pk, municipality_id=tenant.municipality_id,
                     detail={"change": "object_role_granted", "object": _label(obj), "person": person.pk,
                             "role": role})
    return granted


def end_object_role(tenant: Tenant, user, granted: ObjectRole) -> ObjectRole:
    """End a per-object role: it no longer counts from today (the row stays as history)."""
    obj = granted.content_type.get_object_for_this_type(pk=granted.object_id)
    _require_owner(tenant, obj)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with processing(activity=SHARING_ACTIVITY, name="rol bij object beëindigd", subject_type=_subject_type(obj),
                    subject_id=obj.pk, municipality_id=tenant.municipality_id, actor_id=user.pk):
        granted.valid_until = yesterday
        granted.save(update_fields=["valid_until"])
        log_security(SecurityAction.PERMISSION_CHANGED, user=user, object_type="rol bij object",
                     object_id=granted.pk, municipality_id=tenant.municipality_id,
                     detail={"change": "object_role_ended", "object": _label(obj), "person": granted.user_id,
                             "role": granted.role})
    return granted


