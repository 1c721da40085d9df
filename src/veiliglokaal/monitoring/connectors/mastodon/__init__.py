"""Mastodon public timelines and hashtag timelines: the REST API's JSON array of statuses.

Fields used: `id`, `created_at`, `visibility`, `content` (HTML → text), `spoiler_text`, `url`/`uri`, `language`,
`account` (`acct`, `username`, `display_name`, `id`, `url`: pseudonymised or scrubbed at ingest, never stored).
A boost (`reblog`) is read as the boosted status, so a boosted post counts once.

Only `public` and `unlisted` statuses are ever stored: a `private` (followers-only) or `direct` status, or one
without a visibility, is skipped (counted, not an error). `uri` (the ActivityPub id) is the same status on every
instance and timeline: it is the de-duplication identity (a keyed hash of it is stored, not the URI).
Live: `config["url"]`, e.g. https://mastodon.example/api/v1/timelines/tag/ermelo?limit=40.
"""

import json

from django.utils.translation import gettext as _

from ..base import Connector, ConnectorError, ParseResult, RawPost, clip, parse_iso
from ..html_text import html_to_text

STORABLE_VISIBILITY = {"public", "unlisted"}


def _account_names(account: dict) -> tuple[str, ...]:
    return tuple(str(account.get(key) or "") for key in ("acct", "username", "display_name", "id", "url")
                 if account.get(key))


class MastodonConnector(Connector):
    key = "mastodon"
    label = _("Mastodon (statussen, JSON)")
    live = True
    content_types = ("application/json",)

    def parse(self, data: bytes) -> ParseResult:
        try:
            statuses = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ConnectorError(_("Dit is geen geldige JSON (Mastodon-statussen verwacht).")) from error
        if not isinstance(statuses, list):
            raise ConnectorError(_("Een lijst van Mastodon-statussen verwacht (een JSON-array)."))
        result = ParseResult()
        for number, status in enumerate(statuses, start=1):
            post, error = self._status(status, number)
            if error:
                result.errors.append(error)
            elif post:
                result.posts.append(post)
            else:
                result.skipped += 1
        return result

    def _status(self, status, number):
        if not isinstance(status, dict):
            return None, _("Status %(n)d: geen object.") % {"n": number}
        booster = status.get("account") if isinstance(status.get("account"), dict) else {}
        outer_visibility = status.get("visibility")
        if isinstance(status.get("reblog"), dict):
            status = status["reblog"]
        if not status.get("id"):
            return None, _("Status %(n)d: geen id.") % {"n": number}
        published = parse_iso(status.get("created_at"))
        text = clip("\n".join(filter(None, [html_to_text(str(status.get("spoiler_text") or "")),
                                            html_to_text(str(status.get("content") or ""))])))
        if published is None:
            return None, _("Status %(n)d: geen geldige created_at.") % {"n": number}
        if not text:
            return None, _("Status %(n)d: geen tekst.") % {"n": number}
        if status.get("visibility") not in STORABLE_VISIBILITY or (
                outer_visibility is not None and outer_visibility not in STORABLE_VISIBILITY):
            return None, None  # followers-only, direct or unknown: never stored
        account = status.get("account") if isinstance(status.get("account"), dict) else {}
        return RawPost(external_id=str(status["id"])[:200], published_at=published, text=text,
                       url=str(status.get("url") or status.get("uri") or "")[:500],
                       language=str(status.get("language") or "")[:10],
                       author=str(account.get("acct") or account.get("id") or ""),
                       author_names=_account_names(account) + _account_names(booster),
                       uri=str(status.get("uri") or status.get("url") or "")), None
