"""Author data never reaches storage, pages, exports or the API (ADR 12, ADR 17).

Every connector hands over a `RawPost` whose `author` and `author_names` are transient. Before anything is written,
ingest runs the post through this module:

- `source_link`: the link to the post at the source without the author. Mastodon status links carry the handle
  (`https://host/@handle/<id>`, `https://host/users/handle/statuses/<id>`); they become
  `https://host/statuses/<id>` (instance + status id, a route Mastodon's web app serves). Any other link that still
  names an account (an `@` anywhere, a `/users/…` or `/u/…` path, or one of the post's author names) is dropped.
- `scrub_text`: @mentions (`@name`, `@name@host`) and the post's own author names (handle, username, display name,
  user id) in the text become `[account]`. E-mail addresses are not mentions (an `@` after a word character).
- `safe_external_id`: an id at the source that could name the author (a feed guid that is a permalink) is kept
  as a keyed hash.
- `uri_key`: a keyed hash (HMAC-SHA256, own purpose label) of the post's global identity at the source (Mastodon
  status URI, feed guid): the de-duplication key. The URI itself names the author on Mastodon, so it is not stored.
- `shown_links`: who may see the source link is a protocol rule (`MonitoringProtocol.source_link_roles`, default
  analyst only); every link shown is a processing-log entry, written in the same transaction as the read.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import replace
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import transaction

PLACEHOLDER = "[account]"
MIN_NAME_LENGTH = 3  # shorter "names" (an id "7", a display name "Jo") would replace ordinary words

# `@name` or `@name@host.tld`, not preceded by a word character, dot or slash (so e-mail addresses and URLs stay).
_MENTION = re.compile(r"(?<![\w.@/])@[A-Za-z0-9_][A-Za-z0-9_.-]*(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?")
_MASTODON_STATUS = (re.compile(r"^/@[^/]+/(?P<id>[A-Za-z0-9]+)/?$"),
                    re.compile(r"^/users/[^/]+/statuses/(?P<id>[A-Za-z0-9]+)(?:/activity)?/?$"),
                    re.compile(r"^/statuses/(?P<id>[A-Za-z0-9]+)/?$"))
_ACCOUNT_PATH = re.compile(r"(^|/)(users|u|user|profile|profiles|accounts|members|member)/", re.I)


def _names(names) -> list[str]:
    """Author names worth scrubbing, longest first (so 'Jan Jansen' goes before 'Jan'), with and without '@'."""
    found = set()
    for name in names or ():
        name = str(name or "").strip()
        for variant in (name, name.lstrip("@"), name.split("@")[0] if "@" in name.lstrip("@") else ""):
            if len(variant) >= MIN_NAME_LENGTH:
                found.add(variant)
    return sorted(found, key=len, reverse=True)


def scrub_text(text: str, names=()) -> str:
    text = _MENTION.sub(PLACEHOLDER, text or "")
    for name in _names(names):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", PLACEHOLDER, text, flags=re.I)
    return text


def source_link(url: str, names=()) -> str:
    """The link without the author, or "" when it cannot be made so. Only http(s) links are kept."""
    url = (url or "").strip()
    if not url.lower().startswith(("https://", "http://")):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if not parts.hostname or parts.username or parts.password:
        return ""
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    for pattern in _MASTODON_STATUS:
        match = pattern.match(parts.path)
        if match:
            return urlunsplit((parts.scheme.lower(), host, f"/statuses/{match['id']}", "", ""))[:500]
    rest = f"{parts.path}?{parts.query}#{parts.fragment}".lower()
    if "@" in rest or "%40" in rest or _ACCOUNT_PATH.search(parts.path):
        return ""
    if any(name.lower() in rest for name in _names(names)):
        return ""
    return url[:500]


def names_an_account(value: str, names=()) -> bool:
    """Whether an identifier (a feed guid, an upload id) could name its author: an `@`, an account path or a name."""
    lowered = (value or "").lower()
    return ("@" in lowered or "%40" in lowered or bool(_ACCOUNT_PATH.search(lowered))
            or any(name.lower() in lowered for name in _names(names)))


def safe_external_id(connector: str, external_id: str, names=()) -> str:
    """The id at the source as stored: unchanged, or a keyed hash when it could name the author (an RSS guid is
    often the post's permalink, e.g. `https://host/@handle/<id>`)."""
    if not names_an_account(external_id, names):
        return external_id
    return "ref:" + uri_key(connector, f"id|{external_id}")[:40]


def scrubbed(connector: str, raw):
    """The `RawPost` as ingest stores it: text, link and id without the author. `author` and `author_names` stay
    for the pseudonym and are dropped with the object."""
    names = (raw.author, *raw.author_names)
    return replace(raw, text=scrub_text(raw.text, names), url=source_link(raw.url, names),
                   external_id=safe_external_id(connector, raw.external_id, names))


def uri_key(connector: str, uri: str) -> str:
    """The de-duplication key of a post: a keyed hash of its global identity, "" when it has none."""
    uri = (uri or "").strip()
    if not uri:
        return ""
    message = f"monitoring-post-uri|{connector}|{uri}".encode()
    return hmac.new(settings.MONITORING_AUTHOR_KEY.encode(), message, hashlib.sha256).hexdigest()


def may_see_links(tenant, protocol) -> bool:
    allowed = {role for role in (protocol.source_link_roles or "").split(",") if role}
    return bool(allowed & set(tenant.roles))


def shown_links(tenant, user, alert, posts) -> dict[int, str]:
    """Source links of the evidence posts this user may see; each one shown is logged (data subject: the author,
    by pseudonym) in the same transaction."""
    from veiliglokaal.audit.services import log_processing

    from .services import ACTIVITY_VIEW

    if not may_see_links(tenant, alert.monitor.protocol):
        return {}
    links = {post.pk: post.url for post in posts if post.url}
    with transaction.atomic():
        for post in posts:
            if post.pk in links:
                log_processing(activity=ACTIVITY_VIEW, name="bronlink van een openbaar bericht getoond",
                               subject_type="auteur (pseudoniem)",
                               subject_id=post.author_pseudonym or f"bericht:{post.pk}",
                               municipality_id=tenant.municipality_id, actor_id=user.pk)
    return links
