"""Ingest → pseudonymise → match → detect → alert → mark, at the service level."""

import datetime
import hashlib
import hmac

import pytest
from django.utils import timezone

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import ProcessingLogEntry
from veiliglokaal.audit.services import pseudonymise
from veiliglokaal.irregularities.models import Address, SourceImport
from veiliglokaal.monitoring import gazetteer, lexicon, services, surges
from veiliglokaal.monitoring.models import (
    Alert, AlertStatus, GazetteerEntry, Match, PlaceKind, Post, ThresholdChange, TopicTerm,
)

from .monitoring_helpers import burst, make_monitor, tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(users_a):
    return users_a[Role.ANALYST]


@pytest.fixture
def monitor(analyst, municipality_a):
    return make_monitor(analyst, municipality_a)


def _hour_ago():
    return timezone.now().replace(minute=0, second=0, microsecond=0) - datetime.timedelta(hours=1)


def test_author_is_stored_only_as_a_keyed_hash(monitor, settings):
    settings.MONITORING_AUTHOR_KEY = "sleutel-voor-de-test"
    services.ingest(monitor, "mastodon", "test", burst(1, _hour_ago(), author="Burger_Synthetisch@social.example"))
    post = Post.objects.get()
    expected = hmac.new(b"sleutel-voor-de-test", b"mastodon:burger_synthetisch@social.example",
                        hashlib.sha256).hexdigest()[:32]
    assert post.author_pseudonym == expected
    assert "burger" not in str(Post.objects.values().get()).lower()


def test_ingest_is_idempotent_on_post_ids(monitor):
    first = services.ingest(monitor, "upload", "bestand", burst(6, _hour_ago()))
    again = services.ingest(monitor, "upload", "bestand", burst(6, _hour_ago()) + burst(6, _hour_ago()))
    assert (first.stored, again.stored, again.duplicates) == (6, 0, 12)
    assert Post.objects.count() == 6
    assert Alert.objects.count() == 1  # one per place and hour (with its topics), not one per run or topic


def test_matches_and_alert_with_evidence(monitor, municipality_a):
    at = _hour_ago()
    result = services.ingest(monitor, "upload", "bestand", burst(7, at) + burst(
        3, at, text="Mooi weer in Ermelo", prefix="quiet"))
    assert result.matched == 10
    assert set(Match.objects.filter(post__external_id="p-0").values_list("kind", "term")) == {
        ("place", "gemeentehuis"), ("topic", "oproep tot verzamelen"), ("topic", "vuurwerk")}
    alerts = Alert.objects.all()
    assert [(a.place, a.topics, a.observed) for a in alerts] == [
        ("gemeentehuis", ["oproep tot verzamelen", "vuurwerk"], 7)]  # "Mooi weer in Ermelo" is no call
    alert = alerts[0]
    assert alert.lexicon_version == lexicon.current_version() and str(alert) == (
        "gemeentehuis / oproep tot verzamelen, vuurwerk")
    assert alert.window_start == at and alert.distinct_authors == 7
    # overall rate of a silent series (prior only); the hour-of-week baseline shrinks it by the silent same hour of
    # last week when the protocol (started 7 days ago) already covered that hour
    level = surges.PRIOR_EVENTS / 168
    assert alert.expected in (pytest.approx(level), pytest.approx(level / (1 + surges.SHRINK_WEEKS)))
    assert alert.evidence.count() == 7 and alert.status == AlertStatus.OPEN
    assert alert.detected_after_seconds is not None and alert.detected_after_seconds < 60
    assert alert.municipality_id == municipality_a.pk
    entry = ProcessingLogEntry.objects.filter(activity_key="monitoring.verzamelen").get()
    assert entry.data_subject_id == pseudonymise("monitor", monitor.pk)


def test_a_later_batch_updates_the_alert_of_the_same_hour(monitor):
    at = _hour_ago()
    services.ingest(monitor, "upload", "bestand", burst(5, at, prefix="a"))
    services.ingest(monitor, "upload", "bestand", burst(4, at + datetime.timedelta(minutes=10), prefix="b"))
    alert = Alert.objects.get()
    assert alert.observed == 9 and alert.evidence.count() == 9


def test_below_the_minimum_no_alert(monitor):
    assert services.ingest(monitor, "upload", "bestand", burst(4, _hour_ago())).alerts == []


def test_regular_activity_is_the_baseline(monitor):
    """Six posts an hour for two days is the series' normal: the next hour with six raises nothing."""
    start = _hour_ago() - datetime.timedelta(hours=48)
    history = [post for h in range(48) for post in burst(6, start + datetime.timedelta(hours=h), prefix=f"h{h}")]
    services.ingest(monitor, "upload", "bestand", history)
    Alert.objects.all().delete()
    assert services.ingest(monitor, "upload", "bestand", burst(6, _hour_ago(), prefix="now")).alerts == []
    assert len(services.ingest(monitor, "upload", "bestand", burst(30, _hour_ago(), prefix="surge")).alerts) == 1


def test_marks_tune_the_thresholds(monitor, analyst, municipality_a):
    at = _hour_ago()
    services.ingest(monitor, "upload", "bestand", burst(7, at))
    services.ingest(monitor, "upload", "bestand", burst(7, at, text="Iedereen naar Ermelo, vuurwerk mee!", prefix="e"))
    t = tenant(analyst, municipality_a)
    first, second = Alert.objects.order_by("pk")
    assert services.mark_alert(t, analyst, first, relevant=False) is not None  # 1 of 1 not relevant
    monitor.refresh_from_db()
    assert (monitor.min_count, monitor.p_threshold) == (6, 5e-4)
    services.mark_alert(t, analyst, second, relevant=True)  # 1 of 2: no change
    monitor.refresh_from_db()
    assert monitor.min_count == 6
    first.refresh_from_db()
    assert first.status == AlertStatus.NOT_RELEVANT and first.marked_by == analyst
    assert ThresholdChange.objects.filter(monitor=monitor).count() == 1


def test_viewing_evidence_is_logged_per_post(monitor, analyst, municipality_a):
    services.ingest(monitor, "upload", "bestand", burst(5, _hour_ago()))
    alert = Alert.objects.first()
    before = ProcessingLogEntry.objects.filter(activity_key="monitoring.inzien").count()
    posts = services.view_evidence(tenant(analyst, municipality_a), analyst, alert)
    entries = ProcessingLogEntry.objects.filter(activity_key="monitoring.inzien")
    assert entries.count() - before == len(posts) == 5
    assert set(entries.values_list("data_subject_id", flat=True)) == {
        pseudonymise("auteur (pseudoniem)", p.author_pseudonym) for p in posts}
    assert set(entries.values_list("actor_id", flat=True)) == {analyst.pk}


def test_gazetteer_seeding_from_buurten_bag_and_lexicon(municipality_a):
    source = SourceImport.objects.create(municipality=municipality_a, source_type="bag", file_name="t.gpkg",
                                         checksum="0" * 64, is_synthetic=True)
    for number, (street, lat) in enumerate([("Stationsstraat", 52.30), ("Stationsstraat", 52.32), ("Telgterweg", 52.31)]):
        Address.objects.create(municipality=municipality_a, bag_id=f"0233010000{number:06d}", street=street,
                               house_number=number + 1, city="Ermelo", purposes="woonfunctie", rd_x=0, rd_y=0,
                               latitude=lat, longitude=5.6, source_import=source)
    places, terms = gazetteer.seed_defaults(municipality_a)
    names = dict(GazetteerEntry.objects.filter(municipality=municipality_a).values_list("name", "kind"))
    assert names["Ermelo"] == PlaceKind.MUNICIPALITY
    assert names["Telgt"] == PlaceKind.NEIGHBOURHOOD  # from "Verspreide huizen Telgt"
    assert names["Ermelo-Oost"] == PlaceKind.NEIGHBOURHOOD
    assert "Buurt Ermelo ten dele bij de kern" not in names
    station = GazetteerEntry.objects.get(municipality=municipality_a, name="Stationsstraat")
    assert station.kind == PlaceKind.STREET and station.latitude == pytest.approx(52.31)
    assert terms == TopicTerm.objects.filter(municipality=municipality_a).count() > 50
    assert gazetteer.seed_defaults(municipality_a) == (0, 0)  # idempotent


def test_switched_off_terms_do_not_match(monitor, municipality_a):
    TopicTerm.objects.filter(municipality=municipality_a, term="vuurwerk").update(is_active=False)
    services.ingest(monitor, "upload", "bestand", burst(7, _hour_ago()))
    assert [a.topics for a in Alert.objects.all()] == [["oproep tot verzamelen"]]


def test_only_http_links_and_valid_language_codes_are_stored(monitor):
    from veiliglokaal.monitoring.connectors import RawPost

    at = _hour_ago()
    services.ingest(monitor, "rss", "feed", [
        RawPost(external_id="js", published_at=at, text="x", url="javascript:alert(1)", language="nl_NL<script>"),
        RawPost(external_id="ok", published_at=at, text="y", url="https://nieuws.example/a", language="nl-NL"),
    ])
    assert dict(Post.objects.values_list("external_id", "url")) == {"js": "", "ok": "https://nieuws.example/a"}
    assert dict(Post.objects.values_list("external_id", "language")) == {"js": "", "ok": "nl-NL"}
