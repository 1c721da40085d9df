"""Reads of DOOK source data, always scoped to the tenant."""

from ..models import PlantedIrregularity, SourceImport


def imports_for(tenant):
    return SourceImport.objects.for_tenant(tenant).select_related("requested_by")


def import_for(tenant, pk: int) -> SourceImport | None:
    return imports_for(tenant).filter(pk=pk).first()


def ground_truth_for(tenant):
    return PlantedIrregularity.objects.for_tenant(tenant).select_related("address")
