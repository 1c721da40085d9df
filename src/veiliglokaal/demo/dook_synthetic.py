"""A SYNTHETIC national address set for DOOK (default 10 million addresses) with planted irregularities.

Nothing here is real data: addresses, registrations, values and businesses are drawn from seeded distributions
over the 342 real municipality codes (sizes proportional to the real population, positions around the real
municipality outlines). Planted irregularities of every indicator kind are recorded in a ground-truth table, so
detection quality (precision@k, recall per theme) can be measured. Vectorised NumPy, generated in chunks of
whole municipalities so memory stays bounded; `write_parquet` streams the chunks to Parquet through DuckDB.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from veiliglokaal.core.services import DATA_DIR

from veiliglokaal.core.geo import rd_to_wgs84, wgs84_to_rd
from veiliglokaal.irregularities.pipeline.schema import BUILDING_TYPES, PURPOSE_BIT, Frames, building_types

SYNTHETIC_LABEL = "SYNTHETISCH"

# (purpose names, share of addresses, floor-area median m², sigma, WOZ factor)
_PURPOSE_MIX = (
    (("woonfunctie",), 0.820, 105, 0.35, 1.0),
    (("woonfunctie", "winkelfunctie"), 0.025, 140, 0.45, 0.9),
    (("woonfunctie", "kantoorfunctie"), 0.010, 150, 0.45, 0.9),
    (("industriefunctie",), 0.050, 450, 0.80, 0.45),
    (("kantoorfunctie",), 0.035, 260, 0.80, 0.65),
    (("winkelfunctie",), 0.035, 130, 0.70, 0.85),
    (("bijeenkomstfunctie",), 0.006, 300, 0.70, 0.6),
    (("logiesfunctie",), 0.004, 600, 0.80, 0.7),
    (("gezondheidszorgfunctie",), 0.005, 400, 0.80, 0.7),
    (("overige gebruiksfunctie",), 0.010, 40, 0.60, 0.6),
)
# SBI codes by kind of address (SBI 2008). Some home businesses are in restricted sections on purpose (background).
_HOME_SBI = np.array(["6201", "7022", "4120", "8559", "9609", "7490", "4791", "6920", "7311", "4332", "8690",
                      "9003", "7111", "4778", "1413", "4511"])
_HOME_P = np.array([.13, .13, .10, .08, .08, .08, .08, .06, .05, .05, .05, .04, .03, .006, .006, .001])
_INDUSTRY_SBI = np.array(["2562", "4941", "4673", "4120", "4321", "4520", "4511", "1071", "3312", "4690", "5210"])
_INDUSTRY_P = np.array([.12, .12, .11, .12, .12, .08, .05, .07, .07, .08, .06])
_OFFICE_SBI = np.array(["6201", "7022", "6920", "6619", "6831", "7112", "7810", "6420", "8299"])
_RETAIL_SBI = np.array(["4711", "4719", "4771", "5610", "9602", "4742", "5630", "4776", "4773", "4532"])
_RETAIL_P = np.array([.14, .10, .16, .16, .12, .04, .05, .08, .12, .03])
_HIGH_RISK_PLANT = np.array(["4511", "4520", "9602", "4742", "5630"])
_MISMATCH_PLANT = np.array(["4511", "5610", "2511", "4520", "1011"])

PLANTED_KINDS = ("occupancy", "many_moves", "living_without_residential", "many_establishments",
                 "high_risk_concentration", "purpose_mismatch", "low_woz_per_m2")
PLANT_RATE = 0.0005  # per kind, share of the addresses it can apply to


@dataclass
class Chunk:
    frames: Frames
    truth: pd.DataFrame  # address_id, kind


def municipalities() -> pd.DataFrame:
    """The 342 real municipality codes with population, land area and centroid (RD) from the shipped open data."""
    population = pd.read_csv(DATA_DIR / "gemeente_bevolking_oppervlakte_2024.csv", dtype={"gemeentecode": str})
    features = json.loads((DATA_DIR / "gemeenten_2025.geojson").read_text())["features"]
    centroids = {}
    for feature in features:
        ring = np.array(_outer_ring(feature["geometry"]))
        centroids[feature["properties"]["statcode"]] = (ring[:, 1].mean(), ring[:, 0].mean())
    frame = population.rename(columns={"gemeentecode": "code", "bevolking": "population",
                                       "oppervlakte_land_km2": "land_km2"})[["code", "population", "land_km2"]]
    frame = frame[frame["code"].isin(centroids)].sort_values("code").reset_index(drop=True)
    lat = np.array([centroids[c][0] for c in frame["code"]])
    lon = np.array([centroids[c][1] for c in frame["code"]])
    frame["x"], frame["y"] = wgs84_to_rd(lat, lon)
    return frame


def _outer_ring(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"][0]
    return max((polygon[0] for polygon in geometry["coordinates"]), key=len)


def address_counts(total: int, towns: pd.DataFrame) -> np.ndarray:
    share = towns["population"].to_numpy(dtype=np.float64) / towns["population"].sum()
    counts = np.floor(share * total).astype(np.int64)
    counts[np.argsort(-(share * total - counts))[: total - counts.sum()]] += 1
    return counts


def generate(total: int = 10_000_000, seed: int = 20260101, chunk_addresses: int = 1_000_000):
    """Yield `Chunk`s of whole municipalities until `total` addresses are generated (ids 1..total)."""
    towns = municipalities()
    counts = address_counts(total, towns)
    rng = np.random.default_rng(seed)
    next_id = 1
    start = 0
    while start < len(towns):
        stop = start
        size = 0
        while stop < len(towns) and (size == 0 or size + counts[stop] <= chunk_addresses):
            size += counts[stop]
            stop += 1
        chunk = _chunk(towns.iloc[start:stop], counts[start:stop], next_id, rng)
        next_id += size
        start = stop
        yield chunk


def generate_frames(total: int = 10_000_000, seed: int = 20260101) -> Chunk:
    """All chunks joined in memory (categorical string columns stay categorical)."""
    chunks = list(generate(total, seed))
    addresses = _concat_categorical([c.frames.addresses for c in chunks])
    establishments = pd.concat([c.frames.establishments for c in chunks], ignore_index=True)
    truth = pd.concat([c.truth for c in chunks], ignore_index=True)
    return Chunk(frames=Frames(addresses=addresses, establishments=establishments), truth=truth)


def _concat_categorical(frames: list[pd.DataFrame]) -> pd.DataFrame:
    from pandas.api.types import union_categoricals

    joined = {}
    for column in frames[0].columns:
        if isinstance(frames[0][column].dtype, pd.CategoricalDtype):
            joined[column] = pd.Series(union_categoricals([f[column] for f in frames]))
        else:
            joined[column] = np.concatenate([f[column].to_numpy() for f in frames])
    return pd.DataFrame(joined)


# --- one chunk ------------------------------------------------------------------------------------------------

def _chunk(towns: pd.DataFrame, counts: np.ndarray, first_id: int, rng: np.random.Generator) -> Chunk:
    n = int(counts.sum())
    town = np.repeat(np.arange(len(towns)), counts)
    buurt_per_town = np.maximum(3, counts // 600)
    buurt_offset = np.concatenate(([0], np.cumsum(buurt_per_town)[:-1]))
    local_buurt = (rng.random(n) ** 1.3 * buurt_per_town[town]).astype(np.int64)
    buurt = buurt_offset[town] + local_buurt
    n_buurten = int(buurt_per_town.sum())
    buurt_town = np.repeat(np.arange(len(towns)), buurt_per_town)
    streets_per_buurt = 12
    street = buurt * streets_per_buurt + np.minimum(rng.geometric(0.12, n) - 1, streets_per_buurt - 1)

    x, y = _positions(towns, town, buurt, buurt_town, n_buurten, rng)
    lat, lon = rd_to_wgs84(x, y)
    kind = rng.choice(len(_PURPOSE_MIX), size=n, p=_normalised([m[1] for m in _PURPOSE_MIX]))
    mask = np.array([sum(PURPOSE_BIT[p] for p in m[0]) for m in _PURPOSE_MIX], dtype=np.int32)[kind]
    area = np.maximum(15, np.round(np.exp(np.log(np.array([m[2] for m in _PURPOSE_MIX]))[kind]
                                          + rng.normal(0, 1, n) * np.array([m[3] for m in _PURPOSE_MIX])[kind])))
    residential = (mask & PURPOSE_BIT["woonfunctie"]) != 0
    persons = np.where(residential, rng.poisson(np.clip(area / 48.0, 0.4, 4.0)), 0).astype(np.float64)
    persons[~residential & (rng.random(n) < 0.004)] = 1  # registered caretakers: legal background
    moves_in = rng.poisson(0.10 * persons + 0.04).astype(np.float64)
    moves_out = rng.poisson(0.10 * persons + 0.04).astype(np.float64)
    level = np.exp(rng.normal(np.log(3200), 0.25, len(towns)))[buurt_town] * np.exp(rng.normal(0, 0.18, n_buurten))
    woz = np.round(area * level[buurt] * np.array([m[4] for m in _PURPOSE_MIX])[kind] * np.exp(rng.normal(0, 0.12, n)),
                   -3)
    year = np.clip(np.round(rng.normal(1965, 25, n_buurten))[buurt] + rng.normal(0, 8, n), 1600, 2025)
    ids = np.arange(first_id, first_id + n, dtype=np.int64)

    codes = towns["code"].to_numpy()
    establishments = _establishments(ids, mask, kind, rng)
    addresses = pd.DataFrame({
        "id": ids,
        "municipality": pd.Categorical.from_codes(town, categories=list(codes)),
        "neighbourhood": pd.Categorical.from_codes(
            buurt,
            categories=[f"BU{c[2:]}{i:04d}" for c, b in zip(codes, buurt_per_town) for i in range(b)]),
        "street": pd.Categorical.from_codes(
            street, categories=[f"Synthetische straat {first_id}-{i}" for i in range(n_buurten * streets_per_buurt)]),
        "purpose_mask": mask,
        "building_type": pd.Categorical(building_types(mask), categories=list(BUILDING_TYPES)),
        "floor_area": area, "construction_year": year, "persons": persons, "moves_in": moves_in,
        "moves_out": moves_out, "woz_value": woz, "rd_x": x, "rd_y": y, "lat": lat, "lon": lon,
    })
    frames = Frames(addresses=addresses, establishments=establishments)
    truth = _plant(frames, street, rng)
    return Chunk(frames=frames, truth=truth)


def _normalised(weights) -> np.ndarray:
    weights = np.asarray(weights, dtype=np.float64)
    return weights / weights.sum()


def _positions(towns, town, buurt, buurt_town, n_buurten, rng):
    radius = np.sqrt(towns["land_km2"].to_numpy(dtype=np.float64) / math.pi) * 1000 * 0.6
    angle = rng.uniform(0, 2 * math.pi, n_buurten)
    distance = np.sqrt(rng.random(n_buurten)) * radius[buurt_town]
    bx = towns["x"].to_numpy()[buurt_town] + distance * np.cos(angle)
    by = towns["y"].to_numpy()[buurt_town] + distance * np.sin(angle)
    n = len(buurt)
    return bx[buurt] + rng.normal(0, 220, n), by[buurt] + rng.normal(0, 220, n)


def _establishments(ids, mask, kind, rng) -> pd.DataFrame:
    building = building_types(mask)
    home = building == "woning"
    counts = np.zeros(len(ids), dtype=np.int64)
    counts[home] = (rng.random(home.sum()) < 0.10).astype(np.int64) + (rng.random(home.sum()) < 0.01)
    for name, mean in (("gemengd", 0.8), ("bedrijf", 0.6), ("kantoor", 1.5), ("winkel", 0.3), ("overig", 0.1)):
        rows = building == name
        counts[rows] = (rng.random(rows.sum()) < (0.3 if name == "overig" else 0.85)) * (1 + rng.poisson(mean, rows.sum()))
    address_id = np.repeat(ids, counts)
    owner = np.repeat(building, counts)
    sbi = np.empty(len(address_id), dtype=object)
    for names, codes, p in ((("woning",), _HOME_SBI, _HOME_P), (("bedrijf",), _INDUSTRY_SBI, _INDUSTRY_P),
                            (("kantoor", "overig"), _OFFICE_SBI, None), (("winkel", "gemengd"), _RETAIL_SBI, _RETAIL_P)):
        rows = np.isin(owner, names)
        sbi[rows] = rng.choice(codes, size=rows.sum(), p=None if p is None else _normalised(p))
    return pd.DataFrame({"address_id": address_id, "sbi_code": sbi, "active": rng.random(len(address_id)) < 0.93})


# --- planted irregularities -----------------------------------------------------------------------------------

def _pick(candidates: np.ndarray, rng, taken: np.ndarray, rate: float = PLANT_RATE) -> np.ndarray:
    rows = np.flatnonzero(candidates & ~taken)
    chosen = rng.choice(rows, size=min(len(rows), max(1, int(round(rate * candidates.sum())))), replace=False) \
        if len(rows) else rows
    taken[chosen] = True
    return np.sort(chosen)


def _plant(frames: Frames, street: np.ndarray, rng) -> pd.DataFrame:
    a = frames.addresses
    n = len(a)
    ids = a["id"].to_numpy()
    taken = np.zeros(n, dtype=bool)
    residential = (a["purpose_mask"].to_numpy() & PURPOSE_BIT["woonfunctie"]) != 0
    home = (a["building_type"] == "woning").to_numpy()
    area = a["floor_area"].to_numpy()
    truth = []
    new_establishments = []

    rows = _pick(home & (area >= 40), rng, taken)  # overcrowding: < 10 m² per registered person
    a.loc[rows, "persons"] = np.maximum(5, np.ceil(area[rows] / rng.uniform(5, 9.5, len(rows))))
    truth.append(("occupancy", rows))

    rows = _pick(residential, rng, taken)  # revolving door: many moves
    a.loc[rows, "moves_in"] = 5 + rng.poisson(5, len(rows))
    a.loc[rows, "moves_out"] = 4 + rng.poisson(5, len(rows))
    truth.append(("many_moves", rows))

    rows = _pick(~residential, rng, taken, PLANT_RATE * 8)  # living in a business unit or garage box
    a.loc[rows, "persons"] = 1 + rng.poisson(2.5, len(rows))
    truth.append(("living_without_residential", rows))

    rows = _pick(home, rng, taken)  # letterbox address: many companies at one home
    counts = 5 + rng.poisson(4, len(rows))
    new_establishments.append((np.repeat(ids[rows], counts), rng.choice(_OFFICE_SBI, counts.sum())))
    truth.append(("many_establishments", rows))

    rows = _cluster_rows(street, taken, rng)  # a street with a cluster of high-risk branches
    new_establishments.append((ids[rows], rng.choice(_HIGH_RISK_PLANT, len(rows))))
    truth.append(("high_risk_concentration", rows))

    rows = _pick(home, rng, taken)  # car trade, restaurant or workshop in a dwelling
    new_establishments.append((ids[rows], rng.choice(_MISMATCH_PLANT, len(rows))))
    truth.append(("purpose_mismatch", rows))

    rows = _pick(np.ones(n, dtype=bool), rng, taken)  # value far below the peers
    a.loc[rows, "woz_value"] = np.round(a.loc[rows, "woz_value"].to_numpy() * rng.uniform(0.15, 0.35, len(rows)), -3)
    truth.append(("low_woz_per_m2", rows))

    extra = pd.DataFrame({"address_id": np.concatenate([e[0] for e in new_establishments]),
                          "sbi_code": np.concatenate([e[1] for e in new_establishments]).astype(object),
                          "active": True})
    frames.establishments = pd.concat([frames.establishments, extra], ignore_index=True)
    return pd.DataFrame({"address_id": np.concatenate([ids[r] for _k, r in truth]),
                         "kind": np.concatenate([[k] * len(r) for k, r in truth]).astype(object)})


def _cluster_rows(street: np.ndarray, taken: np.ndarray, rng, per_street: int = 5) -> np.ndarray:
    """Whole streets: `per_street` free addresses in each of a few streets get a high-risk establishment."""
    n_streets = max(1, int(round(PLANT_RATE * len(street) / per_street)))
    order = np.argsort(street, kind="stable")
    starts = np.flatnonzero(np.r_[True, street[order][1:] != street[order][:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    eligible = np.flatnonzero(sizes >= per_street * 3)
    chosen_streets = rng.choice(eligible, size=min(n_streets, len(eligible)), replace=False)
    rows = []
    for s in chosen_streets:  # a few hundred streets per million addresses
        members = order[starts[s]:starts[s] + sizes[s]]
        free = members[~taken[members]]
        pick = rng.choice(free, size=min(per_street, len(free)), replace=False)
        rows.append(pick)
    rows = np.sort(np.concatenate(rows)) if rows else np.zeros(0, dtype=np.int64)
    taken[rows] = True
    return rows


# --- Parquet ------------------------------------------------------------------------------------------------

def write_parquet(directory: Path, total: int = 10_000_000, seed: int = 20260101, progress=None) -> dict:
    """Stream the chunks to Parquet files through DuckDB: addresses/, establishments/, truth/ (one file per chunk)."""
    import duckdb

    directory = Path(directory)
    for part in ("addresses", "establishments", "truth"):
        (directory / part).mkdir(parents=True, exist_ok=True)
    written = 0
    connection = duckdb.connect()
    for number, chunk in enumerate(generate(total, seed)):
        for part, frame in (("addresses", chunk.frames.addresses), ("establishments", chunk.frames.establishments),
                            ("truth", chunk.truth)):
            connection.register("chunk", _plain(frame))
            target = directory / part / f"part-{number:04d}.parquet"
            connection.execute(f"COPY chunk TO '{target}' (FORMAT PARQUET, COMPRESSION ZSTD)")
            connection.unregister("chunk")
        written += len(chunk.frames.addresses)
        if progress:
            progress(written, total)
    (directory / "README.txt").write_text(
        f"{SYNTHETIC_LABEL}: synthetische DOOK-gegevens ({total} adressen, seed {seed}); geen echte gegevens.\n")
    return {"addresses": written, "directory": str(directory)}


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(**{c: frame[c].astype(str) for c in frame.columns
                           if isinstance(frame[c].dtype, pd.CategoricalDtype) or frame[c].dtype == object})
