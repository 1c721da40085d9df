"""No handle, display name or user id of an author reaches the database, a page, an error report (CSV) or the API —
for every connector in the registry (issue 12, ADR 17).

Each connector ingests real-layout fixtures (synthetic accounts) whose texts, links and account fields name their
authors. Afterwards: every table of the database (posts, matches, alerts, uploads, the processing log, …) is read
whole; the alert page showing all these posts with their source links, the monitor and upload pages, the error
report of a failed upload of the same data and the API are fetched; none may contain any of the names."""

import datetime
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from tests.conftest import logged_in_client
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import ProcessingLogEntry
from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.monitoring import connectors, services, uploads
from veiliglokaal.monitoring.models import Alert, Post

from .monitoring_helpers import make_monitor, tenant

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"

# connector → (fixtures, names of authors that appear in them: handles, usernames, display names, user ids)
CASES = {
    "mastodon": (["mastodon_tag_timeline.json", "mastodon_public_timeline.json"], [
        "burger_synthetisch", "Synthetische Burger", "109000000000000001", "109876500000000777", "bron_synthetisch",
        "boost_synthetisch", "tourist_synthetisch", "doorgever_synthetisch", "Doorgever Synthetisch",
        "109876500000000888", "buur_synthetisch", "Buur Synthetisch", "109876500000000999", "volger_synthetisch",
        "Volger Synthetisch"]),
    "rss": (["rss_feed.xml", "atom_feed.xml", "rss_cest.xml"], [
        "redactie-synthetisch", "forumlid-synthetisch", "Redacteur Synthetisch", "tipgever_synthetisch"]),
    "telegram": (["telegram_old_export.json", "telegram_new_export.json"], [
        "Jan Synthetisch", "Piet Voorbeeld", "Marie Fictief", "kees_synthetisch", "5550001", "5550002"]),
    "upload": (["upload.csv", "upload.jsonl", "upload_with_handles.csv"], [
        "gebruiker_synthetisch_1", "gebruiker_synthetisch_2", "synthetisch_a", "wijkbewoner_synthetisch"]),
}


def test_every_connector_is_covered():
    assert set(CASES) == set(connectors.REGISTRY)


def _broken_copy(connector: str, name: str) -> bytes:
    """The fixture plus one malformed item (by an author named in it): its upload fails with an error report."""
    data = (FIXTURES / name).read_bytes()
    if connector == "mastodon":
        statuses = json.loads(data)
        statuses.append({"id": "999", "created_at": "gisteren", "visibility": "public", "content": "<p>x</p>",
                         "account": statuses[0]["account"]})
        return json.dumps(statuses).encode()
    if connector == "telegram":
        export = json.loads(data)
        export["messages"].append({**export["messages"][-1], "id": 999, "date": "gisteren", "date_unixtime": "x"})
        return json.dumps(export).encode()
    if connector == "rss":
        bad = b"<item><title>zonder datum</title><guid>kapot-1</guid><dc:creator>x</dc:creator></item>"
        if b"<feed" in data:
            return data.replace(b"</feed>", b"<entry><title>zonder datum</title><id>kapot-1</id></entry></feed>")
        return data.replace(b"</channel>", bad + b"</channel>")
    return data.rstrip(b"\n") + b"\n" + (
        b"kapot-1,gisteren,@wijkbewoner_synthetisch tekst,,nl,wijkbewoner_synthetisch\n" if name.endswith(".csv")
        else b'{"id": "kapot-1", "time": "gisteren", "text": "x", "author": "synthetisch_a"}\n')


@pytest.fixture
def analyst(users_a):
    return users_a[Role.ANALYST]


@pytest.fixture
def world(analyst, municipality_a, monkeypatch):
    parsed = {(key, name): connectors.get(key).parse((FIXTURES / name).read_bytes())
              for key, (names, _authors) in CASES.items() for name in names}
    assert all(not result.errors for result in parsed.values())
    earliest = min(post.published_at for result in parsed.values() for post in result.posts)
    days = (timezone.localdate() - earliest.date()).days + 2
    monitor = make_monitor(analyst, municipality_a, days_before=days, retention_days=90)
    for (key, name), result in parsed.items():
        now = max(post.published_at for post in result.posts) + datetime.timedelta(hours=1)
        services.ingest(monitor, key, name, result.posts, actor_id=analyst.pk, now=now)
    posts = list(Post.objects.filter(monitor=monitor))
    assert {post.connector for post in posts} == set(CASES)
    alert = Alert.objects.create(municipality=municipality_a, monitor=monitor, place="gemeentehuis",
                                 topic="verzamelen", window_start=earliest, observed=len(posts), expected=1.0,
                                 p_value=1e-6)
    alert.evidence.set(posts)
    failed = []
    for key, (names, _authors) in CASES.items():
        for name in names:
            upload = uploads.offer(tenant(analyst, municipality_a), analyst, monitor, key, f"kapot {name}",
                                   SimpleUploadedFile(name, _broken_copy(key, name)))
            uploads.run(upload)
            upload.refresh_from_db()
            assert upload.status == JobStatus.FAILED and upload.error_report, name
            failed.append(upload)
    return {"monitor": monitor, "alert": alert, "posts": posts, "uploads": failed,
            "client": logged_in_client(analyst, municipality_a)}


def _forbidden(connector=None) -> list[str]:
    return [author.lower() for key, (_names, authors) in CASES.items() if connector in (None, key) for author in authors]


def _leaks(text: str, connector=None) -> list[str]:
    text = text.lower()
    return [name for name in _forbidden(connector) if name in text]


def test_no_author_name_is_stored_in_any_table(world):
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - introspected names
            assert not _leaks(str(cursor.fetchall())), table


def test_texts_say_account_and_links_keep_only_instance_and_status(world):
    posts = {post.external_id: post for post in world["posts"]}
    assert ProcessingLogEntry.objects.filter(activity_key="monitoring.verzamelen").count() >= 10
    tag_status = posts["113400000000000001"]
    assert tag_status.url == "https://social.example/statuses/113400000000000001"
    reply = posts["109876500000000003"]
    assert reply.text == "[account] ik kom ook naar Ermelo, groet van [account]"
    assert reply.url == "https://mastodon.example/statuses/109876500000000003"
    assert posts["hw-1"].text == "Oproep van [account]: iedereen naar het gemeentehuis"
    assert posts["hw-1"].url == "https://social.example/statuses/113600000000000001"
    assert posts["hw-2"].url == ""  # a forum profile path with the name: dropped, not guessed
    assert posts["1409876543:12"].text.startswith("[account], ik neem vuurwerk")
    assert "info@gemeente.example" in posts["1409876543:12"].text  # an e-mail address is not a mention
    relayed = [post for post in world["posts"] if post.external_id.startswith("ref:")]  # a guid with a handle
    assert len(relayed) == 1 and relayed[0].url == "https://social.example/statuses/113500000000000009"


def test_pages_errors_and_api_name_no_author(world):
    client, alert = world["client"], world["alert"]
    paths = [f"/monitoring/alerts/{alert.pk}", "/monitoring/alerts", f"/monitoring/monitors/{world['monitor'].pk}",
             "/api/v1/monitoring-alerts", f"/api/v1/monitoring-alerts/{alert.pk}"]
    for upload in world["uploads"]:
        paths += [f"/monitoring/uploads/{upload.pk}", f"/monitoring/uploads/{upload.pk}/fouten.csv"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert not _leaks(body.decode("utf-8-sig")), path
    page = client.get(f"/monitoring/alerts/{alert.pk}").content.decode()
    assert "[account]" in page
    assert 'href="https://social.example/statuses/113400000000000001"' in page


def test_source_links_only_for_the_protocol_roles_and_each_shown_link_is_logged(world):
    client, alert = world["client"], world["alert"]
    with_links = sum(1 for post in world["posts"] if post.url)
    before = ProcessingLogEntry.objects.filter(name="bronlink van een openbaar bericht getoond").count()
    page = client.get(f"/monitoring/alerts/{alert.pk}").content.decode()
    assert page.count("Bericht bij de bron") == with_links > 0
    logged = ProcessingLogEntry.objects.filter(name="bronlink van een openbaar bericht getoond").count() - before
    assert logged == with_links
    protocol = world["monitor"].protocol
    protocol.source_link_roles = f",{Role.OFFICIAL},"
    protocol.save(update_fields=["source_link_roles"])
    page = client.get(f"/monitoring/alerts/{alert.pk}").content.decode()
    assert "Bericht bij de bron" not in page and "/statuses/" not in page
    assert ProcessingLogEntry.objects.filter(name="bronlink van een openbaar bericht getoond").count() - before == logged
