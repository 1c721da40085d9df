"""Grouped statistics by sorting: medians, MAD and empirical tail probabilities per peer group, without loops.

One stable sort by (group, value) gives, for every group, its sorted values in one contiguous block. Medians are
read off the middle of each block, and an address's empirical tail probability is its position in its block.
Missing values (NaN) sort to the end of their block and are left out of every statistic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


def factorize_keys(*keys) -> tuple[np.ndarray, int]:
    """Dense group index (0..n-1) for the combination of several key columns, in order of first appearance."""
    combined = np.zeros(len(keys[0]), dtype=np.int64)
    for key in keys:
        codes, uniques = pd.factorize(key, sort=False, use_na_sentinel=False)
        combined = combined * (len(uniques) + 1) + codes
    codes, uniques = pd.factorize(combined, sort=False)
    return codes.astype(np.int64), len(uniques)


@dataclass
class TailStats:
    median: np.ndarray      # per group
    mad: np.ndarray         # per group: median absolute deviation
    mean_ad: np.ndarray     # per group: mean absolute deviation (scale when the MAD is zero)
    n_valid: np.ndarray     # per group: values that are not missing
    p_high: np.ndarray      # per row: share of the group with a value >= this one (1 when missing)
    p_low: np.ndarray       # per row: share of the group with a value <= this one (1 when missing)


def _blocks(groups: np.ndarray, n_groups: int) -> np.ndarray:
    sizes = np.bincount(groups, minlength=n_groups)
    return (np.cumsum(sizes) - sizes).astype(np.int64)


def _block_median(sorted_values: np.ndarray, starts: np.ndarray, n_valid: np.ndarray) -> np.ndarray:
    has = n_valid > 0
    lo = starts + np.maximum(n_valid - 1, 0) // 2
    hi = starts + n_valid // 2
    lo = np.where(has, lo, 0)
    hi = np.where(has, np.minimum(hi, len(sorted_values) - 1) if len(sorted_values) else 0, 0)
    if not len(sorted_values):
        return np.full(len(starts), np.nan)
    return np.where(has, (sorted_values[lo] + sorted_values[hi]) / 2.0, np.nan)


def _sort(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    return np.lexsort((values, groups))


MAX_HISTOGRAM_BINS = 40_000_000


def _small_counts(values: np.ndarray, n_groups: int) -> int | None:
    """Largest value when every present value is a small non-negative integer (counts), else None."""
    present = values[~np.isnan(values)]
    if not len(present):
        return None
    top = present.max()
    if present.min() < 0 or top > 4095 or n_groups * (top + 1) > MAX_HISTOGRAM_BINS:
        return None
    if not np.array_equal(present, np.floor(present)):
        return None
    return int(top)


def tail_stats(values: np.ndarray, groups: np.ndarray, n_groups: int) -> TailStats:
    """Per-group statistics and per-row tail probabilities. Counts go through histograms (no sort), others sort."""
    values = np.asarray(values, dtype=np.float64)
    top = _small_counts(values, n_groups)
    if top is not None:
        return _histogram_stats(values, groups, n_groups, top)
    return _sorted_stats(values, groups, n_groups)


def _histogram_median(histogram: np.ndarray, n_valid: np.ndarray, bin_width: float) -> np.ndarray:
    """Median per row of a (groups x bins) histogram: mean of the values at positions (n-1)//2 and n//2."""
    groups, bins = histogram.shape
    flat_cumulative = np.cumsum(histogram.ravel())
    before = np.concatenate(([0], flat_cumulative[bins - 1::bins][:-1])) if groups else np.zeros(0, dtype=np.int64)
    result = np.full(groups, np.nan)
    has = n_valid > 0
    for position in ((n_valid - 1) // 2, n_valid // 2):
        flat = np.searchsorted(flat_cumulative, before + position, side="right")
        value = (flat - np.arange(groups) * bins) * bin_width
        result = np.where(has, np.where(np.isnan(result), value, (result + value) / 2.0), np.nan)
    return result


def _histogram_stats(values: np.ndarray, groups: np.ndarray, n_groups: int, top: int) -> TailStats:
    bins = top + 1
    valid = ~np.isnan(values)
    whole = np.where(valid, values, 0).astype(np.int64)
    histogram = np.bincount(groups[valid] * bins + whole[valid], minlength=n_groups * bins).reshape(n_groups, bins)
    n_valid = histogram.sum(axis=1)
    median = _histogram_median(histogram, n_valid, 1.0)
    cumulative = np.cumsum(histogram, axis=1)
    at_most = cumulative[groups, whole]
    below = at_most - histogram[groups, whole]
    with np.errstate(invalid="ignore", divide="ignore"):
        p_low = np.where(valid, at_most / n_valid[groups], 1.0)
        p_high = np.where(valid, (n_valid[groups] - below) / n_valid[groups], 1.0)
    # deviations |k - median| are multiples of 0.5: a histogram of 2|k - median| per group gives the MAD
    doubled = np.abs(2 * np.arange(bins)[None, :] - 2 * np.nan_to_num(median)[:, None]).astype(np.int64)
    deviation_hist = np.zeros((n_groups, 2 * bins + 1), dtype=np.int64)
    _add_rows(deviation_hist, doubled, histogram)
    mad = _histogram_median(deviation_hist, n_valid, 0.5)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_ad = (histogram * doubled).sum(axis=1) / 2.0 / n_valid
    return TailStats(median=median, mad=mad, mean_ad=mean_ad, n_valid=n_valid, p_high=p_high, p_low=p_low)


def _add_rows(target: np.ndarray, columns: np.ndarray, weights: np.ndarray) -> None:
    """target[g, columns[g, k]] += weights[g, k], through one bincount (faster than np.add.at for big arrays)."""
    groups, width = target.shape
    flat = (np.arange(groups)[:, None] * width + columns).ravel()
    target += np.bincount(flat, weights=weights.ravel(), minlength=groups * width).astype(np.int64).reshape(groups, width)


def _sorted_stats(values: np.ndarray, groups: np.ndarray, n_groups: int) -> TailStats:
    n = len(values)
    valid = ~np.isnan(values)
    starts = _blocks(groups, n_groups)
    n_valid = np.bincount(groups, weights=valid, minlength=n_groups).astype(np.int64)

    order = _sort(values, groups)
    sorted_values = values[order]
    sorted_groups = groups[order]
    median = _block_median(sorted_values, starts, n_valid)

    index = np.arange(n, dtype=np.int64)
    changes = np.ones(n, dtype=bool)
    if n > 1:
        changes[1:] = (sorted_groups[1:] != sorted_groups[:-1]) | (sorted_values[1:] != sorted_values[:-1])
    run_start = np.maximum.accumulate(np.where(changes, index, 0))
    ends = np.ones(n, dtype=bool)
    if n > 1:
        ends[:-1] = changes[1:]
    run_end = np.minimum.accumulate(np.where(ends, index, n)[::-1])[::-1]

    block_start = starts[sorted_groups]
    group_valid = n_valid[sorted_groups].astype(np.float64)
    sorted_valid = valid[order]
    with np.errstate(invalid="ignore", divide="ignore"):
        p_high_sorted = np.where(sorted_valid, (group_valid - (run_start - block_start)) / group_valid, 1.0)
        p_low_sorted = np.where(sorted_valid, (run_end - block_start + 1) / group_valid, 1.0)
    p_high = np.empty(n)
    p_low = np.empty(n)
    p_high[order] = p_high_sorted
    p_low[order] = p_low_sorted

    deviation = np.abs(values - median[groups])
    mad = _mad_from_sorted(sorted_values, sorted_groups, starts, n_valid, median)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_ad = np.bincount(groups, weights=np.where(valid, deviation, 0.0), minlength=n_groups) / n_valid
    return TailStats(median=median, mad=mad, mean_ad=mean_ad, n_valid=n_valid, p_high=p_high, p_low=p_low)


def _mad_from_sorted(sorted_values, sorted_groups, starts, n_valid, median) -> np.ndarray:
    """Median absolute deviation per group without sorting the deviations.

    Within a group's sorted block, the deviations below the median (A, read right to left) and above it (B, read
    left to right) are each ascending, so the k-th smallest deviation is the k-th element of two sorted lists:
    a binary search, run for all groups at once.
    """
    n_groups = len(starts)
    valid = ~np.isnan(sorted_values)
    below = np.bincount(sorted_groups, weights=valid & (sorted_values < median[sorted_groups]),
                        minlength=n_groups).astype(np.int64)
    above = n_valid - below
    has = n_valid > 0
    safe_median = np.where(has, median, 0.0)

    def a(i):  # i-th smallest deviation below the median; +inf past the end, -inf before the start
        index = np.clip(starts + below - 1 - i, 0, max(len(sorted_values) - 1, 0))
        value = safe_median - sorted_values[index] if len(sorted_values) else np.zeros(n_groups)
        return np.where(i < 0, -np.inf, np.where(i >= below, np.inf, value))

    def b(j):
        index = np.clip(starts + below + j, 0, max(len(sorted_values) - 1, 0))
        value = sorted_values[index] - safe_median if len(sorted_values) else np.zeros(n_groups)
        return np.where(j < 0, -np.inf, np.where(j >= above, np.inf, value))

    def kth(k):
        lo = np.maximum(0, k + 1 - above)
        hi = np.minimum(k + 1, below)
        for _ in range(int(np.ceil(np.log2(max(int(n_valid.max(initial=0)), 1) + 2))) + 1):
            mid = (lo + hi) // 2
            take_fewer = a(mid) >= b(k - mid)
            searching = lo < hi
            hi = np.where(searching & take_fewer, mid, hi)
            lo = np.where(searching & ~take_fewer, mid + 1, lo)
        return np.maximum(a(lo - 1), b(k - lo))

    k_low = np.maximum(n_valid - 1, 0) // 2
    result = (kth(k_low) + kth(n_valid // 2)) / 2.0
    return np.where(has, result, np.nan)


def robust_z(values: np.ndarray, groups: np.ndarray, stats: TailStats) -> np.ndarray:
    """(x - median) / (1.4826 MAD); where the MAD is zero, 1.2533 x the mean absolute deviation; else 0."""
    scale = 1.4826 * stats.mad
    fallback = 1.2533 * stats.mean_ad
    scale = np.where(scale > 0, scale, fallback)
    row_scale = scale[groups]
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (values - stats.median[groups]) / row_scale
    return np.where(np.isfinite(z), z, 0.0)
