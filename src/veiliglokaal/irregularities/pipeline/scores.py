"""The unsupervised anomaly score: each address against its peer group, explainable per feature.

Peer group: addresses of the same purpose class (building type, or 'instelling' for institutional housing) and the
same floor-area class in the same buurt. A group smaller than `min_peer_size` falls back to municipality x class x
floor-area class, and then to municipality x class (a small group gives unstable medians and makes every member
look unusual). Groups never cross a municipality, so the pipeline can be partitioned by municipality.

Per feature, in the direction that matters for DOOK (many persons per m², many moves, many establishments, a low
WOZ value per m²):
- the robust z-score (x - median) / (1.4826 MAD) of the peer group, shown to explain "how far from normal";
- the ECOD-style empirical tail probability p: the share of the peer group at least as extreme as this address.
The contribution of a feature is -ln(p) and the score is the sum of the contributions, so the explanation is exact:
the parts add up to the score. A typical address scores near zero per feature, an address that is the most extreme
of 100 scores ln(100) ≈ 4.6 for that feature.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.utils.translation import gettext_lazy as _

from .features import SCORE_FEATURES
from .groups import factorize_keys, robust_z, tail_stats
from .prepare import AREA_CLASSES, PURPOSE_CLASSES, Table

# The method in Dutch, for the Algoritmeregister entry and the explanation pages (keep in step with the docstring).
SCORE_METHOD = _(
    "Per kenmerk (ingeschrevenen per 100 m², verhuizingen, WOZ-waarde per m², vestigingen) wordt het adres "
    "vergeleken met zijn vergelijkingsgroep, in de richting die voor DOOK telt (veel, of bij de WOZ-waarde: laag). "
    "De empirische staartkans p is het aandeel van de groep dat minstens zo extreem is; de bijdrage van het kenmerk "
    "is −ln(p) en de afwijkingsscore is de som van de bijdragen, zodat de uitleg precies optelt tot de score. Een "
    "gewoon adres scoort per kenmerk bijna 0; het meest afwijkende adres van 100 scoort ln(100) ≈ 4,6. Daarnaast "
    "staat de robuuste z-score (afstand tot de mediaan gedeeld door 1,4826 × de MAD) als maat voor 'hoe ver van "
    "normaal'. Ontbrekende waarden tellen niet mee.")
PEER_LEVEL_BUURT = "buurt"
PEER_LEVEL_MUNICIPALITY_AREA = "gemeente_oppervlakte"
PEER_LEVEL_MUNICIPALITY = "gemeente"
NO_AREA_CLASS = "alle"


@dataclass
class PeerGroups:
    groups: np.ndarray  # group index per address
    count: int
    table: pd.DataFrame  # per group: key, level, municipality, neighbourhood, building_type (class), area_class, size


def peer_groups(t: Table, min_peer_size: np.ndarray) -> PeerGroups:
    """buurt x purpose class x floor-area class; too small -> gemeente x class x area; still too small -> gemeente x class.

    The purpose class is the building type, or 'instelling' for institutional housing; the floor-area classes keep
    garage boxes apart from holiday homes and villas (prepare.AREA_CLASSES)."""
    purpose_class, area_class = t["purpose_class"], t["area_class"]
    buurt_groups, n_buurt = factorize_keys(t.municipality, t.neighbourhood, purpose_class, area_class)
    area_groups, n_area = factorize_keys(t.municipality, purpose_class, area_class)
    town_groups, _n = factorize_keys(t.municipality, purpose_class)
    small_buurt = np.bincount(buurt_groups, minlength=n_buurt)[buurt_groups] < min_peer_size
    small_area = np.bincount(area_groups, minlength=n_area)[area_groups] < min_peer_size
    level_code = np.where(small_buurt, np.where(small_area, 2, 1), 0)
    combined = np.where(level_code == 0, buurt_groups,
                        np.where(level_code == 1, n_buurt + area_groups, n_buurt + n_area + town_groups))
    groups, count = factorize_keys(combined)
    first = _first_rows(groups, count)
    first_level = level_code[first]
    level = np.array([PEER_LEVEL_BUURT, PEER_LEVEL_MUNICIPALITY_AREA, PEER_LEVEL_MUNICIPALITY],
                     dtype=object)[first_level]
    neighbourhood = np.where(first_level == 0, np.asarray(t.neighbourhood[first], dtype=object).astype(str), "")
    area_labels = np.array(AREA_CLASSES, dtype=object)[area_class[first]] if count else np.zeros(0, dtype=object)
    table = pd.DataFrame({
        "level": level.astype(str),
        "municipality": np.asarray(t.municipality[first], dtype=object).astype(str),
        "neighbourhood": neighbourhood.astype(str),
        "building_type": np.array(PURPOSE_CLASSES, dtype=object)[purpose_class[first]].astype(str)
        if count else np.zeros(0, dtype=str),
        "area_class": np.where(first_level == 2, NO_AREA_CLASS, area_labels).astype(str),
        "size": np.bincount(groups, minlength=count),
    })
    table["key"] = (table["municipality"] + "|" + table["level"] + "|" + table["neighbourhood"] + "|"
                    + table["building_type"] + "|" + table["area_class"])
    return PeerGroups(groups=groups, count=count, table=table)


def _first_rows(groups: np.ndarray, count: int) -> np.ndarray:
    order = np.argsort(groups, kind="stable")
    sizes = np.bincount(groups, minlength=count)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
    return order[starts] if len(order) else np.zeros(0, dtype=np.int64)


@dataclass
class Scores:
    columns: dict[str, np.ndarray]  # per address: <feature>, <feature>_z, <feature>_contribution (p = exp(-c)), score
    peer_columns: dict[str, np.ndarray]  # per group: <feature>_median, <feature>_mad, <feature>_n


def score(t: Table, peers: PeerGroups) -> Scores:
    columns, peer_columns = {}, {}
    total = np.zeros(len(t))
    for feature in SCORE_FEATURES:
        values = t[feature.name]
        stats = tail_stats(values, peers.groups, peers.count)
        p = stats.p_high if feature.direction == "high" else stats.p_low
        contribution = np.maximum(-np.log(p), 0.0)  # max() turns -0.0 into 0.0
        columns[feature.name] = values
        columns[f"{feature.name}_z"] = robust_z(values, peers.groups, stats).astype(np.float32)
        columns[f"{feature.name}_contribution"] = contribution
        total = total + contribution
        peer_columns[f"{feature.name}_median"] = stats.median
        peer_columns[f"{feature.name}_mad"] = stats.mad
        peer_columns[f"{feature.name}_n"] = stats.n_valid
    columns["score"] = total
    return Scores(columns=columns, peer_columns=peer_columns)


# --- explanation relative to the peer group ------------------------------------------------------------------------

SMALL_SHARE = 0.10  # a contribution under 10 % of the score is 'small'
SMALL_TAIL = 0.10   # so is one where at least 10 % of the peer group is as extreme (not unusual in its group)


@dataclass(frozen=True)
class Part:
    feature: str
    contribution: float
    share: float                  # contribution / score (0 when the score is 0)
    tail_probability: float       # share of the peer group at least as extreme: exp(-contribution)
    small: bool


def breakdown(contributions: dict[str, float]) -> list[Part]:
    """The score's parts, largest first, each as a share of the score and relative to the peer group."""
    clean = {k: float(v) for k, v in contributions.items() if isinstance(v, (int, float)) and np.isfinite(v)}
    total = sum(max(v, 0.0) for v in clean.values())
    parts = []
    for feature, value in sorted(clean.items(), key=lambda kv: -kv[1]):
        share = max(value, 0.0) / total if total > 0 else 0.0
        tail = float(np.exp(-max(value, 0.0)))
        parts.append(Part(feature, value, share, tail, share < SMALL_SHARE or tail >= SMALL_TAIL))
    return parts


def main_reason(parts: list[Part]) -> Part | None:
    """The largest part, only when it is not small (else no single feature explains the score)."""
    return parts[0] if parts and not parts[0].small else None
