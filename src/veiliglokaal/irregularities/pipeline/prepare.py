"""From the two input frames to one table of per-address features (vectorised)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import sbi
from .schema import BUILDING_TYPES, PURPOSE_BIT, RESIDENTIAL, Frames
from .settings import MunicipalityIndex, PipelineSettings

# Peer-group classes: the building type from the gebruiksdoelen, plus institutional housing (a dwelling that is
# also a care or lodging building: care homes, group homes, short-stay), which is compared only with its own kind.
INSTITUTIONAL = "instelling"
PURPOSE_CLASSES = (*BUILDING_TYPES, INSTITUTIONAL)
_INSTITUTIONAL_BITS = PURPOSE_BIT["gezondheidszorgfunctie"] | PURPOSE_BIT["logiesfunctie"]
# Floor-area classes in m² (upper bounds exclusive): a garage box is compared with garage boxes, not with a villa.
AREA_BOUNDS = (30.0, 75.0, 150.0, 300.0, 1000.0)
AREA_CLASSES = ("<30", "30-75", "75-150", "150-300", "300-1000", ">=1000", "onbekend")


@dataclass
class Table:
    """Per-address arrays, aligned with `ids`. Strings stay as they came (object or categorical)."""

    ids: np.ndarray
    municipality: np.ndarray
    municipalities: MunicipalityIndex
    neighbourhood: np.ndarray
    street: np.ndarray
    building_type: np.ndarray
    purpose_mask: np.ndarray
    columns: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, name):
        return self.columns[name]


def _float(frame: pd.DataFrame, name: str) -> np.ndarray:
    return frame[name].to_numpy(dtype=np.float64, na_value=np.nan)


def _ratio(numerator: np.ndarray, denominator: np.ndarray, scale: float = 1.0) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        result = numerator * scale / denominator
    return np.where((denominator > 0) & np.isfinite(result), result, np.nan)


def prepare(frames: Frames, settings: PipelineSettings, high_risk_prefixes) -> Table:
    addresses = frames.addresses
    table = Table(
        ids=addresses["id"].to_numpy(dtype=np.int64),
        municipality=addresses["municipality"].array,
        municipalities=MunicipalityIndex(addresses["municipality"].array),
        neighbourhood=addresses["neighbourhood"].array,
        street=addresses["street"].array,
        building_type=addresses["building_type"].array,
        purpose_mask=addresses["purpose_mask"].to_numpy(dtype=np.int64),
    )
    floor_area = _float(addresses, "floor_area")
    institutional = ((table.purpose_mask & RESIDENTIAL) != 0) & ((table.purpose_mask & _INSTITUTIONAL_BITS) != 0)
    persons = np.nan_to_num(_float(addresses, "persons"))
    moves = np.nan_to_num(_float(addresses, "moves_in")) + np.nan_to_num(_float(addresses, "moves_out"))
    table.columns.update({
        "floor_area": floor_area,
        "persons": persons,
        "moves_12m": moves,
        "woz_value": _float(addresses, "woz_value"),
        "persons_per_100m2": _ratio(persons, floor_area, 100.0),
        "m2_per_person": _ratio(floor_area, persons),
        "woz_per_m2": _ratio(_float(addresses, "woz_value"), floor_area),
        "residential": (table.purpose_mask & RESIDENTIAL) != 0,
        # No gebruiksdoel in the source (e.g. a CSV extract without it): rules about the purpose must not fire.
        "purpose_known": table.purpose_mask != 0,
        "institutional": institutional,
        "purpose_class": purpose_classes(table.building_type, institutional),
        "area_class": area_classes(floor_area),
        "rd_x": _float(addresses, "rd_x"),
        "rd_y": _float(addresses, "rd_y"),
    })
    table.columns.update(_establishment_counts(frames.establishments, table, high_risk_prefixes))
    return table


def purpose_classes(building_type, institutional: np.ndarray) -> np.ndarray:
    """Index into PURPOSE_CLASSES per address: the building type, or 'instelling' for institutional housing."""
    codes = pd.Categorical(np.asarray(building_type, dtype=object), categories=list(BUILDING_TYPES)).codes
    codes = np.where(codes < 0, BUILDING_TYPES.index("overig"), codes).astype(np.int8)
    return np.where(institutional, PURPOSE_CLASSES.index(INSTITUTIONAL), codes).astype(np.int8)


def area_classes(floor_area: np.ndarray) -> np.ndarray:
    """Index into AREA_CLASSES per address; a missing or non-positive floor area is 'onbekend'."""
    known = np.isfinite(floor_area) & (floor_area > 0)
    return np.where(known, np.digitize(np.nan_to_num(floor_area), AREA_BOUNDS), len(AREA_CLASSES) - 1).astype(np.int8)


def _establishment_counts(establishments: pd.DataFrame, table: Table, high_risk_prefixes) -> dict[str, np.ndarray]:
    """Active establishments per address: all, in a high-risk branch, and with an activity the purpose does not allow."""
    n = len(table)
    active = establishments[establishments["active"].to_numpy(dtype=bool)]
    sorter = np.argsort(table.ids, kind="stable")
    position = np.searchsorted(table.ids, active["address_id"].to_numpy(dtype=np.int64), sorter=sorter)
    position = np.clip(position, 0, max(n - 1, 0))
    row = sorter[position] if n else position
    known = (table.ids[row] == active["address_id"].to_numpy(dtype=np.int64)) if n else np.zeros(0, bool)
    row = row[known]
    codes = sbi.Codes(active["sbi_code"].to_numpy()[known])  # per-code work once per distinct SBI code

    high_risk = _high_risk(codes, table.municipalities.codes[row] if n else row, table.municipalities, high_risk_prefixes)
    allowed = codes.allowed_purpose_masks()
    purpose = table.purpose_mask[row]
    mismatch = (allowed >= 0) & (purpose != 0) & ((allowed & purpose) == 0)
    return {
        "establishments": np.bincount(row, minlength=n).astype(np.float64),
        "high_risk_establishments": np.bincount(row, weights=high_risk, minlength=n),
        "mismatch_establishments": np.bincount(row, weights=mismatch, minlength=n),
    }


def _high_risk(codes, municipality_codes, municipalities: MunicipalityIndex, high_risk_prefixes) -> np.ndarray:
    """Per establishment: in a high-risk branch by its own municipality's list (evaluated once per distinct list)."""
    result = np.zeros(len(codes.inverse), dtype=bool)
    lists: dict[tuple, list[int]] = {}
    for index, name in enumerate(municipalities.names):
        lists.setdefault(tuple(high_risk_prefixes(name)), []).append(index)
    for prefixes, members in lists.items():
        hit = codes.matches_prefixes(prefixes)
        if len(lists) == 1:
            return hit
        rows = np.isin(municipality_codes, members)
        result[rows] = hit[rows]
    return result
