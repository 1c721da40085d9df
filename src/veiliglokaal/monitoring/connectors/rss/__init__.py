"""RSS 2.0 and Atom feeds, parsed by feedparser from bytes (never from a URL: feedparser must not fetch).

A feed that is not well-formed XML is refused whole, like every other malformed source: feedparser's `bozo` flag
(an unclosed item, an undefined entity that glues titles together, a file cut off half-way) means its loose
fallback parser guessed, and a guessed feed would store broken or missing posts. The one bozo case accepted is
`CharacterEncodingOverride`: the declared encoding was wrong but the document parsed completely in the actual one.

Dates: RFC 822 (`pubDate`) or ISO 8601 (Atom, `dc:date`). A time without a zone, or in a Central European zone
name (CET/CEST, MEZ/MESZ), is Europe/Amsterdam local time; feedparser would read the first as missing and the
second as UTC (two hours late in summer), so the raw date string is read here.
"""

import calendar
import datetime
import email.utils
import io
import re

import feedparser
from django.utils.translation import gettext as _

from ..base import Connector, ConnectorError, ParseResult, RawPost, clip, local_time
from ..html_text import html_to_text

# Zone names meaning Dutch local time; the fold picks the hour that occurs twice in October (CEST: the first).
_LOCAL_ZONE_NAMES = {"CET": 1, "MEZ": 1, "CEST": 0, "MESZ": 0}
_RFC822_TAIL = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?\s*(?P<zone>[+-]\d{4}|[A-Za-z]{1,5})?\s*$")
_RFC822_ZONE_NAMES = {"UT", "UTC", "GMT", "Z", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT"}
_HARMLESS_BOZO = (feedparser.CharacterEncodingOverride,)


def parse_feed_date(value) -> datetime.datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is not None:
        return moment if moment.tzinfo else local_time(moment)
    tail = _RFC822_TAIL.search(value)
    if tail is None:
        return None
    zone = (tail.group("zone") or "").upper()
    parsed = email.utils.parsedate_tz(value[:tail.start("zone")] if zone in _LOCAL_ZONE_NAMES else value)
    if parsed is None:
        return None
    try:
        naive = datetime.datetime(*parsed[:6])
    except ValueError:
        return None
    if not zone or zone in _LOCAL_ZONE_NAMES:
        return local_time(naive, fold=_LOCAL_ZONE_NAMES.get(zone, 0))
    if zone[0].isalpha() and zone not in _RFC822_ZONE_NAMES:  # an unknown zone name is not guessed
        return None
    return naive.replace(tzinfo=datetime.timezone(datetime.timedelta(seconds=parsed[9] or 0)))


def _published(entry) -> datetime.datetime | None:
    for raw, parsed in (("published", "published_parsed"), ("updated", "updated_parsed")):
        if entry.get(raw):
            moment = parse_feed_date(entry.get(raw))
            if moment is None and entry.get(parsed):  # a format feedparser knows and we do not (W3C-DTF variants)
                moment = datetime.datetime.fromtimestamp(calendar.timegm(entry[parsed]), tz=datetime.timezone.utc)
            return moment
    return None


def _text(entry) -> str:
    title = html_to_text(entry.get("title", ""))
    summary = html_to_text(entry.get("summary", ""))
    return clip(title if not summary or summary == title else f"{title}\n{summary}")


def _author_names(entry) -> tuple[str, ...]:
    names = [entry.get("author", "")]
    for person in [entry.get("author_detail") or {}, *(entry.get("authors") or [])]:
        if isinstance(person, dict):
            names += [person.get("name", ""), person.get("email", ""), person.get("href", "")]
    return tuple(str(n) for n in names if n)


def _refusal(feed) -> str:
    error = feed.get("bozo_exception")
    line = getattr(error, "getLineNumber", lambda: None)()
    if line:
        return _("Deze feed is beschadigd of onvolledig (fout in de XML bij regel %(line)d); er is niets "
                 "opgeslagen.") % {"line": line}
    return _("Deze feed is beschadigd of onvolledig (geen geldige XML); er is niets opgeslagen.")


class RssConnector(Connector):
    key = "rss"
    label = _("RSS/Atom-feed")
    live = True
    content_types = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
                     "application/rdf+xml")

    def parse(self, data: bytes) -> ParseResult:
        feed = feedparser.parse(io.BytesIO(data))  # a stream: feedparser treats a str/bytes that looks like a URL as one
        if feed.bozo and not isinstance(feed.get("bozo_exception"), _HARMLESS_BOZO):
            if not feed.entries:
                raise ConnectorError(_("Dit is geen leesbare RSS- of Atom-feed."))
            raise ConnectorError(_refusal(feed))
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
                names = _author_names(entry)
                result.posts.append(RawPost(external_id=str(identifier)[:200], published_at=published, text=text,
                                            url=str(entry.get("link", ""))[:500], language=language,
                                            author=str(entry.get("author", "")), author_names=names,
                                            uri=str(identifier)))
        return result
