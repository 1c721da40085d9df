"""Property test of the k-anonymity rule for retained incidents (`incidents.anonymity.levels`)."""

import datetime
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from veiliglokaal.incidents.anonymity import REMOVED, Kept, levels, released

rows = st.dictionaries(
    st.integers(min_value=1, max_value=10_000),
    st.builds(Kept,
              month=st.sampled_from([datetime.date(2019, m, 1) for m in (1, 2, 7)] + [datetime.date(2020, 3, 1)]),
              role=st.sampled_from(["klasse-ambtsdrager", "klasse-medewerker"]),
              location=st.sampled_from(["balie", "thuis", "telefoon"]),
              channel=st.sampled_from(["face-to-face", "e-mail"]),
              types=st.frozensets(st.sampled_from(["bedreiging", "verbaal-geweld", "fysiek-geweld"]), min_size=1),
              level=st.integers(min_value=0, max_value=2)),
    max_size=60)


@given(rows=rows, k=st.integers(min_value=2, max_value=6))
@settings(max_examples=300)
def test_every_released_combination_occurs_at_least_k_times(rows, k):
    result = levels(rows, k)
    live = [key for key in rows if result[key] < REMOVED]
    sizes = Counter(released(rows[key], result[key]) for key in live)
    assert all(n >= k for n in sizes.values())
    assert all(result[key] >= rows[key].level for key in rows)  # generalisation never goes back
    assert levels({key: Kept(**{**rows[key].__dict__, "level": result[key]}) for key in live}, k) == {
        key: result[key] for key in live}  # stable: applying it again changes nothing


def test_a_group_of_k_stays_precise_and_a_lone_row_is_removed():
    same = Kept(datetime.date(2019, 1, 1), "klasse-medewerker", "balie", "face-to-face", frozenset({"bedreiging"}))
    rows = {i: same for i in range(5)}
    rows[99] = Kept(datetime.date(2019, 1, 1), "klasse-ambtsdrager", "thuis", "e-mail", frozenset({"bedreiging"}))
    result = levels(rows, 5)
    assert [result[i] for i in range(5)] == [0] * 5 and result[99] == REMOVED
