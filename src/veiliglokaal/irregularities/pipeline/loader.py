"""Load one municipality's source rows from the database into the pipeline's frames.

`values_list` queries only: no model instances per row, so a municipality of 100,000 addresses loads in seconds.
Every query is scoped with `for_tenant`-equivalent filtering on the municipality (one SQL WHERE).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from ..models import Address, Establishment, PropertyValue, RegistrationCount
from .schema import ADDRESS_COLUMNS, ESTABLISHMENT_COLUMNS, Frames, building_types, purpose_mask


def load_frames(municipality) -> tuple[Frames, dict]:
    """Frames of one municipality and the reference dates of the sources (for the explanation)."""
    rows = list(Address.objects.filter(municipality=municipality).values_list(
        "id", "neighbourhood_code", "street", "purposes", "floor_area", "construction_year", "rd_x", "rd_y",
        "latitude", "longitude").order_by("id"))
    addresses = pd.DataFrame(rows, columns=["id", "neighbourhood", "street", "purposes", "floor_area",
                                            "construction_year", "rd_x", "rd_y", "lat", "lon"])
    addresses["municipality"] = municipality.code
    masks = np.array([purpose_mask(p) for p in addresses["purposes"]], dtype=np.int32)
    addresses["purpose_mask"] = masks
    addresses["building_type"] = building_types(masks)
    addresses = addresses.drop(columns=["purposes"])
    reference_dates = {}

    brp = _per_address(RegistrationCount, municipality, ["persons", "moves_in_12m", "moves_out_12m"])
    reference_dates["brp"] = _latest(brp)
    woz = _per_address(PropertyValue, municipality, ["value_eur"])
    reference_dates["woz"] = _latest(woz)
    addresses = addresses.merge(brp.drop(columns=["reference_date"]), left_on="id", right_on="address_id",
                                how="left").drop(columns=["address_id"])
    addresses = addresses.merge(woz.drop(columns=["reference_date"]), left_on="id", right_on="address_id",
                                how="left").drop(columns=["address_id"])
    addresses = addresses.rename(columns={"moves_in_12m": "moves_in", "moves_out_12m": "moves_out",
                                          "value_eur": "woz_value"})
    for column, kind in ADDRESS_COLUMNS.items():
        if kind not in ("str",):
            addresses[column] = addresses[column].astype(kind) if kind != "int32" else addresses[column].astype(np.int32)
    addresses = addresses[list(ADDRESS_COLUMNS)]

    today = date.today()
    est_rows = list(Establishment.objects.filter(municipality=municipality).values_list(
        "address_id", "sbi_code", "ended_on", "reference_date"))
    establishments = pd.DataFrame(
        [(a, s, e is None or e > today) for a, s, e, _r in est_rows], columns=list(ESTABLISHMENT_COLUMNS))
    establishments = establishments.astype({"address_id": "int64", "active": "bool"})
    reference_dates["kvk"] = max((r for *_x, r in est_rows), default=None)
    return Frames(addresses=addresses, establishments=establishments), {
        key: value.isoformat() if value else None for key, value in reference_dates.items()}


def _per_address(model, municipality, fields: list[str]) -> pd.DataFrame:
    rows = list(model.objects.filter(municipality=municipality).values_list("address_id", "reference_date", *fields))
    return pd.DataFrame(rows, columns=["address_id", "reference_date", *fields])


def _latest(frame: pd.DataFrame):
    return frame["reference_date"].max() if len(frame) else None
