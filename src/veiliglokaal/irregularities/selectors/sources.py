"""Reads of DOOK source data, always scoped to the tenant."""

from django.db.models import Count

from ..models import Address, AddressKind, PlantedIrregularity, SourceImport


def imports_for(tenant):
    return SourceImport.objects.for_tenant(tenant).select_related("requested_by")


def import_for(tenant, pk: int) -> SourceImport | None:
    return imports_for(tenant).filter(pk=pk).first()


def ground_truth_for(tenant):
    return PlantedIrregularity.objects.for_tenant(tenant).select_related("address")


def address_kinds_of(tenant, source_import: SourceImport) -> list[tuple[str, int]]:
    """(kind, count) of the BAG objects this import last wrote (a later BAG import takes over the ones it
    repeats), in the BAG's order: verblijfsobject, ligplaats, standplaats. Empty for other registers."""
    counts = dict(Address.objects.for_tenant(tenant).filter(source_import=source_import).values_list("kind")
                  .annotate(n=Count("pk")).values_list("kind", "n"))
    return [(kind, counts[kind]) for kind in AddressKind.values if counts.get(kind)]
