"""The author pseudonym reuses one keyed HMAC state per key (a speed-up of the ingest path): its output must stay
exactly the plain `hmac.new(key, "connector:handle")` digest, also when the key setting changes."""

import hashlib
import hmac

from django.test import override_settings

from veiliglokaal.monitoring.services import pseudonymise_author


def plain(key: str, connector: str, handle: str) -> str:
    return hmac.new(key.encode(), f"{connector}:{handle}".encode(), hashlib.sha256).hexdigest()[:32]


def test_pseudonym_equals_plain_hmac_for_each_key():
    handles = ["alice", "Bob.Example", "  Spaties  ", "ümlaut@voorbeeld.nl", "x" * 300]
    for key in ["eerste-sleutel", "tweede-sleutel", "eerste-sleutel", "k" * 200]:  # > block size: hashed first
        with override_settings(MONITORING_AUTHOR_KEY=key):
            for connector in ("mastodon", "rss", "upload"):
                for handle in handles:
                    assert pseudonymise_author(connector, handle) == plain(key, connector, handle.strip().casefold())


def test_same_handle_same_pseudonym_and_empty_stays_empty():
    with override_settings(MONITORING_AUTHOR_KEY="sleutel"):
        assert pseudonymise_author("mastodon", "Alice") == pseudonymise_author("mastodon", " alice ")
        assert pseudonymise_author("mastodon", "alice") != pseudonymise_author("rss", "alice")
        assert pseudonymise_author("mastodon", "   ") == ""
        assert pseudonymise_author("mastodon", None) == ""
