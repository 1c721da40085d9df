"""Telegram Desktop export of a public channel (`result.json`): `name`, `type`, `id`, `messages[]`.

A message has `id`, `type` ("message" or "service"), `date` (local ISO time), `date_unixtime` (string), `from`,
`from_id` and `text`: a string, or a list mixing strings and entity objects (`{"type": "hashtag", "text": "#x"}`).
Service messages (pinned, joined) carry no post and are skipped. Upload only: there is no public fetch API.
"""

import datetime
import json

from django.utils.translation import gettext as _

from ..base import Connector, ConnectorError, ParseResult, RawPost, clip, parse_iso


def flatten_text(value) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = []
        for part in value:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                parts.append(part["text"])
            else:
                return None
        return "".join(parts)
    return None


def _moment(message) -> datetime.datetime | None:
    unix = message.get("date_unixtime")
    if isinstance(unix, str) and unix.isdigit():
        return datetime.datetime.fromtimestamp(int(unix), tz=datetime.timezone.utc)
    return parse_iso(message.get("date"))


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
        if published is None:
            return None, _("Bericht %(n)d: geen geldige datum.") % {"n": number}
        if text is None:
            return None, _("Bericht %(n)d: tekst is geen tekenreeks of lijst van tekstdelen.") % {"n": number}
        if not text.strip():
            return None, None  # a photo or sticker without caption: nothing to match, not an error
        return RawPost(external_id=f"{channel}:{message['id']}"[:200], published_at=published, text=clip(text),
                       author=str(message.get("from_id") or message.get("from") or "")), None
