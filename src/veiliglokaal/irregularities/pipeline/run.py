"""One run of the pipeline over a set of municipalities: features -> indicators -> scores -> worklist -> aggregates.

Everything is computed per address with NumPy over whole columns; nothing loops over addresses in Python. The
result of a partition depends only on the municipalities in it (peer groups, areas and ranks never cross a
municipality), which is what lets `engine.py` run partitions on a Dask cluster with identical results.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import geo
from .features import SCORE_FEATURES
from .indicators import INDICATORS, SCORE_CODE, THEMES, Context, defaults_of
from .prepare import Table, prepare
from .schema import Frames, validate_frames
from .scores import _first_rows, peer_groups, score
from .settings import PipelineSettings

ALGORITHM_VERSION = "2026.12-1"


@dataclass
class PipelineResult:
    addresses: pd.DataFrame   # one row per address, sorted by id
    peers: pd.DataFrame       # one row per peer group, sorted by key; addresses.peer indexes it
    aggregates: pd.DataFrame  # one row per municipality x area x layer, sorted


def run_partition(frames: Frames, settings: PipelineSettings) -> PipelineResult:
    validate_frames(frames)
    municipalities_param = _resolver(settings)
    default_prefixes = defaults_of("high_risk_concentration")["sbi_prefixes"]
    table = prepare(frames, settings, lambda m: settings.high_risk_prefixes(m, default_prefixes))
    per_row = lambda code, name: table.municipalities.per_row(lambda m: municipalities_param(m, code, name))  # noqa: E731
    peers = peer_groups(table, per_row(SCORE_CODE, "min_peer_size"))
    scores = score(table, peers)
    columns = {"id": table.ids, "municipality": table.municipality, "peer": peers.groups, **scores.columns}
    woz_median = scores.peer_columns["woz_per_m2_median"][peers.groups]
    fired_weight = _indicators(table, Context(peer_woz_median=woz_median), settings, per_row, columns)
    _worklist(table, columns, fired_weight, per_row(SCORE_CODE, "min_score"))
    columns["hex_q"], columns["hex_r"] = geo.hex_cells(table["rd_x"], table["rd_y"])
    addresses = pd.DataFrame(columns, copy=False)  # no block consolidation: 10 million rows x 40 columns
    peer_table = peers.table.assign(**scores.peer_columns)
    result = PipelineResult(addresses=addresses, peers=peer_table,
                            aggregates=aggregates(addresses, table.neighbourhood))
    return normalise(result, aggregates_sorted=True)


def _resolver(settings: PipelineSettings):
    def value(municipality: str, code: str, name: str):
        return settings.param(municipality, code, name, defaults_of(code)[name])
    return value


def _indicators(table: Table, context: Context, settings: PipelineSettings, per_row, columns: dict) -> np.ndarray:
    fired_weight = np.zeros(len(table))
    for indicator in INDICATORS:
        params = {p.name: per_row(indicator.code, p.name) for p in indicator.params if p.kind != "prefixes"}
        evaluation = indicator.evaluate(table, params, context)
        enabled = table.municipalities.per_row(lambda m, code=indicator.code: settings.enabled(m, code))
        fired = evaluation.fired & enabled.astype(bool) if len(table) else evaluation.fired
        value = np.broadcast_to(evaluation.value, len(table)).astype(np.float64)
        threshold = np.broadcast_to(evaluation.threshold, len(table)).astype(np.float64)
        fired = np.asarray(fired, dtype=bool)
        columns[f"{indicator.code}_value"] = value
        columns[f"{indicator.code}_threshold"] = threshold.astype(np.float32)
        columns[f"{indicator.code}_fired"] = fired
        fired_weight += np.where(fired, indicator.weight * (1.0 + exceedance(indicator, value, threshold)), 0.0)
    return fired_weight


def exceedance(indicator, value: np.ndarray, threshold: np.ndarray) -> np.ndarray:
    """How far past its threshold an indicator went, relative to the threshold, capped at 1 (0 when not past it)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        if indicator.direction == "below":
            relative = (threshold - value) / threshold
        else:
            relative = (value - threshold) / threshold
    return np.clip(np.nan_to_num(relative, nan=0.0, posinf=1.0, neginf=0.0), 0.0, 1.0)


def _worklist(table: Table, columns: dict, fired_weight: np.ndarray, min_score: np.ndarray) -> None:
    """Priority = anomaly score + the weights of the indicators that fired; rank per municipality among signals."""
    score_signal = columns["score"] >= min_score
    signal = (fired_weight > 0) | score_signal
    priority = columns["score"] + fired_weight
    chosen = np.flatnonzero(signal)  # only signals are ranked: a few per cent of the addresses
    order = chosen[np.lexsort((table.ids[chosen], -priority[chosen], table.municipalities.codes[chosen]))]
    sorted_municipality = table.municipalities.codes[order]
    index = np.arange(len(order))
    starts = np.ones(len(order), dtype=bool)
    starts[1:] = sorted_municipality[1:] != sorted_municipality[:-1]
    block_start = np.maximum.accumulate(np.where(starts, index, 0)) if len(order) else index
    rank = np.zeros(len(signal), dtype=np.int64)
    rank[order] = index - block_start + 1
    columns["anomaly_signal"] = score_signal
    columns["signal"] = signal
    columns["priority"] = priority
    columns["rank"] = rank


# --- aggregates -----------------------------------------------------------------------------------------------

def layers() -> list[tuple[str, str, list[str]]]:
    """(theme, indicator, indicator codes) per map layer; empty theme and indicator = all signals."""
    result = [("", "", [])]
    for theme in THEMES:
        result.append((theme, "", [i.code for i in INDICATORS if i.theme == theme]))
    for indicator in INDICATORS:
        result.append((indicator.theme, indicator.code, [indicator.code]))
    return result


AGGREGATE_COLUMNS = ["municipality", "area_kind", "area_code", "theme", "indicator", "addresses", "signals"]


def aggregates(addresses: pd.DataFrame, neighbourhood) -> pd.DataFrame:
    """Addresses and signals per buurt and per hexagon, for every layer (all, per theme, per indicator).

    The rows are built directly in canonical order (municipality, area kind, area code, theme, indicator), so
    `normalise` does not have to sort some millions of rows by five string columns."""
    if not len(addresses):
        return pd.DataFrame(columns=AGGREGATE_COLUMNS)
    municipality = addresses["municipality"].to_numpy()
    ordered_layers = sorted(layers(), key=lambda layer: (layer[0], layer[1]))
    flags = [addresses["signal"].to_numpy() if not codes else np.logical_or.reduce(
        [addresses[f"{c}_fired"].to_numpy() for c in codes]) for _theme, _indicator, codes in ordered_layers]
    kinds = {
        "buurt": (municipality, neighbourhood),
        "hex": (municipality, addresses["hex_q"].to_numpy(), addresses["hex_r"].to_numpy()),
    }
    parts = [_area_counts(kind, keys, flags) for kind, keys in sorted(kinds.items())]
    # Each part is sorted by (municipality, area code, layer); merge them by municipality, buurt before hex.
    names = np.concatenate([part[0] for part in parts])
    merged = np.argsort(pd.factorize(names, sort=True)[0], kind="stable")
    n_layers = len(ordered_layers)
    kind_column = np.concatenate([np.full(len(part[0]), kind, dtype=object) for kind, part in zip(sorted(kinds), parts)])
    theme = np.array([layer[0] for layer in ordered_layers], dtype=object)
    indicator = np.array([layer[1] for layer in ordered_layers], dtype=object)
    rows = np.repeat(merged, n_layers) * n_layers + np.tile(np.arange(n_layers), len(merged))
    area_rows = np.repeat(merged, n_layers)
    return pd.DataFrame({
        "municipality": names[area_rows],
        "area_kind": kind_column[area_rows],
        "area_code": np.concatenate([part[1] for part in parts])[area_rows],
        "theme": np.tile(theme, len(merged)),
        "indicator": np.tile(indicator, len(merged)),
        "addresses": np.concatenate([part[2] for part in parts])[area_rows],
        "signals": np.concatenate([part[3] for part in parts]).ravel()[rows],
    })


def _area_counts(kind: str, keys, flags: list[np.ndarray]):
    """Per area of one kind, sorted by (municipality, area code): names, codes, address totals and a
    (areas x layers) matrix of signal counts."""
    from .groups import factorize_keys

    groups, count = factorize_keys(*keys)
    first = _first_rows(groups, count)
    names = np.asarray(keys[0][first], dtype=object).astype(str)
    code = _area_codes(kind, keys, first)
    order = np.lexsort((code.astype(str), names))
    totals = np.bincount(groups, minlength=count)
    signals = np.stack([np.bincount(groups, weights=flag, minlength=count).astype(np.int64) for flag in flags], axis=1)
    return names[order].astype(object), code[order], totals[order], signals[order]


def _area_codes(kind: str, keys, first: np.ndarray) -> np.ndarray:
    if kind == "buurt":
        return np.asarray(keys[1][first], dtype=object).astype(str)
    q, r = keys[1][first], keys[2][first]
    return np.array([geo.hex_code(int(a), int(b)) for a, b in zip(q, r)], dtype=object)


# --- canonical order ------------------------------------------------------------------------------------------

def normalise(result: PipelineResult, *, aggregates_sorted: bool = False) -> PipelineResult:
    """Canonical order (addresses by id, peers by key, aggregates by their keys), so engines compare exactly.
    `aggregates()` builds one partition's rows in that order already (`aggregates_sorted`)."""
    peers = result.peers.sort_values("key", kind="stable").reset_index(drop=True)
    old_to_new = np.empty(len(result.peers), dtype=np.int64)
    old_to_new[np.argsort(result.peers["key"].to_numpy(), kind="stable")] = np.arange(len(result.peers))
    addresses = result.addresses
    if not addresses["id"].is_monotonic_increasing:  # the loader and the generator give sorted ids already
        addresses = addresses.sort_values("id", kind="stable").reset_index(drop=True)
    if len(addresses):
        addresses["peer"] = old_to_new[addresses["peer"].to_numpy()]
    aggregates = result.aggregates
    if not aggregates_sorted:
        aggregates = aggregates.sort_values(
            ["municipality", "area_kind", "area_code", "theme", "indicator"], kind="stable").reset_index(drop=True)
    return PipelineResult(addresses=addresses, peers=peers, aggregates=aggregates)


def concat(results: list[PipelineResult]) -> PipelineResult:
    """Join partition results (disjoint municipalities) into one; peer indexes are shifted per partition."""
    offset, address_frames = 0, []
    for part in results:
        frame = part.addresses.copy()
        frame["peer"] = frame["peer"] + offset
        address_frames.append(frame)
        offset += len(part.peers)
    joined = PipelineResult(
        addresses=pd.concat(address_frames, ignore_index=True) if address_frames else pd.DataFrame(),
        peers=pd.concat([r.peers for r in results], ignore_index=True),
        aggregates=pd.concat([r.aggregates for r in results], ignore_index=True),
    )
    return normalise(joined)


def theme_flags(addresses: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per theme: whether any of its indicators fired at the address."""
    return {theme: np.logical_or.reduce([addresses[f"{i.code}_fired"].to_numpy() for i in INDICATORS
                                         if i.theme == theme]) for theme in THEMES}


FEATURE_NAMES = [feature.name for feature in SCORE_FEATURES]
