"""Surge detection per place × topic × hour against each series' own baseline (ADR 12).

Model: the posts of one series in one hour are Poisson with rate λ, estimated from the same series' previous
`baseline_hours` hours: λ = (posts in the baseline window + PRIOR_EVENTS) / baseline_hours. The prior keeps λ above
zero for a series that was silent (cold start), so a first burst is judged against "about one post per
2·baseline_hours hours" instead of dividing by zero. An hour is a surge when

    observed ≥ min_count   and   P(X ≥ observed | λ) < p_threshold,

with P(X ≥ k | λ) = the regularised lower incomplete gamma function P(k, λ) (scipy.special.gammainc), vectorised
over all series and hours at once. Both thresholds belong to the monitor and are tuned by analysts' marks
(`tuning.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import gammainc

PRIOR_EVENTS = 0.5


@dataclass(frozen=True)
class Surge:
    series: int
    hour: int
    observed: int
    expected: float
    p_value: float


def poisson_tail(observed: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """P(X ≥ observed) for X ~ Poisson(rate); 1 where observed is 0."""
    observed = np.asarray(observed, dtype=float)
    rate = np.asarray(rate, dtype=float)
    tail = np.ones(np.broadcast(observed, rate).shape)
    positive = observed > 0
    tail[positive] = gammainc(np.broadcast_to(observed, tail.shape)[positive], np.broadcast_to(rate, tail.shape)[positive])
    return tail


def baseline_rates(counts: np.ndarray, baseline_hours: int) -> np.ndarray:
    """λ per series and hour from the `baseline_hours` hours before it (hours before column 0 count as zero)."""
    cumulative = np.zeros((counts.shape[0], counts.shape[1] + 1))
    np.cumsum(counts, axis=1, out=cumulative[:, 1:])
    hours = np.arange(counts.shape[1])
    window_start = np.maximum(hours - baseline_hours, 0)
    window_sums = cumulative[:, hours] - cumulative[:, window_start]
    return (window_sums + PRIOR_EVENTS) / baseline_hours


def detect(counts: np.ndarray, *, baseline_hours: int, min_count: int, p_threshold: float,
           first_hour: int = 0) -> list[Surge]:
    """Surges in columns `first_hour`… of a series × hour count matrix (earlier columns are baseline only)."""
    counts = np.asarray(counts, dtype=float)
    if counts.size == 0:
        return []
    rates = baseline_rates(counts, baseline_hours)
    tails = poisson_tail(counts, rates)
    flagged = (counts >= min_count) & (tails < p_threshold)
    flagged[:, :first_hour] = False
    return [Surge(int(s), int(h), int(counts[s, h]), float(rates[s, h]), float(tails[s, h]))
            for s, h in zip(*np.nonzero(flagged))]
