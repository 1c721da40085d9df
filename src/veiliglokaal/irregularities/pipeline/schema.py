"""The columnar input contract of the scoring pipeline.

Two frames: one row per address (a BAG verblijfsobject with what the registers say about it) and one row per
establishment (Handelsregister vestiging at an address). Both are pandas DataFrames with NumPy columns; string
columns may be categorical (the national generator uses categoricals so 10 million rows stay small).

Every column is declared on the allow-list in `features.py`; `validate_frames` refuses anything else.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# BAG gebruiksdoelen as bits of `purpose_mask` (a verblijfsobject can have several).
PURPOSES = (
    "woonfunctie", "bijeenkomstfunctie", "celfunctie", "gezondheidszorgfunctie", "industriefunctie",
    "kantoorfunctie", "logiesfunctie", "onderwijsfunctie", "sportfunctie", "winkelfunctie",
    "overige gebruiksfunctie",
)
PURPOSE_BIT = {name: 1 << i for i, name in enumerate(PURPOSES)}
RESIDENTIAL = PURPOSE_BIT["woonfunctie"]

# Building types derived from the gebruiksdoelen: the second half of the peer group (buurt x building type).
BUILDING_TYPES = ("woning", "gemengd", "bedrijf", "kantoor", "winkel", "overig")

ADDRESS_COLUMNS: dict[str, str] = {
    "id": "int64",
    "municipality": "str",
    "neighbourhood": "str",
    "street": "str",
    "purpose_mask": "int32",
    "building_type": "str",
    "floor_area": "float64",
    "construction_year": "float64",
    "persons": "float64",
    "moves_in": "float64",
    "moves_out": "float64",
    "woz_value": "float64",
    "rd_x": "float64",
    "rd_y": "float64",
    "lat": "float64",
    "lon": "float64",
}
ESTABLISHMENT_COLUMNS: dict[str, str] = {
    "address_id": "int64",
    "sbi_code": "str",
    "active": "bool",
}


class SchemaError(ValueError):
    """The frames do not follow the input contract."""


@dataclass
class Frames:
    addresses: pd.DataFrame
    establishments: pd.DataFrame


def purpose_mask(purposes) -> int:
    """Bit mask of a list (or comma-separated string) of BAG gebruiksdoelen; unknown names are ignored."""
    if isinstance(purposes, str):
        purposes = purposes.split(",")
    mask = 0
    for name in purposes:
        mask |= PURPOSE_BIT.get(name.strip().lower(), 0)
    return mask


def building_types(mask: np.ndarray) -> np.ndarray:
    """Vectorised building type per purpose mask: residential only, mixed, or the dominant business purpose."""
    mask = np.asarray(mask, dtype=np.int64)
    residential = (mask & RESIDENTIAL) != 0
    other = (mask & ~RESIDENTIAL) != 0
    choices = [
        residential & ~other,
        residential & other,
        (mask & PURPOSE_BIT["industriefunctie"]) != 0,
        (mask & PURPOSE_BIT["kantoorfunctie"]) != 0,
        (mask & PURPOSE_BIT["winkelfunctie"]) != 0,
    ]
    return np.select(choices, list(BUILDING_TYPES[:5]), default=BUILDING_TYPES[5]).astype(object)


def empty_frames() -> Frames:
    return Frames(
        addresses=pd.DataFrame({name: pd.Series(dtype=_pandas_dtype(t)) for name, t in ADDRESS_COLUMNS.items()}),
        establishments=pd.DataFrame({name: pd.Series(dtype=_pandas_dtype(t))
                                     for name, t in ESTABLISHMENT_COLUMNS.items()}),
    )


def _pandas_dtype(kind: str):
    return object if kind == "str" else kind


def validate_frames(frames: Frames) -> None:
    """Refuse columns that are forbidden or not on the allow-list, and require every contract column."""
    from .features import check_columns

    check_columns(frames.addresses.columns, "adressen")
    check_columns(frames.establishments.columns, "vestigingen")
    for frame, columns, label in ((frames.addresses, ADDRESS_COLUMNS, "adressen"),
                                  (frames.establishments, ESTABLISHMENT_COLUMNS, "vestigingen")):
        missing = [name for name in columns if name not in frame.columns]
        if missing:
            raise SchemaError(f"Kolommen ontbreken in {label}: {', '.join(missing)}")
    if frames.addresses["id"].duplicated().any():
        raise SchemaError("Adres-id's zijn niet uniek.")
