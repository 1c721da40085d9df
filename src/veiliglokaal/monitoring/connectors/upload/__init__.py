"""Generic upload: CSV, XLSX or JSON lines with documented columns (see `COLUMNS`), read by the kit's reader.

`core.tabular` detects the encoding (UTF-8, or Windows-1252/Latin-1 as Excel writes it) and the separator; the
column mapping (`SCHEMA`) also accepts the Dutch names of exports (`tijd`, `tekst`, `auteur`…) and ignores other
columns. Required: `id`, `time` (ISO 8601; without offset read as Europe/Amsterdam local time), `text`. Optional: `url`, `language`,
`author` (pseudonymised at ingest, never stored or shown). A `source` column is ignored: the upload is the source.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veiliglokaal.core import tabular
from veiliglokaal.core.column_mapping import Schema, Target

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
SUGGESTIONS = {
    "id": ("post_id", "bericht_id", "kenmerk", "message_id"),
    "time": ("tijd", "tijdstip", "datum_tijd", "created_at", "published_at", "date", "datum"),
    "text": ("tekst", "bericht", "inhoud", "content", "message", "body"),
    "url": ("link", "adres", "permalink"),
    "language": ("taal", "lang"),
    "author": ("auteur", "afzender", "gebruiker", "username", "user"),
}
SCHEMA = Schema("monitoring.upload", tuple(Target(name, name, required, SUGGESTIONS[name], help=str(label))
                                           for name, required, label in COLUMNS))


def _row_post(row: dict, where: str):
    missing = [name for name in REQUIRED if not str(row.get(name) or "").strip()]
    if missing:
        return None, _("%(where)s: verplicht veld ontbreekt: %(fields)s.") % {"where": where, "fields": ", ".join(missing)}
    published = parse_iso(str(row["time"]))
    if published is None:
        return None, _("%(where)s: '%(value)s' is geen geldig tijdstip (ISO 8601 verwacht).") % {
            "where": where, "value": str(row["time"])[:40]}
    # no `uri`: an upload's `url` may be a shared thread or page, so it is no identity; `id` per source decides
    return RawPost(external_id=str(row["id"]).strip()[:200], published_at=published, text=clip(str(row["text"])),
                   url=str(row.get("url") or "")[:500], language=str(row.get("language") or "")[:10],
                   author=str(row.get("author") or ""), author_names=(str(row.get("author") or ""),)), None


def _fragment(message: str) -> str:
    """'Geen geldige JSON.' as it reads after 'Regel 2: '."""
    return message[:1].lower() + message[1:]


class UploadConnector(Connector):
    key = "upload"
    label = _("CSV, Excel of JSONL")
    live = False

    def parse(self, data: bytes, name: str = "") -> ParseResult:
        try:
            with tabular.open_table(data, name=name) as table:
                mapping = self._mapping(table)
                return self._posts(table, mapping)
        except tabular.TabularError as error:
            raise ConnectorError(str(error)) from error

    @staticmethod
    def _mapping(table) -> dict:
        resolution = SCHEMA.resolve(table.header)
        missing = [name for name in REQUIRED if name not in resolution.mapping]
        if missing and table.file_format != tabular.JSONL:  # in JSON lines each line names its own keys
            raise ConnectorError(_("Kolom(men) ontbreken in de kopregel: %(cols)s. Verwacht: %(all)s.") % {
                "cols": ", ".join(missing), "all": ", ".join(name for name, _r, _l in COLUMNS)})
        return {**{name: name for name, _r, _l in COLUMNS}, **resolution.mapping}

    def _posts(self, table, mapping: dict) -> ParseResult:
        result = ParseResult()
        for row in table.rows:
            where = _("Regel %(n)d") % {"n": row.number}
            if row.problem:
                result.errors.append(_("%(where)s: %(problem)s") % {"where": where, "problem": _fragment(row.problem)})
                continue
            post, error = _row_post({name: row.values.get(column, "") for name, column in mapping.items()}, where)
            if error:
                result.errors.append(error)
            else:
                result.posts.append(post)
        return result
