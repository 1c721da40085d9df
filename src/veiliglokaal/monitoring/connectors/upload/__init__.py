"""Generic upload: CSV or JSONL with documented columns (see `COLUMNS`).

CSV: UTF-8, a header row, separator `,` or `;` (detected). JSONL: one JSON object per line with the same keys.
Required: `id`, `time` (ISO 8601; without offset read as UTC), `text`. Optional: `url`, `language`, `author`
(pseudonymised at ingest, never stored or shown), `source` (ignored: the upload is the source).
"""

import csv
import io
import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..base import Connector, ConnectorError, ParseResult, RawPost, clip, parse_iso

COLUMNS = [
    ("id", True, gettext_lazy("uniek kenmerk van het bericht bij de bron")),
    ("time", True, gettext_lazy("tijdstip, ISO 8601 (2026-11-30T21:05:00+01:00)")),
    ("text", True, gettext_lazy("de tekst van het bericht")),
    ("url", False, gettext_lazy("adres van het bericht")),
    ("language", False, gettext_lazy("taalcode (nl, en)")),
    ("author", False, gettext_lazy("afzender: wordt direct gepseudonimiseerd en nooit getoond")),
]
REQUIRED = [name for name, required, _label in COLUMNS if required]


def _row_post(row: dict, where: str):
    missing = [name for name in REQUIRED if not str(row.get(name) or "").strip()]
    if missing:
        return None, _("%(where)s: verplicht veld ontbreekt: %(fields)s.") % {"where": where, "fields": ", ".join(missing)}
    published = parse_iso(str(row["time"]))
    if published is None:
        return None, _("%(where)s: '%(value)s' is geen geldig tijdstip (ISO 8601 verwacht).") % {
            "where": where, "value": str(row["time"])[:40]}
    return RawPost(external_id=str(row["id"]).strip()[:200], published_at=published, text=clip(str(row["text"])),
                   url=str(row.get("url") or "")[:500], language=str(row.get("language") or "")[:10],
                   author=str(row.get("author") or "")), None


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ConnectorError(_("Het bestand is geen UTF-8-tekst.")) from error


class UploadConnector(Connector):
    key = "upload"
    label = _("CSV of JSONL")
    live = False

    def parse(self, data: bytes) -> ParseResult:
        text = _decode(data)
        stripped = text.lstrip()
        return self.parse_jsonl(text) if stripped.startswith("{") else self.parse_csv(text)

    def parse_csv(self, text: str) -> ParseResult:
        first = text.splitlines()[0] if text.strip() else ""
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        headers = [h.strip() for h in (reader.fieldnames or [])]
        missing = [name for name in REQUIRED if name not in headers]
        if missing:
            raise ConnectorError(_("Kolom(men) ontbreken in de kopregel: %(cols)s. Verwacht: %(all)s.") % {
                "cols": ", ".join(missing), "all": ", ".join(name for name, _r, _l in COLUMNS)})
        result = ParseResult()
        try:
            for number, row in enumerate(reader, start=2):
                row = {str(k).strip(): v for k, v in row.items() if k is not None}
                self._add(result, row, _("Regel %(n)d") % {"n": number})
        except csv.Error as error:
            raise ConnectorError(_("Het CSV-bestand is niet leesbaar: %(error)s") % {"error": error}) from error
        return result

    def parse_jsonl(self, text: str) -> ParseResult:
        result = ParseResult()
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            where = _("Regel %(n)d") % {"n": number}
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                result.errors.append(_("%(where)s: geen geldige JSON.") % {"where": where})
                continue
            if not isinstance(row, dict):
                result.errors.append(_("%(where)s: een JSON-object verwacht.") % {"where": where})
                continue
            self._add(result, row, where)
        return result

    @staticmethod
    def _add(result: ParseResult, row: dict, where: str):
        post, error = _row_post(row, where)
        if error:
            result.errors.append(error)
        else:
            result.posts.append(post)
