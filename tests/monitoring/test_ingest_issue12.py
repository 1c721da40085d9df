"""Issue 12 on real-layout fixtures (synthetic content): broken feeds are refused with nothing stored, times without
an offset are Europe/Amsterdam, old and new Telegram Desktop exports import, only public/unlisted Mastodon statuses
are stored, and a status seen through two timelines is stored once (keyed hash of its URI)."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.monitoring import connectors, privacy, services, uploads
from veiliglokaal.monitoring.connectors import ConnectorError
from veiliglokaal.monitoring.connectors.base import local_time
from veiliglokaal.monitoring.connectors.rss import parse_feed_date
from veiliglokaal.monitoring.models import MonitorUpload, Post

from .monitoring_helpers import make_monitor, tenant

FIXTURES = Path(__file__).parent / "fixtures"
UTC = datetime.timezone.utc
AMS = ZoneInfo("Europe/Amsterdam")


def parse(key: str, name: str):
    return connectors.get(key).parse((FIXTURES / name).read_bytes())


# ------------------------------------------------------------------------------------------ times

@pytest.mark.parametrize("value, expected_utc", [
    ("Sat, 04 Jul 2026 21:15:00 CEST", datetime.datetime(2026, 7, 4, 19, 15, tzinfo=UTC)),
    ("Sat, 04 Jul 2026 21:15:00 MESZ", datetime.datetime(2026, 7, 4, 19, 15, tzinfo=UTC)),
    ("Sat, 04 Jul 2026 21:15:00", datetime.datetime(2026, 7, 4, 19, 15, tzinfo=UTC)),
    ("Sun, 29 Nov 2026 21:15:00 CET", datetime.datetime(2026, 11, 29, 20, 15, tzinfo=UTC)),
    ("Sun, 29 Nov 2026 21:15:00 MEZ", datetime.datetime(2026, 11, 29, 20, 15, tzinfo=UTC)),
    ("Sun, 29 Nov 2026 21:15", datetime.datetime(2026, 11, 29, 20, 15, tzinfo=UTC)),
    ("Sun, 25 Oct 2026 02:30:00 CEST", datetime.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),  # first 02:30
    ("Sun, 25 Oct 2026 02:30:00 CET", datetime.datetime(2026, 10, 25, 1, 30, tzinfo=UTC)),  # second 02:30
    ("Sun, 25 Oct 2026 02:30:00", datetime.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),  # ambiguous: the first
    ("Sun, 29 Mar 2026 02:30:00", datetime.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),  # does not exist: 03:30 CEST
    ("Sun, 29 Nov 2026 19:45:00 +0100", datetime.datetime(2026, 11, 29, 18, 45, tzinfo=UTC)),
    ("Sun, 29 Nov 2026 19:45:00 GMT", datetime.datetime(2026, 11, 29, 19, 45, tzinfo=UTC)),
    ("Sun, 29 Nov 2026 19:45:00 EST", datetime.datetime(2026, 11, 30, 0, 45, tzinfo=UTC)),
    ("2026-07-04T21:30:00", datetime.datetime(2026, 7, 4, 19, 30, tzinfo=UTC)),
    ("2026-07-04T21:30:00Z", datetime.datetime(2026, 7, 4, 21, 30, tzinfo=UTC)),
    ("Sun, 29 Nov 2026 19:45:00 XYZ", None),
    ("gisteren", None),
])
def test_feed_dates_without_offset_or_in_named_zones_are_amsterdam_time(value, expected_utc):
    assert parse_feed_date(value) == expected_utc


def test_local_time_rules():
    assert local_time(datetime.datetime(2026, 7, 4, 21, 15)) == datetime.datetime(2026, 7, 4, 19, 15, tzinfo=UTC)
    assert local_time(datetime.datetime(2026, 11, 4, 21, 15)) == datetime.datetime(2026, 11, 4, 20, 15, tzinfo=UTC)
    assert local_time(datetime.datetime(2026, 10, 25, 2, 30), fold=1) == datetime.datetime(2026, 10, 25, 1, 30,
                                                                                           tzinfo=UTC)
    assert local_time(datetime.datetime(2026, 3, 29, 2, 30)).astimezone(AMS).hour == 3


def test_rss_feed_in_cest_and_without_zone():
    result = parse("rss", "rss_cest.xml")
    assert result.errors == []
    assert [p.published_at.astimezone(UTC) for p in result.posts] == [
        datetime.datetime(2026, 7, 4, 19, 15, tzinfo=UTC), datetime.datetime(2026, 7, 4, 19, 20, tzinfo=UTC),
        datetime.datetime(2026, 7, 4, 19, 25, tzinfo=UTC), datetime.datetime(2026, 10, 25, 1, 30, tzinfo=UTC)]


def test_upload_times_without_offset_are_amsterdam_time():
    data = b'{"id": "a", "time": "2026-07-04T21:15:00", "text": "x"}\n{"id": "b", "time": "2026-07-04T21:15:00Z", "text": "y"}\n'
    first, second = connectors.get("upload").parse(data).posts
    assert first.published_at.astimezone(UTC) == datetime.datetime(2026, 7, 4, 19, 15, tzinfo=UTC)
    assert second.published_at == datetime.datetime(2026, 7, 4, 21, 15, tzinfo=UTC)


# ------------------------------------------------------------------------------------------ Telegram

def test_telegram_old_export_without_date_unixtime_reads_local_time_and_entity_arrays():
    result = parse("telegram", "telegram_old_export.json")
    assert result.errors == []
    assert [p.external_id for p in result.posts] == ["1409876543:11", "1409876543:12", "1409876543:13",
                                                     "1409876543:14"]
    times = [p.published_at.astimezone(UTC) for p in result.posts]
    assert times[0] == datetime.datetime(2026, 9, 12, 19, 15, tzinfo=UTC)  # 21:15 CEST, not 21:15 UTC
    assert times[3] == datetime.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # the repeated hour: the first
    second = result.posts[1]
    assert second.text == ("[account], ik neem vuurwerk mee naar het gemeentehuis. Zeg het ook tegen [account] en "
                           "mail info@gemeente.example")
    assert result.posts[2].text == "Oproep van Marie Fictief: kaart — verzamelen bij het gemeentehuis"
    assert "Marie Fictief" in result.posts[2].author_names  # scrubbed at ingest (see the handle test)
    assert result.posts[0].author == "user5550001"  # the numeric from_id of old exports: same pseudonym as new


def test_telegram_new_export_and_old_export_give_the_same_instants():
    old = {p.text.split(" ")[0]: p.published_at for p in parse("telegram", "telegram_old_export.json").posts}
    new = parse("telegram", "telegram_new_export.json")
    assert new.errors == []
    assert new.posts[0].published_at == old["Vanavond"] == datetime.datetime(2026, 9, 12, 19, 15, tzinfo=UTC)
    assert new.posts[1].text == "[account] kom ook naar het gemeentehuis 🔥 #ErmeloOost"
    assert new.posts[0].author == "user5550001"


def test_telegram_text_arrays_with_any_entity_type_are_read():
    from veiliglokaal.monitoring.connectors.telegram import flatten_text

    assert flatten_text(["a ", {"type": "custom_emoji", "text": "🔥", "document_id": "1"}, {"type": "unknown_x"},
                         {"type": "mention_name", "text": "Jan", "user_id": 1}]) == "a 🔥[account]"
    assert flatten_text([{"type": "blockquote", "text": ["b", {"type": "bold", "text": "c"}]}]) == "bc"


# ------------------------------------------------------------------------------------------ feeds refused whole

@pytest.mark.parametrize("name", ["rss_unclosed_item.xml", "rss_broken_entities.xml", "atom_truncated.xml"])
def test_malformed_feeds_are_refused_in_dutch(name):
    with pytest.raises(ConnectorError, match="^Deze feed is beschadigd of onvolledig .*er is niets opgeslagen.$"):
        parse("rss", name)


def _atom(entries: int) -> bytes:
    rows = "".join(
        f'<entry><title>Bericht {i} over het gemeentehuis</title><id>urn:uuid:00000000-0000-4000-8000-{i:012d}</id>'
        f'<link href="https://forum.example/t/{i}"/><updated>2026-07-04T21:{i % 60:02d}:00+02:00</updated>'
        f'<author><name>lid-{i}</name></author><summary>tekst {i}</summary></entry>\n' for i in range(entries))
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nl">'
            f'<title>Forum (synthetisch)</title><id>urn:uuid:feed</id><updated>2026-07-04T22:00:00+02:00</updated>\n'
            f'{rows}</feed>\n').encode()


def test_a_truncated_atom_file_is_refused_not_half_stored():
    whole = _atom(273)
    assert len(connectors.get("rss").parse(whole).posts) == 273
    cut = whole[:whole.index(b"<entry>", whole.index(b"urn:uuid:00000000-0000-4000-8000-000000000100")) + 40]
    import feedparser

    assert len(feedparser.parse(cut).entries) >= 100  # what was stored before: the first 100 of 273
    with pytest.raises(ConnectorError, match="beschadigd of onvolledig"):
        connectors.get("rss").parse(cut)


def test_a_wrongly_declared_encoding_is_the_one_accepted_bozo_case():
    data = (FIXTURES / "rss_feed.xml").read_bytes().replace(b'encoding="UTF-8"', b'encoding="US-ASCII"')
    data = data.replace(b"Lokaal nieuwsblog", "Lokaal nieuwsblog café".encode())
    result = connectors.get("rss").parse(data)
    assert len(result.posts) == 2 and result.errors == []


# ------------------------------------------------------------------------------------------ Mastodon

def test_only_public_and_unlisted_statuses_are_read():
    result = parse("mastodon", "mastodon_public_timeline.json")
    assert result.errors == [] and result.skipped == 2  # the private and the direct status
    assert "Alleen voor volgers" not in str(result.posts) and "Direct bericht" not in str(result.posts)
    reply = result.posts[2]
    assert reply.text.startswith("@burger_synthetisch ik kom ook")  # scrubbed at ingest
    assert privacy.scrub_text(reply.text, reply.author_names) == "[account] ik kom ook naar Ermelo, groet van [account]"


def test_statuses_without_visibility_are_not_stored():
    data = b'[{"id": "1", "created_at": "2026-11-29T20:00:00Z", "content": "<p>Ermelo</p>", "account": {"acct": "a"}}]'
    result = connectors.get("mastodon").parse(data)
    assert result.posts == [] and result.errors == [] and result.skipped == 1


# ------------------------------------------------------------------------------------------ ingest

@pytest.fixture
def analyst(users_a):
    return users_a[Role.ANALYST]


def _monitor_for(analyst, municipality, earliest, retention_days=30):
    """A protocol running from before `earliest` until after today (the fixtures are dated in the past)."""
    days = (timezone.localdate() - earliest.date()).days + 2
    return make_monitor(analyst, municipality, days_before=days, retention_days=retention_days)


@pytest.mark.django_db
def test_the_same_status_through_the_tag_and_the_public_timeline_is_stored_once(analyst, municipality_a):
    tag, public = parse("mastodon", "mastodon_tag_timeline.json"), parse("mastodon", "mastodon_public_timeline.json")
    now = datetime.datetime(2026, 11, 29, 21, 0, tzinfo=UTC)
    monitor = _monitor_for(analyst, municipality_a, now)
    first = services.ingest(monitor, "mastodon", "Tag #ermelo (social.example)", tag.posts, now=now)
    second = services.ingest(monitor, "mastodon", "Openbare tijdlijn (mastodon.example)", public.posts, now=now)
    assert (first.stored, first.duplicates) == (3, 0)
    assert (second.received, second.stored, second.duplicates) == (3, 1, 2)  # the status itself and its boost
    assert Post.objects.filter(monitor=monitor).count() == 4
    assert Post.objects.filter(monitor=monitor).exclude(dedupe_key="").count() == 4
    # the key is a keyed hash, not the URI (which names the author)
    assert not Post.objects.filter(dedupe_key__contains="burger").exists()
    # the database refuses a second row with the same key in the same monitor
    post = Post.objects.filter(monitor=monitor).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.create(municipality_id=post.municipality_id, monitor=monitor, connector="mastodon",
                            source_name="nog een bron", external_id="ander-id", published_at=post.published_at,
                            text="x", dedupe_key=post.dedupe_key)


@pytest.mark.django_db
def test_same_status_in_one_file_twice_counts_once(analyst, municipality_a):
    public = parse("mastodon", "mastodon_public_timeline.json")  # the status and its boost
    now = datetime.datetime(2026, 11, 29, 21, 0, tzinfo=UTC)
    monitor = _monitor_for(analyst, municipality_a, now)
    result = services.ingest(monitor, "mastodon", "Openbare tijdlijn", public.posts, now=now)
    assert (result.stored, result.duplicates) == (2, 1)


@pytest.mark.django_db
@pytest.mark.parametrize("name, connector, count", [
    ("telegram_old_export.json", "telegram", 4), ("telegram_new_export.json", "telegram", 3),
    ("rss_cest.xml", "rss", 4), ("mastodon_public_timeline.json", "mastodon", 2),
])
def test_real_layout_files_import_through_the_upload_job(analyst, municipality_a, name, connector, count, monkeypatch):
    parsed = parse(connector, name)
    latest = max(p.published_at for p in parsed.posts)
    monitor = _monitor_for(analyst, municipality_a, min(p.published_at for p in parsed.posts), retention_days=90)
    frozen = latest + datetime.timedelta(hours=1)
    monkeypatch.setattr(timezone, "now", lambda: frozen)
    upload = uploads.offer(tenant(analyst, municipality_a), analyst, monitor, connector, "Export (synthetisch)",
                           SimpleUploadedFile(name, (FIXTURES / name).read_bytes()))
    uploads.run(upload)
    upload.refresh_from_db()
    stored = Post.objects.filter(monitor=monitor)
    expected = sum(1 for p in parsed.posts if p.published_at >= frozen - datetime.timedelta(days=90))
    assert upload.status == JobStatus.SUCCEEDED, upload.error_report
    assert upload.posts_stored == stored.count() == min(count, expected)
    if name.startswith("telegram"):
        first = stored.order_by("published_at").first()
        assert first.published_at == datetime.datetime(2026, 9, 12, 19, 15, tzinfo=UTC)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["rss_unclosed_item.xml", "rss_broken_entities.xml", "atom_truncated.xml"])
def test_malformed_feed_upload_stores_nothing(analyst, municipality_a, name):
    monitor = make_monitor(analyst, municipality_a)
    upload = uploads.offer(tenant(analyst, municipality_a), analyst, monitor, "rss", "Feed (synthetisch)",
                           SimpleUploadedFile(name, (FIXTURES / name).read_bytes()))
    uploads.run(upload)
    upload.refresh_from_db()
    assert upload.status == JobStatus.FAILED
    assert "beschadigd of onvolledig" in upload.error_report[0]["message"]
    assert not Post.objects.filter(monitor=monitor).exists() and MonitorUpload.objects.get().posts_stored == 0


@pytest.mark.django_db
def test_a_broken_live_feed_is_refused_with_its_dutch_message_and_nothing_stored(analyst, municipality_a, settings):
    from tests.local_http import LocalServer
    from veiliglokaal.monitoring.management.commands.run_monitors import run
    from veiliglokaal.monitoring.models import MonitorSource

    settings.OUTBOUND_ALLOW_LOOPBACK_FOR_TESTS = True
    monitor = make_monitor(analyst, municipality_a)
    body = (FIXTURES / "rss_unclosed_item.xml").read_bytes()
    with LocalServer({"/feed.xml": (200, {"Content-Type": "application/rss+xml"}, body)}) as server:
        services.add_source(tenant(analyst, municipality_a), monitor, "rss", "Feed", server.url("/feed.xml"))
        totals = run()
    assert totals["failed"] == 1 and totals["stored"] == 0
    assert not Post.objects.filter(monitor=monitor).exists()
    assert MonitorSource.objects.get(monitor=monitor).last_error.startswith("Deze feed is beschadigd of onvolledig")
