"""Source rows for the scoring tests: pipeline frames built by hand, and database rows created with the ORM."""

from __future__ import annotations

import itertools
from datetime import date

import pandas as pd

from veiliglokaal.irregularities.models import (Address, Establishment, PropertyValue, RegistrationCount,
                                                SourceImport)
from veiliglokaal.irregularities.pipeline.schema import (ADDRESS_COLUMNS, ESTABLISHMENT_COLUMNS, Frames,
                                                         building_types, purpose_mask)

_ids = itertools.count(1)

HOME = "woonfunctie"
INDUSTRY = "industriefunctie"
SHOP = "winkelfunctie"


def address(**values) -> dict:
    """One row of the address frame with plain defaults (a 100 m² home with 2 persons in buurt BU00010001)."""
    purposes = values.pop("purposes", HOME)
    row = {"id": next(_ids), "municipality": "GM0001", "neighbourhood": "BU00010001", "street": "Dorpsstraat",
           "purpose_mask": purpose_mask(purposes), "floor_area": 100.0, "construction_year": 1980.0,
           "persons": 2.0, "moves_in": 0.0, "moves_out": 0.0, "woz_value": 300_000.0, "rd_x": 155_000.0,
           "rd_y": 463_000.0, "lat": 52.155, "lon": 5.387}
    row.update(values)
    return row


def frames(addresses: list[dict], establishments: list[tuple] = ()) -> Frames:
    """`establishments`: (address id, SBI code) or (address id, SBI code, active)."""
    a = pd.DataFrame(addresses)
    a["building_type"] = building_types(a["purpose_mask"].to_numpy())
    a = a[list(ADDRESS_COLUMNS)].astype({"id": "int64", "purpose_mask": "int32"})
    rows = [(e[0], e[1], e[2] if len(e) > 2 else True) for e in establishments]
    e = pd.DataFrame(rows, columns=list(ESTABLISHMENT_COLUMNS)).astype({"address_id": "int64", "active": "bool"})
    return Frames(addresses=a, establishments=e)


# --- database rows ------------------------------------------------------------------------------------------------

def source_import(municipality, source_type="bag") -> SourceImport:
    return SourceImport.objects.create(municipality=municipality, source_type=source_type, file_name="test.csv",
                                       checksum="0" * 64, reference_date=date(2026, 1, 1), is_synthetic=True)


def db_address(municipality, imported, *, number, neighbourhood="BU02330101", purposes=HOME, floor_area=100,
               persons=2, moves_in=0, moves_out=0, woz=300_000, street="Stationsstraat", x=176_000.0, y=478_000.0):
    row = Address.objects.create(
        municipality=municipality, bag_id=f"{municipality.code[2:]}01{number:010d}", street=street,
        house_number=number, city="Ermelo", neighbourhood_code=neighbourhood, purposes=purposes,
        floor_area=floor_area, construction_year=1975, rd_x=x, rd_y=y, latitude=52.3, longitude=5.62,
        source_import=imported)
    reference = date(2026, 1, 1)
    if persons is not None:
        RegistrationCount.objects.create(municipality=municipality, address=row, reference_date=reference,
                                         source_import=imported, persons=persons, moves_in_12m=moves_in,
                                         moves_out_12m=moves_out)
    if woz is not None:
        PropertyValue.objects.create(municipality=municipality, address=row, reference_date=reference,
                                     source_import=imported, value_eur=woz)
    return row


def db_establishment(address, imported, sbi_code, number, ended_on=None):
    return Establishment.objects.create(
        municipality=address.municipality, address=address, reference_date=date(2026, 1, 1), source_import=imported,
        establishment_number=f"{number:012d}", kvk_number=f"{number:08d}", trade_name=f"Bedrijf {number}",
        sbi_code=sbi_code, ended_on=ended_on)
