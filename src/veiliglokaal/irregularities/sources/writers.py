"""The write steps shared by the source types: BAG upserts addresses; every other register replaces its snapshot.

Called by the runner inside one transaction, after every row passed its checks.
"""

from __future__ import annotations

from veiliglokaal.irregularities.models import Address

from .base import ImportContext, ParsedRow
from .geo import assign_neighbourhoods

ADDRESS_FIELDS = ("number_designation_id", "building_id", "street", "house_number", "house_letter", "addition",
                  "postcode", "city", "purposes", "floor_area", "construction_year", "bag_status", "rd_x", "rd_y",
                  "latitude", "longitude", "neighbourhood_code", "source_import")
BATCH = 2000


def upsert_addresses(rows: list[ParsedRow], context: ImportContext) -> int:
    """Insert new verblijfsobjecten and update known ones (by BAG id); addresses absent from the file stay."""
    codes = assign_neighbourhoods(context.municipality_id, [r.data["latitude"] for r in rows],
                                  [r.data["longitude"] for r in rows])
    existing = dict(Address.objects.filter(municipality_id=context.municipality_id).values_list("bag_id", "pk"))
    new, changed = [], []
    for row, code in zip(rows, codes):
        address = Address(municipality_id=context.municipality_id, source_import=context.source_import,
                          neighbourhood_code=code, **row.data)
        if row.data["bag_id"] in existing:
            address.pk = existing[row.data["bag_id"]]
            changed.append(address)
        else:
            new.append(address)
    Address.objects.bulk_create(new, batch_size=BATCH)
    Address.objects.bulk_update(changed, ADDRESS_FIELDS, batch_size=BATCH)
    return len(new) + len(changed)


def replace_snapshot(model, rows: list[ParsedRow], context: ImportContext) -> int:
    """The file is the register's new state for this municipality: the previous snapshot goes, this one comes."""
    model.objects.filter(municipality_id=context.municipality_id).delete()
    objects = [model(municipality_id=context.municipality_id, source_import=context.source_import,
                     **{"reference_date": context.reference_date, **row.data}) for row in rows]
    model.objects.bulk_create(objects, batch_size=BATCH)
    return len(objects)
