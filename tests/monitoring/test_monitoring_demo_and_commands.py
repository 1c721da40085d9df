"""The demo, the scheduled run (with an injected fetch: tests never touch the network) and the retention job."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.monitoring import services
from veiliglokaal.demo.monitoring import DEMO_MARK, load_monitoring_demo
from veiliglokaal.monitoring.management.commands.run_monitors import run
from veiliglokaal.monitoring.models import Alert, MonitorSource, Post

from .monitoring_helpers import make_monitor, tenant

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def test_demo_has_a_protocol_labelled_posts_and_an_alert():
    summary = load_monitoring_demo()
    assert "alert" in summary
    assert Post.objects.exists() and all(p.text.startswith(DEMO_MARK) for p in Post.objects.all())
    alert = Alert.objects.get(topic="oproep tot verzamelen")
    assert alert.place == "gemeentehuis" and alert.observed == 16
    assert load_monitoring_demo() == "Demo online monitoring was al geladen."


def _mastodon_now() -> bytes:
    """The recorded fixture, with its times moved to now (format untouched)."""
    text = (FIXTURES / "mastodon_tag_timeline.json").read_text()
    stamp = (timezone.now() - datetime.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    for old in ("2026-11-29T20:01:12.000Z", "2026-11-29T19:58:00.000Z", "2026-11-29T20:05:00.000Z",
                "2026-11-29T20:06:00.000Z"):
        text = text.replace(old, stamp)
    return text.encode()


def test_run_monitors_fetches_live_sources_of_running_protocols_only(users_a, municipality_a):
    analyst = users_a[Role.ANALYST]
    running = make_monitor(analyst, municipality_a)
    services.add_source(tenant(analyst, municipality_a), running, "mastodon", "Hashtag ermelo",
                        "https://social.example/api/v1/timelines/tag/ermelo")
    draft = make_monitor(analyst, municipality_a, active=False)
    services.add_source(tenant(analyst, municipality_a), draft, "rss", "Feed", "https://nieuws.example/feed.xml")
    asked = []

    def fake_fetch(connector, config):
        asked.append(config["url"])
        return _mastodon_now()

    totals = run(fetch=fake_fetch)
    assert asked == ["https://social.example/api/v1/timelines/tag/ermelo"]
    assert totals["stored"] == 3 and Post.objects.filter(monitor=running).count() == 3
    assert MonitorSource.objects.get(monitor=running).last_fetched_at is not None
    assert run(fetch=fake_fetch)["stored"] == 0  # idempotent on post ids


def test_run_monitors_records_a_failing_source(users_a, municipality_a):
    from veiliglokaal.monitoring.connectors import ConnectorError

    analyst = users_a[Role.ANALYST]
    monitor = make_monitor(analyst, municipality_a)
    services.add_source(tenant(analyst, municipality_a), monitor, "rss", "Kapotte feed", "https://x.example/f")

    def broken(connector, config):
        raise ConnectorError("De bron kon niet worden opgehaald: time-out")

    assert run(fetch=broken)["failed"] == 1
    assert MonitorSource.objects.get().last_error == "De bron kon niet worden opgehaald: time-out"


def test_commands_are_wired(users_a, municipality_a, capsys):
    call_command("run_monitors")
    call_command("purge_monitoring_posts")
    out = capsys.readouterr().out
    assert "0 bronnen" in out and "0 berichten en 0 treffers verwijderd" in out
