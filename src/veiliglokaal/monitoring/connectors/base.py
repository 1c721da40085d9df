"""The uniform contract of every connector (one folder per source type, ADR 12).

`parse(data: bytes) -> ParseResult`: normalised posts plus a Dutch error per malformed item. A file that cannot be
read at all raises `ConnectorError` (Dutch message). Live connectors also have `fetch(config) -> bytes`, which only
the scheduled command `run_monitors` calls, through `core.outbound` (public hosts only, size and time capped).

The author handle travels in `RawPost.author` (and display names in `RawPost.author_names`) only until ingest, where
it is replaced by a keyed hash and scrubbed from text and link (`monitoring.privacy`); it is never stored, shown or
searchable. `RawPost.uri` is the source's global identity of the post (Mastodon status URI, feed guid): ingest keeps
only a keyed hash of it to store a post seen through two timelines once.

Times without an offset (Telegram Desktop's `date`, feeds without a zone, uploads) are Dutch local time: they are
read as Europe/Amsterdam (`local_time`), never as UTC.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from veiliglokaal.core import outbound

MAX_TEXT_LENGTH = 5000
LOCAL_ZONE = ZoneInfo("Europe/Amsterdam")


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
    author_names: tuple[str, ...] = ()  # transient: handle, username, display name, user id — scrubbed from text
    uri: str = ""  # global identity at the source (status URI, guid); stored only as a keyed hash


@dataclass
class ParseResult:
    posts: list[RawPost] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: int = 0  # items that may never be stored (e.g. a Mastodon status that is not public): not errors


class Connector:
    key: str = ""
    label: str = ""
    live: bool = False
    content_types: tuple[str, ...] | None = None  # accepted Content-Types of a live fetch (None: any)

    def parse(self, data: bytes) -> ParseResult:  # pragma: no cover - abstract
        raise NotImplementedError

    def fetch(self, config: dict) -> bytes:
        if not self.live:
            raise ConnectorError(_("Deze bron kan alleen worden geüpload, niet opgehaald."))
        return fetch_url(self.url_for(config), self.content_types)

    def url_for(self, config: dict) -> str:
        return str(config.get("url", ""))


def fetch_url(url: str, content_types=None) -> bytes:
    """GET through `core.outbound`: public hosts only (checked again on each redirect, connection pinned to the
    checked address), no https→http redirect, size and time capped, optionally only the given content types.
    Every failure shows users one generic Dutch sentence; the reason is in the technical log."""
    try:
        return outbound.fetch(url, max_bytes=settings.MONITORING_FETCH_MAX_BYTES,
                              timeout=settings.MONITORING_FETCH_TIMEOUT, content_types=content_types,
                              accept=", ".join(content_types) if content_types else "*/*",
                              user_agent="VeiligLokaal-monitoring/1.0").body
    except outbound.OutboundError as error:
        raise ConnectorError(str(error)) from error


def clip(text: str) -> str:
    return text.strip()[:MAX_TEXT_LENGTH]


def local_time(moment: datetime.datetime, *, fold: int = 0) -> datetime.datetime:
    """A wall-clock time without offset, read as Europe/Amsterdam. In the autumn hour that occurs twice the first
    (summer time, fold=0) is taken unless `fold=1`; a time in the spring hour that does not exist is shifted forward
    by that hour (zoneinfo applies the offset from before the change: 02:30 → 03:30 CEST). Returned in UTC: an
    aware datetime inside the repeated hour never compares equal to one in another zone (PEP 495)."""
    return moment.replace(tzinfo=LOCAL_ZONE, fold=fold).astimezone(datetime.timezone.utc)


def aware(moment: datetime.datetime) -> datetime.datetime:
    return moment if moment.tzinfo else local_time(moment)


def parse_iso(value) -> datetime.datetime | None:
    """ISO 8601 with 'Z' or an offset (Mastodon, JSONL); times without an offset are Europe/Amsterdam local time."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return aware(datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00")))
    except ValueError:
        return None
