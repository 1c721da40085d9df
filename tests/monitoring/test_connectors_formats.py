"""Connectors on recorded real-format fixtures (synthetic content), including malformed ones. No network."""

import datetime
from pathlib import Path

import pytest

from veiliglokaal.monitoring import connectors
from veiliglokaal.monitoring.connectors import ConnectorError
from veiliglokaal.monitoring.connectors.base import fetch_url
from veiliglokaal.monitoring.connectors.html_text import html_to_text
from veiliglokaal.monitoring.connectors.telegram import flatten_text

FIXTURES = Path(__file__).parent / "fixtures"
UTC = datetime.timezone.utc


def parse(key: str, name: str):
    return connectors.get(key).parse((FIXTURES / name).read_bytes())


def test_registry_has_one_connector_per_type_with_the_same_contract():
    assert set(connectors.REGISTRY) == {"rss", "mastodon", "telegram", "upload"}
    assert sorted(connectors.live_keys()) == ["mastodon", "rss"]
    for connector in connectors.REGISTRY.values():
        assert callable(connector.parse) and callable(connector.fetch)


def test_rss_feed():
    result = parse("rss", "rss_feed.xml")
    assert result.errors == []
    first, second = result.posts
    assert first.external_id == "nieuws-example-1001"
    assert first.published_at == datetime.datetime(2026, 11, 29, 18, 45, tzinfo=UTC)
    assert first.text.startswith("Oproep: iedereen naar het Stationsplein vanavond\nOp sociale media")
    assert "<p>" not in first.text and "vanavond te verzamelen in Ermelo." in first.text
    assert first.url == "https://nieuws.example/2026/11/oproep-stationsplein"
    assert first.language == "nl-NL"
    assert first.author == "redactie-synthetisch"
    assert "zwaar vuurwerk & nitraat" in second.text


def test_atom_feed():
    (post,) = parse("rss", "atom_feed.xml").posts
    assert post.external_id == "urn:uuid:3d4e6a5c-0000-4000-8000-000000000002"
    assert post.published_at == datetime.datetime(2026, 11, 29, 21, 30, tzinfo=UTC)
    assert "opgeroepen tot rellen bij het gemeentehuis" in post.text
    assert post.author == "forumlid-synthetisch"


def test_rss_malformed_is_refused_in_dutch():
    with pytest.raises(ConnectorError, match="geen leesbare RSS- of Atom-feed"):
        parse("rss", "rss_malformed.xml")


def test_rss_item_without_date_is_reported_and_the_rest_parsed():
    result = parse("rss", "rss_item_without_date.xml")
    assert result.errors == ["Item 1: geen (geldige) publicatiedatum."]
    assert [p.external_id for p in result.posts] == ["b"]


def test_rss_bytes_that_look_like_a_url_are_not_fetched(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("feedparser tried to fetch")

    monkeypatch.setattr("urllib.request.urlopen", no_network)
    monkeypatch.setattr("urllib.request.OpenerDirector.open", no_network)
    with pytest.raises(ConnectorError):
        connectors.get("rss").parse(b"https://evil.example/feed.xml")


def test_mastodon_statuses_html_and_boosts():
    result = parse("mastodon", "mastodon_tag_timeline.json")
    assert result.errors == []
    first, boosted, english = result.posts
    assert first.external_id == "113400000000000001"
    assert first.published_at == datetime.datetime(2026, 11, 29, 20, 1, 12, tzinfo=UTC)
    assert first.text == "Allemaal naar het #Stationsplein in Ermelo, 21:00! Zeg het voort\n& neem vrienden mee"
    assert first.url.endswith("/113400000000000001")
    assert first.author == "burger_synthetisch"
    # A boost is the boosted status: its own id, time, text and author.
    assert boosted.external_id == "113399999999999999"
    assert boosted.text == "CW: vuurwerk\nCobra's en @x vuurwerkbommen in Tonsel"
    assert boosted.author == "bron_synthetisch@other.example"
    assert english.language == "en"


def test_mastodon_malformed_json_and_error_object():
    with pytest.raises(ConnectorError, match="geen geldige JSON"):
        parse("mastodon", "mastodon_malformed.json")
    with pytest.raises(ConnectorError, match="JSON-array"):
        parse("mastodon", "mastodon_error_object.json")


def test_mastodon_bad_items_are_reported_per_status():
    result = parse("mastodon", "mastodon_bad_items.json")
    assert result.errors == ["Status 1: geen geldige created_at.", "Status 2: geen id.", "Status 3: geen object."]
    assert [p.external_id for p in result.posts] == ["11"]


def test_telegram_export_text_as_string_and_as_entity_list():
    result = parse("telegram", "telegram_result.json")
    assert result.errors == []
    first, second = result.posts  # the service message and the photo without caption are no posts
    assert first.external_id == "1001234567:2"
    assert first.published_at == datetime.datetime(2026, 11, 29, 20, 15, tzinfo=UTC)
    assert first.text == "Vanavond verzamelen bij het gemeentehuis in Ermelo!"
    assert second.text == "Iedereen naar #ErmeloOost — rellen om https://t.example/x"
    assert second.author == "channel1001234567"


def test_telegram_malformed():
    result = parse("telegram", "telegram_malformed.json")
    assert result.errors == ["Bericht 1: tekst is geen tekenreeks of lijst van tekstdelen.", "Bericht 2: geen id.",
                             "Bericht 3: geen geldige datum."]
    with pytest.raises(ConnectorError, match="'messages'"):
        parse("telegram", "telegram_no_messages.json")
    with pytest.raises(ConnectorError, match="geen geldige JSON"):
        connectors.get("telegram").parse(b"{nope")


def test_flatten_text_refuses_unknown_parts():
    assert flatten_text(["a", {"type": "bold", "text": "b"}]) == "ab"
    assert flatten_text(["a", 3]) is None
    assert flatten_text(None) is None


def test_upload_csv_comma_and_semicolon_and_jsonl():
    csv_result = parse("upload", "upload.csv")
    assert csv_result.errors == []
    assert [p.external_id for p in csv_result.posts] == ["csv-1", "csv-2"]
    assert csv_result.posts[0].published_at == datetime.datetime(2026, 11, 29, 19, 0, tzinfo=UTC)
    assert csv_result.posts[0].author == "gebruiker_synthetisch_1"
    semicolon = parse("upload", "upload_semicolon.csv")  # an unquoted separator in the text is reported, not cut off
    assert semicolon.errors == ["Regel 2: deze regel heeft 4 waarden; de kopregel heeft 3 kolommen."]
    assert [p.text for p in semicolon.posts] == ["Verzamelen in Telgt; vanavond"]
    jsonl = parse("upload", "upload.jsonl")
    assert jsonl.errors == [] and [p.external_id for p in jsonl.posts] == ["jl-1", "jl-2"]
    assert jsonl.posts[1].url == "https://forum.example/jl-2"


def test_upload_malformed_rows_are_reported_per_line():
    result = parse("upload", "upload_malformed.csv")
    assert result.errors == [
        "Regel 3: verplicht veld ontbreekt: id.",
        "Regel 4: '29-11-2026 20:00' is geen geldig tijdstip (ISO 8601 verwacht).",
        "Regel 5: verplicht veld ontbreekt: text.",
    ]
    jsonl = parse("upload", "upload_malformed.jsonl")
    assert jsonl.errors == ["Regel 2: geen geldige JSON.", "Regel 3: een JSON-object verwacht.",
                            "Regel 4: verplicht veld ontbreekt: time."]


def test_upload_missing_columns_and_encoding():
    with pytest.raises(ConnectorError, match="Kolom\\(men\\) ontbreken in de kopregel: time, text"):
        parse("upload", "upload_missing_column.csv")
    with pytest.raises(ConnectorError, match="geen tekstbestand"):
        connectors.get("upload").parse(b"id,time,text\n1,\x00\x00\x00,x\n")


def test_upload_with_dutch_column_names_in_windows_1252_ignores_other_columns():
    result = parse("upload", "upload_other_names.csv")
    assert result.errors == [] and len(result.posts) == 1
    post = result.posts[0]
    assert post.external_id == "nl-1" and post.author == "iemand_1"
    assert post.text == "Samenkomst bij de Café in Ermelo, ëcht"


def test_html_to_text_drops_scripts_and_keeps_breaks():
    assert html_to_text("<p>a<br>b</p><script>alert(1)</script><p>c &amp; d</p>") == "a\nb\nc & d"


def test_fetch_refuses_other_schemes_without_network():
    with pytest.raises(ConnectorError, match="^De bron kon niet worden opgehaald.$"):
        fetch_url("file:///etc/passwd")
    with pytest.raises(ConnectorError, match="alleen worden geüpload"):
        connectors.get("telegram").fetch({"url": "https://t.example"})


# The size limit, time limit, redirects and address checks of live fetches are tested over real HTTP against a
# local server: tests/monitoring/test_run_monitors_http.py and tests/core/test_outbound.py.
