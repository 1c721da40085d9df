"""Reads of the registry. Municipal registry data is open data: no tenancy filter is needed here."""

from .models import Collaboration, DataSource, Municipality, Organisation


def municipality_with_region(municipality_id: int) -> Municipality:
    return Municipality.objects.select_related("safety_region", "province").get(pk=municipality_id)


def region_members(municipality: Municipality):
    return Municipality.objects.without_boundaries().filter(safety_region_id=municipality.safety_region_id).order_by("name")


def data_sources():
    return DataSource.objects.all()


def organisation_with_region(organisation_id: int) -> Organisation:
    return Organisation.objects.select_related("safety_region").get(pk=organisation_id)


def collaborations(collaboration_ids):
    """The collaborations of a tenant (`Tenant.collaboration_ids`), by name."""
    return Collaboration.objects.filter(pk__in=collaboration_ids).select_related("safety_region").order_by("name")
