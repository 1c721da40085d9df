"""Reads of the registry. Municipal registry data is open data: no tenancy filter is needed here."""

from .models import DataSource, Municipality


def municipality_with_region(municipality_id: int) -> Municipality:
    return Municipality.objects.select_related("safety_region", "province").get(pk=municipality_id)


def region_members(municipality: Municipality):
    return Municipality.objects.without_boundaries().filter(safety_region_id=municipality.safety_region_id).order_by("name")


def data_sources():
    return DataSource.objects.all()
