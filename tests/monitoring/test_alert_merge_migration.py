"""Migration 0009 merges the alerts of one place and hour (one per topic until then) into one with its topics."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from .monitoring_helpers import burst, make_monitor

BEFORE = [("monitoring", "0008_post_unique_uri")]
AFTER = [("monitoring", "0009_alert_per_place_and_hour")]


@pytest.mark.django_db(transaction=True)
def test_alerts_of_one_place_and_hour_are_merged(users_a, municipality_a):
    from veiliglokaal.accounts.scopes import Role

    monitor = make_monitor(users_a[Role.ANALYST], municipality_a)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Alert, Post = apps.get_model("monitoring", "Alert"), apps.get_model("monitoring", "Post")
    hour = timezone.now().replace(minute=0, second=0, microsecond=0) - datetime.timedelta(hours=1)
    posts = [Post.objects.create(municipality_id=municipality_a.pk, monitor_id=monitor.pk, connector="upload",
                                 source_name="t", external_id=raw.external_id, published_at=raw.published_at,
                                 text=raw.text) for raw in burst(3, hour)]
    values = {"municipality_id": municipality_a.pk, "monitor_id": monitor.pk, "place": "gemeentehuis",
              "window_start": hour, "expected": 0.1, "p_value": 1e-5}
    first = Alert.objects.create(topic="vuurwerk", observed=5, **values)
    judged = Alert.objects.create(topic="oproep tot verzamelen", observed=7, status="not_relevant", **values)
    other_hour = Alert.objects.create(topic="rellen", observed=6, **{**values, "window_start": hour - datetime.timedelta(hours=1)})
    first.evidence.set(posts[:2])
    judged.evidence.set(posts[1:])

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Alert = apps.get_model("monitoring", "Alert")
    merged = Alert.objects.get(window_start=hour)
    assert merged.pk == judged.pk and merged.status == "not_relevant"  # the judged alert is kept
    assert merged.topics == ["oproep tot verzamelen", "vuurwerk"] and merged.observed == 7
    assert sorted(merged.evidence.values_list("pk", flat=True)) == sorted(p.pk for p in posts)
    assert Alert.objects.get(pk=other_hour.pk).topics == ["rellen"]
    assert Alert.objects.count() == 2
