"""The unsupervised anomaly score: each address against its peer group, explainable per feature.

Peer group: addresses of the same building type in the same buurt. A buurt x type group smaller than
`min_peer_size` falls back to municipality x type (a small group gives unstable medians and makes every member
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
from .prepare import Table

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
PEER_LEVEL_MUNICIPALITY = "gemeente"


@dataclass
class PeerGroups:
    groups: np.ndarray  # group index per address
    count: int
    table: pd.DataFrame  # per group: key (label), level, municipality, neighbourhood, building_type, size


def peer_groups(t: Table, min_peer_size: np.ndarray) -> PeerGroups:
    buurt_groups, n_buurt = factorize_keys(t.municipality, t.neighbourhood, t.building_type)
    buurt_size = np.bincount(buurt_groups, minlength=n_buurt)
    small = buurt_size[buurt_groups] < min_peer_size
    town_groups, _n = factorize_keys(t.municipality, t.building_type)
    combined = np.where(small, n_buurt + town_groups, buurt_groups)
    groups, count = factorize_keys(combined)
    first = _first_rows(groups, count)
    level = np.where(small[first], PEER_LEVEL_MUNICIPALITY, PEER_LEVEL_BUURT)
    neighbourhood = np.where(small[first], "", np.asarray(t.neighbourhood[first], dtype=object).astype(str))
    table = pd.DataFrame({
        "level": level,
        "municipality": np.asarray(t.municipality[first], dtype=object).astype(str),
        "neighbourhood": neighbourhood,
        "building_type": np.asarray(t.building_type[first], dtype=object).astype(str),
        "size": np.bincount(groups, minlength=count),
    })
    table["key"] = table["municipality"] + "|" + table["level"] + "|" + table["neighbourhood"] + "|" + table["building_type"]
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
