"""RSS 2.0 and Atom feeds, parsed by feedparser from bytes (never from a URL: feedparser must not fetch)."""

import calendar
import datetime
import io

import feedparser
from django.utils.translation import gettext as _

from ..base import Connector, ConnectorError, ParseResult, RawPost, clip
from ..html_text import html_to_text


def _published(entry) -> datetime.datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.datetime.fromtimestamp(calendar.timegm(parsed), tz=datetime.timezone.utc)


def _text(entry) -> str:
    title = html_to_text(entry.get("title", ""))
    summary = html_to_text(entry.get("summary", ""))
    return clip(title if not summary or summary == title else f"{title}\n{summary}")


class RssConnector(Connector):
    key = "rss"
    label = _("RSS/Atom-feed")
    live = True
    content_types = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
                     "application/rdf+xml")

    def parse(self, data: bytes) -> ParseResult:
        feed = feedparser.parse(io.BytesIO(data))  # a stream: feedparser treats a str/bytes that looks like a URL as one
        if feed.bozo and not feed.entries:
            raise ConnectorError(_("Dit is geen leesbare RSS- of Atom-feed."))
        language = (feed.feed.get("language") or "")[:10]
        result = ParseResult()
        for number, entry in enumerate(feed.entries, start=1):
            identifier = entry.get("id") or entry.get("link")
            published = _published(entry)
            text = _text(entry)
            if not identifier:
                result.errors.append(_("Item %(n)d: geen id of link.") % {"n": number})
            elif published is None:
                result.errors.append(_("Item %(n)d: geen (geldige) publicatiedatum.") % {"n": number})
            elif not text:
                result.errors.append(_("Item %(n)d: geen tekst.") % {"n": number})
            else:
                result.posts.append(RawPost(external_id=str(identifier)[:200], published_at=published, text=text,
                                            url=str(entry.get("link", ""))[:500], language=language,
                                            author=str(entry.get("author", ""))))
        return result
