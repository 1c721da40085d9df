"""The uniform contract of every connector (one folder per source type, ADR 12).

`parse(data: bytes) -> ParseResult`: normalised posts plus a Dutch error per malformed item. A file that cannot be
read at all raises `ConnectorError` (Dutch message). Live connectors also have `fetch(config) -> bytes`, which only
the scheduled command `run_monitors` calls: plain urllib with a timeout and a size limit, http(s) only.

The author handle travels in `RawPost.author` only until ingest, where it is replaced by a keyed hash; it is never
stored, shown or searchable.
"""

from __future__ import annotations

import datetime
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

MAX_TEXT_LENGTH = 5000


class ConnectorError(Exception):
    """The whole input is unusable (not JSON, not a feed, too large, unreachable)."""


@dataclass(frozen=True)
class RawPost:
    external_id: str
    published_at: datetime.datetime  # timezone-aware
    text: str
    url: str = ""
    language: str = ""
    author: str = ""  # transient: pseudonymised at ingest, never stored


@dataclass
class ParseResult:
    posts: list[RawPost] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Connector:
    key: str = ""
    label: str = ""
    live: bool = False

    def parse(self, data: bytes) -> ParseResult:  # pragma: no cover - abstract
        raise NotImplementedError

    def fetch(self, config: dict) -> bytes:
        if not self.live:
            raise ConnectorError(_("Deze bron kan alleen worden geüpload, niet opgehaald."))
        return fetch_url(self.url_for(config))

    def url_for(self, config: dict) -> str:
        return str(config.get("url", ""))


def fetch_url(url: str) -> bytes:
    """GET with a timeout and a size limit; no redirects to other schemes. Never called by tests."""
    if not url.startswith(("https://", "http://")):
        raise ConnectorError(_("Alleen http- en https-adressen kunnen worden opgehaald."))
    limit = settings.MONITORING_FETCH_MAX_BYTES
    request = urllib.request.Request(url, headers={"User-Agent": "VeiligLokaal-monitoring/1.0",
                                                   "Accept": "application/json, application/rss+xml, */*"})
    try:
        with urllib.request.urlopen(request, timeout=settings.MONITORING_FETCH_TIMEOUT) as response:  # noqa: S310
            data = response.read(limit + 1)
    except OSError as error:
        raise ConnectorError(_("De bron kon niet worden opgehaald: %(error)s") % {"error": error}) from error
    if len(data) > limit:
        raise ConnectorError(_("De bron is groter dan %(limit)d bytes en is niet verwerkt.") % {"limit": limit})
    return data


def clip(text: str) -> str:
    return text.strip()[:MAX_TEXT_LENGTH]


def aware(moment: datetime.datetime) -> datetime.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)


def parse_iso(value) -> datetime.datetime | None:
    """ISO 8601 with 'Z' or an offset (Mastodon, JSONL); naive times are read as UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return aware(datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00")))
    except ValueError:
        return None
