"""Property: whatever bytes arrive, a connector answers with posts and Dutch errors, or refuses the whole input
with a ConnectorError — it never crashes with anything else."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veiliglokaal.monitoring import connectors
from veiliglokaal.monitoring.connectors import ConnectorError, ParseResult

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "created_at", "content", "text", "date", "date_unixtime", "messages", "account",
                         "reblog", "type", "time", "url", "from_id"]), children, max_size=6),
    max_leaves=20)


def _check(key: str, data: bytes):
    try:
        result = connectors.get(key).parse(data)
    except ConnectorError as error:
        assert str(error)
        return
    assert isinstance(result, ParseResult)
    for post in result.posts:
        assert post.external_id and post.text and post.published_at.tzinfo is not None


@pytest.mark.parametrize("key", ["rss", "mastodon", "telegram", "upload"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes(key, data):
    _check(key, data)


@pytest.mark.parametrize("key", ["mastodon", "telegram", "upload"])
@settings(max_examples=80, deadline=None)
@given(value=JSON_VALUES)
def test_arbitrary_json_shapes(key, value):
    _check(key, json.dumps(value).encode())
