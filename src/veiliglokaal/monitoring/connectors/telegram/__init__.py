"""Telegram Desktop export of a public channel (`result.json`): `name`, `type`, `id`, `messages[]`.

A message has `id`, `type` ("message" or "service"), `date` (local ISO time), `date_unixtime` (string), `from`,
`from_id` and `text`: a string, or a list mixing strings and entity objects (`{"type": "hashtag", "text": "#x"}`).
Service messages (pinned, joined) carry no post and are skipped. Upload only: there is no public fetch API.

Both layouts of Telegram Desktop are read. Newer versions write `date_unixtime` (UTC seconds, a string) next to
`date`; older ones only `date`, the wall-clock time of the computer that made the export, without an offset: it is
read as Europe/Amsterdam local time. `text` may be an array of strings and entity objects (older versions give
mention entities a `user_id`); a mention (`mention`, `mention_name`) becomes `[account]` and an entity without a
`text` contributes nothing, so no entity type refuses the export. `from`, `from_id`, `author` (a signed channel
post) and `forwarded_from` are author names: pseudonymised or scrubbed at ingest, never stored.
"""

import datetime
import json

from django.utils.translation import gettext as _

from ...privacy import PLACEHOLDER
from ..base import Connector, ConnectorError, ParseResult, RawPost, clip, parse_iso

MENTION_ENTITIES = {"mention", "mention_name", "text_mention"}


def flatten_text(value) -> str | None:
    """A message's `text`: a string, or an array of strings and entity objects. None for anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = []
        for part in value:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict):
                if part.get("type") in MENTION_ENTITIES:
                    parts.append(PLACEHOLDER)
                    continue
                inner = flatten_text(part.get("text", ""))
                if inner is None:
                    return None
                parts.append(inner)
            else:
                return None
        return "".join(parts)
    return None


def _moment(message) -> datetime.datetime | None:
    unix = message.get("date_unixtime")
    if isinstance(unix, str) and unix.isdigit():
        return datetime.datetime.fromtimestamp(int(unix), tz=datetime.timezone.utc)
    return parse_iso(message.get("date"))


def _sender(message) -> str:
    """Older exports give a user's `from_id` as a number, newer ones as "user<number>": one pseudonym for both."""
    sender = message.get("from_id")
    if isinstance(sender, int) and not isinstance(sender, bool):
        return f"user{sender}"
    return str(sender or message.get("from") or "")


class TelegramConnector(Connector):
    key = "telegram"
    label = _("Telegram-export (result.json)")
    live = False

    def parse(self, data: bytes) -> ParseResult:
        try:
            export = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ConnectorError(_("Dit is geen geldige JSON (Telegram-export result.json verwacht).")) from error
        if not isinstance(export, dict) or not isinstance(export.get("messages"), list):
            raise ConnectorError(_("Een Telegram-export heeft een lijst 'messages'; die ontbreekt."))
        channel = str(export.get("id") or export.get("name") or "")
        result = ParseResult()
        for number, message in enumerate(export["messages"], start=1):
            if isinstance(message, dict) and message.get("type") == "service":
                continue
            post, error = self._message(message, number, channel)
            if error:
                result.errors.append(error)
            elif post:
                result.posts.append(post)
        return result

    def _message(self, message, number, channel):
        if not isinstance(message, dict) or "id" not in message:
            return None, _("Bericht %(n)d: geen id.") % {"n": number}
        published = _moment(message)
        text = flatten_text(message.get("text"))
        if text is None and isinstance(message.get("text_entities"), list):
            text = flatten_text(message["text_entities"])
        if published is None:
            return None, _("Bericht %(n)d: geen geldige datum.") % {"n": number}
        if text is None:
            return None, _("Bericht %(n)d: tekst is geen tekenreeks of lijst van tekstdelen.") % {"n": number}
        if not text.strip():
            return None, None  # a photo or sticker without caption: nothing to match, not an error
        names = tuple(str(message[key]) for key in ("from", "from_id", "author", "forwarded_from", "via_bot")
                      if message.get(key))
        return RawPost(external_id=f"{channel}:{message['id']}"[:200], published_at=published, text=clip(text),
                       author=_sender(message), author_names=names,
                       uri=f"telegram:{channel}:{message['id']}"), None
