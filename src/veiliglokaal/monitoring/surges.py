"""Surge detection per place × hour against each series' own baseline (ADR 12; hour-of-week baseline and
over-dispersion: ADR 19).

Model (default, ``model="weekly"``): the posts of one series in one hour have expected value

    λ = (S + K·level) / (n + K)

where S is the sum of the same hour of the week in the previous ``weeks`` weeks that lie in the data (n of them),
``level`` the overall hourly rate of the previous ``baseline_hours`` hours (below) and K = ``SHRINK_WEEKS`` pseudo-
weeks: with no weekly history λ is the overall rate, with a month of it the weekly rhythm dominates. A concert
every Thursday evening then becomes part of Thursday evening's baseline after its first week. The variance is
φ·λ, with the over-dispersion φ ≥ 1 estimated per series and hour as the mean squared Pearson residual
(x − λ)²/λ of the previous ``baseline_hours`` hours (each residual capped at ``RESIDUAL_CAP`` so one earlier surge
does not blind the series, and φ at most ``MAX_DISPERSION``); the tail P(X ≥ observed) is that of the negative
binomial with this mean and variance (the Poisson tail when φ = 1). The hours are UTC hours: in the week after a
change to or from summer time the same local hour of the week is one column off (documented limit).

Model ``"poisson"`` is the first model, kept as the benchmark's baseline: the posts of one series in one hour are Poisson with rate λ, estimated from the same series' previous
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
from scipy.special import betainc, gammainc

PRIOR_EVENTS = 0.5
HOURS_PER_WEEK = 168
WEEKS = 4  # history of the hour-of-week baseline; the default retention (30 days) keeps four weeks of posts
SHRINK_WEEKS = 1.0
RESIDUAL_CAP = 9.0
MAX_DISPERSION = 4.0


@dataclass(frozen=True)
class Surge:
    series: int
    hour: int
    observed: int
    expected: float
    p_value: float
    dispersion: float = 1.0


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


def weekly_rates(counts: np.ndarray, baseline_hours: int, weeks: int = WEEKS) -> np.ndarray:
    """λ per series and hour: the same hour of the previous `weeks` weeks, shrunk towards the overall rate."""
    level = baseline_rates(counts, baseline_hours)
    same_hour = np.zeros_like(counts)
    available = np.zeros(counts.shape[1])
    for week in range(1, weeks + 1):
        lag = week * HOURS_PER_WEEK
        if lag >= counts.shape[1]:
            break
        same_hour[:, lag:] += counts[:, :-lag]
        available[lag:] += 1
    return (same_hour + SHRINK_WEEKS * level) / (available + SHRINK_WEEKS)


def dispersion(counts: np.ndarray, rates: np.ndarray, baseline_hours: int) -> np.ndarray:
    """φ per series and hour: mean capped squared Pearson residual of the previous `baseline_hours` hours, ≥ 1.
    Only hours with a complete baseline before them count (earlier λ are too low by construction); where there
    are none yet, φ = 1."""
    residuals = np.minimum((counts - rates) ** 2 / rates, RESIDUAL_CAP)
    residuals[:, :baseline_hours] = 0.0
    cumulative = np.zeros((counts.shape[0], counts.shape[1] + 1))
    np.cumsum(residuals, axis=1, out=cumulative[:, 1:])
    hours = np.arange(counts.shape[1])
    window_start = np.maximum(hours - baseline_hours, baseline_hours)
    length = hours - window_start
    phi = np.ones_like(counts)
    complete = length > 0
    phi[:, complete] = (cumulative[:, hours[complete]] - cumulative[:, window_start[complete]]) / length[complete]
    return np.clip(phi, 1.0, MAX_DISPERSION)


def negative_binomial_tail(observed: np.ndarray, rate: np.ndarray, phi: np.ndarray) -> np.ndarray:
    """P(X ≥ observed) for X negative binomial with mean `rate` and variance `phi`·`rate` (Poisson where φ = 1):
    with r = λ/(φ−1) and success probability 1/φ, P(X ≥ k) = I_{1−1/φ}(k, r), the regularised incomplete beta."""
    observed, rate, phi = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (observed, rate, phi)))
    tail = poisson_tail(observed, rate)
    over = (observed > 0) & (phi > 1.0 + 1e-9)
    if over.any():
        tail[over] = betainc(observed[over], rate[over] / (phi[over] - 1.0), 1.0 - 1.0 / phi[over])
    return tail


def detect(counts: np.ndarray, *, baseline_hours: int, min_count: int, p_threshold: float,
           first_hour: int = 0, model: str = "weekly", weeks: int = WEEKS) -> list[Surge]:
    """Surges in columns `first_hour`… of a series × hour count matrix (earlier columns are baseline only)."""
    counts = np.asarray(counts, dtype=float)
    if counts.size == 0:
        return []
    if model == "poisson":
        rates = baseline_rates(counts, baseline_hours)
        phi = np.ones_like(counts)
        tails = poisson_tail(counts, rates)
    elif model == "weekly":
        rates = weekly_rates(counts, baseline_hours, weeks)
        phi = dispersion(counts, rates, baseline_hours)
        tails = negative_binomial_tail(counts, rates, phi)
    else:
        raise ValueError(f"unknown model {model!r}")
    flagged = (counts >= min_count) & (tails < p_threshold)
    flagged[:, :first_hour] = False
    return [Surge(int(s), int(h), int(counts[s, h]), float(rates[s, h]), float(tails[s, h]), float(phi[s, h]))
            for s, h in zip(*np.nonzero(flagged))]
