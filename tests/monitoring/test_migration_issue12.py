"""The data migration of issue 12 on posts stored the old way: handles leave links and texts, ids that name an
account become a keyed hash, and a status stored twice in one monitor (tag and public timeline) is kept once."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.monitoring import privacy
from veiliglokaal.monitoring.models import Post

from .monitoring_helpers import make_monitor

BEFORE = [("monitoring", "0006_jobs_data")]


@pytest.mark.django_db(transaction=True)
def test_old_posts_lose_handles_and_duplicates(users_a, municipality_a):
    monitor = make_monitor(users_a[Role.ANALYST], municipality_a)
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("monitoring")
    executor.migrate(BEFORE)
    old_post = MigrationExecutor(connection).loader.project_state(BEFORE).apps.get_model("monitoring", "Post")
    at = datetime.datetime(2026, 11, 29, 20, 1, tzinfo=datetime.timezone.utc)
    common = {"municipality_id": municipality_a.pk, "monitor_id": monitor.pk, "published_at": at}
    old_post.objects.create(**common, connector="mastodon", source_name="Tag", external_id="113400000000000001",
                            url="https://social.example/@burger_synthetisch/113400000000000001",
                            text="@buur_synthetisch@mastodon.example kom naar Ermelo")
    old_post.objects.create(**common, connector="mastodon", source_name="Openbaar", external_id="109876500000000001",
                            url="https://social.example/@burger_synthetisch/113400000000000001",
                            text="@buur_synthetisch@mastodon.example kom naar Ermelo")
    old_post.objects.create(**common, connector="rss", source_name="Feed",
                            external_id="https://social.example/@tipgever_synthetisch/113500000000000009",
                            url="https://social.example/@tipgever_synthetisch/113500000000000009", text="Oproep")
    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    posts = list(Post.objects.order_by("pk"))
    assert len(posts) == 2  # the second copy of the status is gone
    status, feed_item = posts
    assert (status.source_name, status.url) == ("Tag", "https://social.example/statuses/113400000000000001")
    assert status.text == "[account] kom naar Ermelo"
    # the key a new ingest computes from the status URI: the next fetch of this status is a duplicate
    assert status.dedupe_key == privacy.uri_key(
        "mastodon", "https://social.example/users/burger_synthetisch/statuses/113400000000000001")
    assert feed_item.external_id.startswith("ref:") and "tipgever" not in feed_item.url
    assert feed_item.url == "https://social.example/statuses/113500000000000009"
