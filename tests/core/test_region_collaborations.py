"""The region collaboration of each veiligheidsregio, synced from the registry (ADR 13)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.collab_testapp.models import SharedDossier
from tests.conftest import make_user
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.accounts.selectors import tenant_for
from veiliglokaal.core.models import (Collaboration, CollaborationMember, Municipality, Organisation, SafetyRegion)
from veiliglokaal.core.services.collaboration import sync_region_collaborations

pytestmark = pytest.mark.django_db


def test_one_region_collaboration_per_safety_region_with_its_municipalities_and_organisation():
    result = sync_region_collaborations()
    assert result.regions == 25 and result.collaborations_created == 25 and result.organisations_created == 25
    assert result.members_added == Municipality.objects.count() + 25
    region = SafetyRegion.objects.get(municipalities__code="GM0233")  # Ermelo
    collaboration = Collaboration.objects.get(kind="region", safety_region=region)
    members = CollaborationMember.objects.active().filter(collaboration=collaboration)
    assert set(members.filter(municipality__isnull=False).values_list("municipality__code", flat=True)) == set(
        region.municipalities.values_list("code", flat=True))
    organisation = Organisation.objects.get(kind="veiligheidsregio", safety_region=region)
    assert members.filter(organisation=organisation).count() == 1
    assert organisation.name == collaboration.name == f"Veiligheidsregio {region.name}"


def test_sync_is_idempotent_and_the_command_reports():
    sync_region_collaborations()
    counts = (Collaboration.objects.count(), Organisation.objects.count(), CollaborationMember.objects.count())
    again = sync_region_collaborations()
    assert (again.collaborations_created, again.organisations_created, again.members_added, again.members_ended) == (
        0, 0, 0, 0)
    out = StringIO()
    call_command("sync_region_collaborations", stdout=out)
    assert "25 veiligheidsregio's" in out.getvalue() and "0 deelnemers toegevoegd" in out.getvalue()
    assert (Collaboration.objects.count(), Organisation.objects.count(),
            CollaborationMember.objects.count()) == counts


def test_a_municipality_that_moves_region_is_ended_not_deleted():
    sync_region_collaborations()
    ermelo = Municipality.objects.get(code="GM0233")
    old_region = ermelo.safety_region
    new_region = SafetyRegion.objects.exclude(pk=old_region.pk).first()
    Municipality.objects.filter(pk=ermelo.pk).update(safety_region=new_region)
    result = sync_region_collaborations()
    assert result.members_ended == 1 and result.members_added == 1
    old = CollaborationMember.objects.get(collaboration__safety_region=old_region, municipality=ermelo)
    assert old.valid_until == timezone.localdate() - datetime.timedelta(days=1)
    assert CollaborationMember.objects.active().filter(collaboration__safety_region=new_region,
                                                       municipality=ermelo).exists()


def test_region_members_see_the_regions_objects(municipality_a, municipality_b):
    """Ermelo and Harderwijk are both in Noord- en Oost-Gelderland; Amsterdam is not."""
    sync_region_collaborations()
    region = Collaboration.objects.get(kind="region", safety_region=municipality_a.safety_region)
    SharedDossier.objects.create(owner_collaboration=region, title="noodsteunpunten regio")
    amsterdam = Municipality.objects.get(code="GM0363")
    for municipality, expected in [(municipality_a, 1), (municipality_b, 1), (amsterdam, 0)]:
        user = make_user(f"analist-{municipality.code}", municipality, Role.ANALYST)
        assert SharedDossier.objects.for_tenant(tenant_for(user, municipality.pk)).count() == expected


def test_load_registry_does_not_create_collaborations():
    """The registry stays open data only; deployments run the sync explicitly."""
    assert not Collaboration.objects.exists()
