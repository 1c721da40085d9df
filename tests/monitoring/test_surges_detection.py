"""Surge detection on synthetic timelines with known surges (Poisson baseline per series)."""

import math

import numpy as np
import pytest

from veiliglokaal.monitoring import surges
from veiliglokaal.monitoring.models import AlertStatus
from veiliglokaal.monitoring.tuning import propose


def test_poisson_tail_matches_the_textbook_sum():
    for rate in (0.01, 0.5, 3.0):
        for k in (1, 2, 5, 9):
            expected = 1 - sum(math.exp(-rate) * rate ** i / math.factorial(i) for i in range(k))
            assert surges.poisson_tail(np.array([k]), np.array([rate]))[0] == pytest.approx(expected, rel=1e-9)
    assert surges.poisson_tail(np.array([0]), np.array([2.0]))[0] == 1.0


def test_baseline_uses_only_the_previous_hours_of_the_same_series():
    counts = np.array([[2, 2, 2, 2, 10], [0, 0, 0, 0, 0]], dtype=float)
    rates = surges.baseline_rates(counts, baseline_hours=4)
    assert rates[0, 4] == pytest.approx((8 + surges.PRIOR_EVENTS) / 4)
    assert rates[1, 4] == pytest.approx(surges.PRIOR_EVENTS / 4)
    assert rates[0, 0] == pytest.approx(surges.PRIOR_EVENTS / 4)  # nothing before column 0


def _synthetic(seed=7, series=6, hours=24 * 14, rate=0.6):
    rng = np.random.default_rng(seed)
    return rng.poisson(rate, size=(series, hours)).astype(float)


@pytest.mark.parametrize("model", ["poisson", "weekly"])
def test_known_surges_are_found_and_nothing_else(model):
    counts = _synthetic()
    known = {(1, 200): 14, (4, 300): 11, (2, 330): 9}
    for (s, h), n in known.items():
        counts[s, h] = n
    found = surges.detect(counts, baseline_hours=168, min_count=5, p_threshold=1e-3, first_hour=168, model=model)
    assert {(f.series, f.hour) for f in found} == set(known)
    by_cell = {(f.series, f.hour): f for f in found}
    assert by_cell[(1, 200)].observed == 14
    level = (counts[1, 32:200].sum() + surges.PRIOR_EVENTS) / 168
    if model == "poisson":
        assert by_cell[(1, 200)].expected == pytest.approx(level) == pytest.approx(0.6, abs=0.15)
    else:  # the same hour one week earlier (column 32), shrunk towards the overall rate
        assert by_cell[(1, 200)].expected == pytest.approx((counts[1, 32] + surges.SHRINK_WEEKS * level)
                                                           / (1 + surges.SHRINK_WEEKS))
    assert all(f.p_value < 1e-3 for f in found)


def test_a_series_with_a_high_baseline_needs_a_bigger_surge():
    busy = np.full((1, 200), 8.0)
    busy[0, 190] = 14  # much for a quiet series, ordinary-ish for this one (λ≈8: P(X≥14)≈0.03)
    assert surges.detect(busy, baseline_hours=168, min_count=5, p_threshold=1e-3, first_hour=168) == []
    busy[0, 195] = 25
    assert [(f.hour, f.observed) for f in
            surges.detect(busy, baseline_hours=168, min_count=5, p_threshold=1e-3, first_hour=168)] == [(195, 25)]


def test_minimum_count_stops_tiny_surges_of_silent_series():
    counts = np.zeros((1, 200))
    counts[0, 190] = 3  # improbable for a silent series, but below the minimum
    assert surges.detect(counts, baseline_hours=168, min_count=5, p_threshold=1e-3, first_hour=168) == []
    assert len(surges.detect(counts, baseline_hours=168, min_count=3, p_threshold=1e-3, first_hour=168)) == 1


def test_hours_before_first_hour_are_baseline_only():
    counts = np.zeros((1, 10))
    counts[0, 2] = 20
    assert surges.detect(counts, baseline_hours=5, min_count=5, p_threshold=1e-3, first_hour=5) == []
    assert surges.detect(np.zeros((0, 0)), baseline_hours=5, min_count=5, p_threshold=1e-3) == []


@pytest.mark.parametrize("model", ["poisson", "weekly"])
def test_false_alarm_rate_on_pure_noise_is_bounded_by_the_threshold(model):
    counts = _synthetic(seed=11, series=40, hours=24 * 30, rate=2.0)
    found = surges.detect(counts, baseline_hours=168, min_count=5, p_threshold=1e-3, first_hour=168, model=model)
    cells = 40 * (24 * 30 - 168)
    assert len(found) <= cells * 2e-3


def test_tuning_rule():
    nr, r = AlertStatus.NOT_RELEVANT, AlertStatus.RELEVANT
    assert propose(5, 1e-3, [nr, nr, r]) == (6, 5e-4, "2 van de laatste 3 alerts niet relevant: drempels verhoogd")
    assert propose(5, 1e-3, [nr, r]) is None  # half: no change
    assert propose(8, 1e-3, [r, r, r, r, nr]) == (7, 1e-3, "4 van de laatste 5 alerts relevant: minimum verlaagd")
    assert propose(5, 1e-3, [r] * 6) is None  # never below the default minimum
    assert propose(50, 1e-6, [nr] * 3) is None  # bounds reached
    assert propose(5, 1e-3, []) is None


def test_negative_binomial_tail_matches_the_textbook_sum_and_is_poisson_without_over_dispersion():
    for rate, phi, k in [(0.5, 2.0, 3), (4.0, 1.5, 10), (2.0, 3.9, 7)]:
        r, p = rate / (phi - 1), 1 / phi  # failures before the r-th success, success probability p
        pmf = [math.gamma(i + r) / (math.gamma(r) * math.factorial(i)) * p ** r * (1 - p) ** i for i in range(k)]
        assert surges.negative_binomial_tail(np.array([k]), np.array([rate]), np.array([phi]))[0] == pytest.approx(
            1 - sum(pmf), rel=1e-9)
    assert surges.negative_binomial_tail(np.array([5]), np.array([1.0]), np.array([1.0]))[0] == pytest.approx(
        surges.poisson_tail(np.array([5]), np.array([1.0]))[0])


def _weekly_concert(seed, weeks=8):
    """SYNTHETIC hourly counts: quiet nights, busier days, a concert every Thursday 19-22h (≈9 posts an hour)."""
    rng = np.random.default_rng(seed)
    hours = np.arange(168 * weeks)
    rate = np.where((hours % 24 >= 8) & (hours % 24 < 23), 0.8, 0.3)
    concert = ((hours // 24) % 7 == 3) & (hours % 24 >= 19) & (hours % 24 < 22)
    rate[concert] = 9.0
    return rng.poisson(rate)[None, :].astype(float), concert


def test_a_weekly_concert_is_baseline_for_the_hour_of_week_model_but_not_for_the_poisson_model():
    counts, concert = _weekly_concert(seed=5)
    surge = 168 * 7 + 24 * 5 + 20  # Saturday 20h of the last week
    counts[0, surge - 1 : surge + 2] += [3, 10, 20]
    weekly = {f.hour for f in surges.detect(counts, baseline_hours=168, min_count=5, p_threshold=1e-3,
                                            first_hour=168 * 3)}
    poisson = {f.hour for f in surges.detect(counts, baseline_hours=168, min_count=5, p_threshold=1e-3,
                                             first_hour=168 * 3, model="poisson")}
    concert_hours = set(np.nonzero(concert)[0]) - set(range(168 * 3))
    assert len(poisson & concert_hours) >= 6  # the old model alerts on (nearly) every concert
    assert weekly & concert_hours == set()  # from the third week on the concert is Thursday evening's normal
    assert {surge, surge + 1} <= weekly and {surge, surge + 1} <= poisson  # the real surge is found by both


def test_over_dispersion_widens_the_tail_of_a_bursty_series():
    rng = np.random.default_rng(2)
    bursty = rng.negative_binomial(0.5, 0.5 / (0.5 + 2.0), size=(1, 400)).astype(float)  # mean 2, variance 10
    rates = surges.weekly_rates(bursty, 168)
    phi = surges.dispersion(bursty, rates, 168)
    assert phi[0, :168].tolist() == [1.0] * 168  # no complete baseline yet
    assert phi[0, 399] > 2.0  # clearly over-dispersed
    calm = rng.poisson(2.0, size=(1, 400)).astype(float)
    assert surges.dispersion(calm, surges.weekly_rates(calm, 168), 168)[0, 399] < 1.5


def test_unknown_model_is_refused():
    with pytest.raises(ValueError):
        surges.detect(np.ones((1, 3)), baseline_hours=2, min_count=1, p_threshold=0.5, model="gauss")
