"""Writes of collaborations: the region collaboration of each veiligheidsregio (ADR 13)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import (Collaboration, CollaborationKind, CollaborationMember, Municipality, Organisation,
                     OrganisationKind, SafetyRegion)


@dataclass
class RegionSyncResult:
    regions: int = 0
    collaborations_created: int = 0
    organisations_created: int = 0
    members_added: int = 0
    members_ended: int = 0


@transaction.atomic
def sync_region_collaborations(today: datetime.date | None = None) -> RegionSyncResult:
    """For every veiligheidsregio of the registry: an organisation for the veiligheidsregio and a "region"
    collaboration whose active members are the region's current municipalities plus that organisation.

    Idempotent: a second run changes nothing. A municipality that left the region (a registry update) has its
    membership ended yesterday, never deleted, so history stays.
    """
    today = today or timezone.localdate()
    result = RegionSyncResult()
    current = {}
    for region_id, municipality_id in Municipality.objects.values_list("safety_region_id", "pk"):
        current.setdefault(region_id, set()).add(municipality_id)
    for region in SafetyRegion.objects.defer("boundary").order_by("code"):
        result.regions += 1
        organisation, created = Organisation.objects.get_or_create(
            kind=OrganisationKind.SAFETY_REGION, safety_region=region,
            defaults={"name": f"Veiligheidsregio {region.name}"})
        result.organisations_created += created
        collaboration, created = Collaboration.objects.get_or_create(
            kind=CollaborationKind.REGION, safety_region=region,
            defaults={"name": f"Veiligheidsregio {region.name}",
                      "description": f"De gemeenten van veiligheidsregio {region.name} ({region.code}) en de "
                                     f"veiligheidsregio zelf."})
        result.collaborations_created += created
        active = CollaborationMember.objects.filter(collaboration=collaboration).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        members = set(active.filter(municipality__isnull=False).values_list("municipality_id", flat=True))
        wanted = current.get(region.pk, set())
        CollaborationMember.objects.bulk_create([
            CollaborationMember(collaboration=collaboration, municipality_id=pk, valid_from=today)
            for pk in sorted(wanted - members)])
        result.members_added += len(wanted - members)
        result.members_ended += active.filter(municipality_id__in=members - wanted).update(
            valid_until=today - datetime.timedelta(days=1))
        if not active.filter(organisation=organisation).exists():
            CollaborationMember.objects.create(collaboration=collaboration, organisation=organisation, valid_from=today)
            result.members_added += 1
    return result
