"""The retention job: raw posts deleted after the protocol's retention, alerts keep counts, deletion record holds
counts only, and a rerun deletes nothing more."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import ProcessingLogEntry
from veiliglokaal.monitoring import services
from veiliglokaal.monitoring.models import Alert, Match, Post, PurgeRecord
from veiliglokaal.monitoring.retention import purge

from .monitoring_helpers import burst, make_monitor

pytestmark = pytest.mark.django_db


def test_purge_after_the_protocol_retention(users_a, municipality_a):
    analyst = users_a[Role.ANALYST]
    short = make_monitor(analyst, municipality_a, retention_days=7, days_before=20)
    default = make_monitor(analyst, municipality_a, days_before=20)  # 30 days
    now = timezone.now()
    day_ago_10 = now - datetime.timedelta(days=10)
    services.ingest(short, "upload", "f", burst(6, day_ago_10, prefix="old"), now=day_ago_10)
    services.ingest(short, "upload", "f", burst(2, now - datetime.timedelta(days=1), prefix="new"))
    services.ingest(default, "upload", "f", burst(6, day_ago_10, prefix="old"), now=day_ago_10)
    alert = Alert.objects.filter(monitor=short).first()
    assert alert.evidence.count() == 6

    result = purge(now)

    assert result.posts == 6 and Post.objects.filter(monitor=short).count() == 2
    assert Post.objects.filter(monitor=default).count() == 6  # within its 30 days
    assert not Match.objects.filter(post__external_id__startswith="old", post__monitor=short).exists()
    alert.refresh_from_db()
    assert alert.observed == 6 and alert.evidence.count() == 0  # counts stay, posts are gone
    record = PurgeRecord.objects.get()
    assert (record.posts, record.protocol_id, record.municipality_id) == (6, short.protocol_id, municipality_a.pk)
    assert record.matches == 18  # 6 posts × (place + two topics)
    assert "7 dagen" in record.rule
    assert ProcessingLogEntry.objects.filter(name__contains="verwijderd (bewaartermijn").count() == 1
    assert purge(now).posts == 0 and PurgeRecord.objects.count() == 1  # idempotent


def test_purge_command(users_a, municipality_a, capsys):
    monitor = make_monitor(users_a[Role.ANALYST], municipality_a, retention_days=1)
    moment = timezone.now() - datetime.timedelta(hours=30)
    services.ingest(monitor, "upload", "f", burst(3, moment), now=moment)
    call_command("purge_monitoring_posts")
    assert "3 berichten" in capsys.readouterr().out
    assert not Post.objects.exists()
