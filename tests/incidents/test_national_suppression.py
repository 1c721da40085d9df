"""Property test of the national suppression (ADR 7): for random incident sets, no linear combination of all the
figures published for a month recovers a suppressed cell, and every line with suppressed cells hides at least 5.

Model: the unknowns are the counts of every possible "microcell" (one combination of victim role, channel, set of
types and municipality — which fixes size class and region). Each published figure is a linear equation over the
microcells. A suppressed cell is recoverable by some linear combination of published figures exactly when its row
vector lies in the span of the published rows; we test that with exact rank arithmetic (mod a large prime, which
equals the rational rank for 0/1 matrices this small: their minors are far below the prime).
"""

import datetime
import itertools

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from veiliglokaal.incidents.national import ALL_DIMENSIONS, MIN_CELL, PARTITIONS, protect, published

PRIME = (1 << 61) - 1
ROLES = ["r1", "r2", "r3"]
CHANNELS = ["c1", "c2", "c3"]
TYPES = ["t1", "t2", "t3"]
# municipality -> (size class, region): size classes and regions cut across each other
MUNICIPALITIES = {"m1": ("s1", "v1"), "m2": ("s1", "v2"), "m3": ("s2", "v1"), "m4": ("s2", "v2"), "m5": ("s3", "v2")}
LABELS = {
    "victim_role": ("rol", [(c, c) for c in ROLES]),
    "channel": ("kanaal", [(c, c) for c in CHANNELS]),
    "type": ("soort", [(c, c) for c in TYPES]),
    "size_class": ("grootte", [(c, c) for c in ("s1", "s2", "s3")]),
    "region": ("regio", [(c, c) for c in ("v1", "v2")]),
}
TYPE_SETS = [frozenset(c) for n in (1, 2, 3) for c in itertools.combinations(TYPES, n)]
MICROCELLS = list(itertools.product(ROLES, CHANNELS, TYPE_SETS, MUNICIPALITIES))

incident = st.tuples(st.sampled_from(ROLES), st.sampled_from(CHANNELS), st.sampled_from(TYPE_SETS),
                     st.sampled_from(sorted(MUNICIPALITIES)))


def in_cell(micro, dimension, code) -> bool:
    role, channel, types, municipality = micro
    size, region = MUNICIPALITIES[municipality]
    return {"victim_role": role == code, "channel": channel == code, "type": code in types,
            "size_class": size == code, "region": region == code, "total": True}[dimension]


def aggregate(incidents):
    cells = {key: {} for key in ALL_DIMENSIONS}
    for role, channel, types, municipality in incidents:
        size, region = MUNICIPALITIES[municipality]
        for key, code in (("victim_role", role), ("channel", channel), ("size_class", size), ("region", region)):
            cells[key][code] = cells[key].get(code, 0) + 1
        for code in types:
            cells["type"][code] = cells["type"].get(code, 0) + 1
    return cells


def row(dimension, code):
    return [1 if in_cell(m, dimension, code) else 0 for m in MICROCELLS]


def rank(rows) -> int:
    rows = [list(r) for r in rows]
    rank_, col = 0, 0
    width = len(rows[0]) if rows else 0
    while rank_ < len(rows) and col < width:
        pivot = next((i for i in range(rank_, len(rows)) if rows[i][col] % PRIME), None)
        if pivot is None:
            col += 1
            continue
        rows[rank_], rows[pivot] = rows[pivot], rows[rank_]
        inverse = pow(rows[rank_][col], PRIME - 2, PRIME)
        rows[rank_] = [v * inverse % PRIME for v in rows[rank_]]
        for i in range(len(rows)):
            if i != rank_ and rows[i][col] % PRIME:
                factor = rows[i][col]
                rows[i] = [(a - factor * b) % PRIME for a, b in zip(rows[i], rows[rank_])]
        rank_ += 1
        col += 1
    return rank_


def publish(incidents):
    cells = aggregate(incidents)
    month = published(datetime.date(2025, 1, 1), len(incidents), cells, LABELS)
    shown, hidden = [], []
    if month.total is not None:
        shown.append(("total", "totaal", month.total))
    else:
        hidden.append(("total", "totaal", len(incidents)))
    for key in ALL_DIMENSIONS:
        for code, _label, value in month.tables[key].rows:
            true = cells[key].get(code, 0)
            if value is None:
                hidden.append((key, code, true))
            else:
                assert value == true
                shown.append((key, code, value))
    return month, cells, shown, hidden


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(incident, min_size=0, max_size=40))
def test_no_linear_combination_of_published_figures_recovers_a_suppressed_cell(incidents):
    month, cells, shown, hidden = publish(incidents)
    assume(hidden and shown)  # nothing to combine otherwise; vacuous examples show as invalid in the statistics
    published_rows = [row(d, c) for d, c, _v in shown]
    base = rank(published_rows)
    for dimension, code, _true in hidden:
        assert rank(published_rows + [row(dimension, code)]) > base, (
            f"{dimension}={code} is a linear combination of published figures")


@settings(max_examples=200, deadline=None)
@given(st.lists(incident, min_size=0, max_size=60))
def test_every_cell_below_5_suppressed_and_no_total_minus_cells_reveals_one(incidents):
    month, cells, shown, hidden = publish(incidents)
    assert all(value >= MIN_CELL for _d, _c, value in shown)
    if month.total is None:
        assert not shown
    event("total suppressed" if month.total is None else "total published")
    assume(month.total is not None)  # the table checks below need a published total
    for key in ALL_DIMENSIONS:
        values = {code: cells[key].get(code, 0) for code, _l in LABELS[key][1]}
        suppressed = [code for code, _l, v in month.tables[key].rows if v is None]
        assert set(code for code, v in values.items() if v < MIN_CELL) <= set(suppressed)
        if suppressed:
            # never exactly one suppressed cell in a table, and together they hide at least 5 incidents
            assert len(suppressed) >= 2
            assert sum(values[c] for c in suppressed) >= MIN_CELL
        if key in PARTITIONS:
            residual = month.total - sum(v for _c, _l, v in month.tables[key].rows if v is not None)
            # total minus the published cells equals no single suppressed cell unless the others are all 0 — and
            # even then the reader cannot tell (no bound on the other suppressed cells is published)
            assert residual == sum(values[c] for c in suppressed)
            assert residual >= MIN_CELL or not suppressed


def test_protect_adds_a_second_cell_and_reaches_five():
    assert protect({"a": 10, "b": 7, "c": 6}) == set()
    assert protect({"a": 10, "b": 7, "c": 3}) == {"c", "b"}       # one primary: the smallest other joins it
    assert protect({"a": 10, "b": 7, "c": 1, "d": 1}) == {"c", "d", "b"}  # two primaries hold 2 < 5: one more
    assert protect({"a": 10, "b": 3, "c": 4}) == {"b", "c"}       # two primaries holding 7: enough
    assert protect({"a": 0, "b": 9, "c": 8}) == {"a", "c"}


def test_month_below_five_is_suppressed_entirely():
    month = published(datetime.date(2025, 1, 1), 4, aggregate([("r1", "c1", frozenset({"t1"}), "m1")] * 4), LABELS)
    assert month.total is None
    assert all(v is None for t in month.tables.values() for _c, _l, v in t.rows)
