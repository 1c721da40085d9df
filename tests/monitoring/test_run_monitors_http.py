"""The scheduled run (`run_monitors`) over real HTTP: a local server (127.0.0.1, ephemeral port) serves the recorded
fixture feeds, redirects, oversized, slow and mistyped answers. Fetches go through `core.outbound`, which refuses
loopback unless `OUTBOUND_ALLOW_LOOPBACK_FOR_TESTS` is on (these tests switch it on; one proves the refusal)."""

import datetime
from email.utils import format_datetime
from pathlib import Path

import pytest
from django.utils import timezone

from tests.local_http import LocalServer, Slow, self_signed_certificate
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.monitoring import services
from veiliglokaal.monitoring.forms import SourceForm
from veiliglokaal.monitoring.management.commands.run_monitors import run
from veiliglokaal.monitoring.models import MonitorSource, Post

from .monitoring_helpers import make_monitor, tenant

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
GENERIC = "De bron kon niet worden opgehaald."
MASTODON_PATH = "/api/v1/timelines/tag/ermelo"


def _mastodon_now() -> bytes:
    """The recorded fixture, with its times moved to five minutes ago (format untouched)."""
    text = (FIXTURES / "mastodon_tag_timeline.json").read_text()
    stamp = (timezone.now() - datetime.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    for old in ("2026-11-29T20:01:12.000Z", "2026-11-29T19:58:00.000Z", "2026-11-29T20:05:00.000Z",
                "2026-11-29T20:06:00.000Z"):
        text = text.replace(old, stamp)
    return text.encode()


def _rss_now() -> bytes:
    text = (FIXTURES / "rss_feed.xml").read_text()
    stamp = format_datetime(timezone.now() - datetime.timedelta(minutes=5))
    for old in ("Sun, 29 Nov 2026 19:45:00 +0100", "Sun, 29 Nov 2026 21:10:00 +0100"):
        text = text.replace(old, stamp)
    return text.encode()


def _routes():
    mastodon = (200, {"Content-Type": "application/json; charset=utf-8"}, _mastodon_now())
    return {
        MASTODON_PATH: mastodon,
        "/feed.xml": (200, {"Content-Type": "application/rss+xml; charset=utf-8"}, _rss_now()),
        "/moved.xml": (301, {"Location": "/feed.xml"}, b""),
        "/to-metadata": (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b""),
        "/to-private": (302, {"Location": "http://10.20.30.40/feed.xml"}, b""),
        "/slow.json": Slow(3, mastodon),
        "/html.json": (200, {"Content-Type": "text/html; charset=utf-8"}, _mastodon_now()),
    }


@pytest.fixture
def feeds(settings):
    settings.OUTBOUND_ALLOW_LOOPBACK_FOR_TESTS = True
    settings.MONITORING_FETCH_TIMEOUT = 5
    with LocalServer(_routes()) as server:
        yield server


@pytest.fixture
def monitor(users_a, municipality_a):
    return make_monitor(users_a[Role.ANALYST], municipality_a)


@pytest.fixture
def analyst_tenant(users_a, municipality_a):
    return tenant(users_a[Role.ANALYST], municipality_a)


@pytest.fixture
def _add(analyst_tenant):
    return lambda monitor, connector, url: services.add_source(analyst_tenant, monitor, connector, "Bron", url)


def _assert_refused(monitor):
    totals = run()
    assert totals["failed"] == 1 and totals["stored"] == 0
    assert not Post.objects.filter(monitor=monitor).exists()
    assert MonitorSource.objects.get(monitor=monitor).last_error == GENERIC


def test_live_sources_of_running_protocols_are_fetched_and_stored(feeds, users_a, municipality_a, monitor, _add):
    analyst = users_a[Role.ANALYST]
    _add(monitor, "mastodon", feeds.url(MASTODON_PATH))
    _add(monitor, "rss", feeds.url("/feed.xml"))
    draft = make_monitor(analyst, municipality_a, active=False)
    _add(draft, "rss", feeds.url("/draft.xml"))

    totals = run()
    assert [r["path"] for r in feeds.requests] == [MASTODON_PATH, "/feed.xml"]  # the draft's source is not asked
    assert totals == {**totals, "sources": 2, "stored": 5, "failed": 0}  # 3 statuses (one boost) + 2 RSS items
    assert Post.objects.filter(monitor=monitor, connector="mastodon").count() == 3
    assert Post.objects.filter(monitor=monitor, connector="rss").count() == 2
    assert set(MonitorSource.objects.filter(monitor=monitor).values_list("last_error", flat=True)) == {""}
    assert feeds.requests[0]["headers"]["Accept"] == "application/json"
    assert run()["stored"] == 0  # idempotent on post ids


def test_a_same_scheme_redirect_is_followed(feeds, monitor, _add):
    _add(monitor, "rss", feeds.url("/moved.xml"))
    assert run()["stored"] == 2
    assert [r["path"] for r in feeds.requests] == ["/moved.xml", "/feed.xml"]


@pytest.mark.parametrize("path", ["/to-metadata", "/to-private"])
def test_a_redirect_to_a_private_address_is_refused(feeds, monitor, path, _add):
    _add(monitor, "rss", feeds.url(path))
    _assert_refused(monitor)


def test_a_redirect_from_https_to_http_is_refused(feeds, monitor, settings, tmp_path, _add):
    cert, key = self_signed_certificate(tmp_path)
    settings.OUTBOUND_CA_FILE = str(cert)
    with LocalServer({"/feed.xml": (302, {"Location": feeds.url("/feed.xml")}, b"")}, tls_cert=(cert, key)) as tls:
        _add(monitor, "rss", tls.url("/feed.xml", host="localhost"))
        _assert_refused(monitor)
    assert len(tls.requests) == 1 and feeds.requests == []


def test_a_body_above_the_cap_is_refused_and_nothing_stored(feeds, monitor, settings, _add):
    settings.MONITORING_FETCH_MAX_BYTES = len(_rss_now()) - 1
    _add(monitor, "rss", feeds.url("/feed.xml"))
    _assert_refused(monitor)
    settings.MONITORING_FETCH_MAX_BYTES = len(_rss_now())  # exactly at the cap is fine
    assert run()["stored"] == 2


def test_a_response_slower_than_the_timeout_is_refused(feeds, monitor, settings, _add):
    settings.MONITORING_FETCH_TIMEOUT = 0.5
    _add(monitor, "mastodon", feeds.url("/slow.json"))
    _assert_refused(monitor)


def test_a_wrong_content_type_is_refused(feeds, monitor, _add):
    _add(monitor, "mastodon", feeds.url("/html.json"))
    _assert_refused(monitor)


def test_an_unreachable_source_shows_only_the_generic_error(feeds, monitor, _add):
    _add(monitor, "rss", feeds.url("/missing.xml"))  # 404
    _assert_refused(monitor)


def test_loopback_sources_are_refused_in_a_normal_configuration(feeds, monitor, settings, _add):
    """The SSRF fix: the scheduled run would have fetched an internal address and shown the connection error."""
    _add(monitor, "mastodon", feeds.url(MASTODON_PATH))
    settings.OUTBOUND_ALLOW_LOOPBACK_FOR_TESTS = False
    _assert_refused(monitor)
    assert feeds.requests == []


@pytest.mark.parametrize("url", ["https://127.0.0.1/feed", "https://[::1]/feed", "https://169.254.169.254/x",
                                 "https://2130706433/feed", "https://[::ffff:10.0.0.1]/feed", "https://10.0.0.1/"])
def test_source_form_and_service_refuse_internal_addresses(url, monitor, analyst_tenant):
    form = SourceForm(data={"connector": "rss", "name": "Intern", "url": url})
    assert not form.is_valid()
    expected = ("Voer een geldige URL in." if url == "https://2130706433/feed"  # Django's URLValidator is first
                else "Gebruik het adres van een openbare bron, geen intern of lokaal adres.")
    assert form.errors["url"] == [expected]
    with pytest.raises(services.MonitoringError):
        services.add_source(analyst_tenant, monitor, "rss", "Intern", url.replace("https:", "http:"))
    assert SourceForm(data={"connector": "rss", "name": "Nieuws", "url": "https://nieuws.example/feed.xml"}).is_valid()
