"""Import of historical registrations from CSV or XLSX: read → map columns → validate every row → all rows or none.

Reading goes through the kit's reader (`core.tabular`: size, type by content, encoding detected or chosen, the
header row) and mapping through its schema (`SCHEMA`, saved per municipality); every problem is Dutch. Validation
matches categories against the municipality's own lists (by code or label), parses Dutch dates and numbers and then
runs the same `services.validate_incident` as the form and the API. Once the columns are mapped, `queue_import`
queues the background job (`tasks.run_incident_import`, core.jobs) which runs `execute_import`: validate every row
with progress, then write a file without a single error in one transaction with `import_incidents` — the import's
writer (like `services`, it logs every processing in the same transaction); the uploaded file is deleted afterwards.
There is no row limit: the job runs outside the request.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from veiliglokaal.audit.services import processing
from veiliglokaal.core import tabular
from veiliglokaal.core.column_mapping import Schema, Target, saved_mapping
from veiliglokaal.core.services import remember_column_mapping
from veiliglokaal.core.tabular import TabularError

from veiliglokaal.core import jobs
from veiliglokaal.core.jobs import JobStatus

from . import services

from .models import Incident, IncidentImport, IncidentOption, Injury, OptionKind

MAX_BYTES = 5 * 1024 * 1024
# A safety cap against absurd files, not a product limit: the import runs as a background job.
MAX_ROWS = 1_000_000
ENCODINGS = [("auto", "Automatisch herkennen"), ("utf-8", "UTF-8 (standaard, ook 'CSV UTF-8' uit Excel)"),
             ("cp1252", "Windows-1252 (oudere Excel, ANSI)")]


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    required: bool = False
    free_text: bool = False  # never echoed back in the error report (may hold personal data)
    synonyms: tuple[str, ...] = ()


FIELDS = [
    Field("occurred_date", "Datum", True, synonyms=("datum", "date", "datum incident", "incidentdatum", "wanneer")),
    Field("occurred_time", "Tijd", synonyms=("tijd", "time", "tijdstip")),
    Field("location", "Plaats", True, synonyms=("plaats", "locatie", "waar", "location")),
    Field("victim_role", "Functie getroffene", True, synonyms=("functie", "functie getroffene", "rol", "victim role")),
    Field("types", "Soort (meer soorten gescheiden door ;)", True,
          synonyms=("soort", "soorten", "type", "categorie", "soort incident", "aard")),
    Field("channel", "Kanaal", True, synonyms=("kanaal", "channel", "hoe")),
    Field("platform", "Platform", free_text=True, synonyms=("platform",)),
    Field("description", "Omschrijving", True, free_text=True,
          synonyms=("omschrijving", "beschrijving", "toelichting", "wat is er gebeurd", "description")),
    Field("victim_name", "Naam getroffene", free_text=True, synonyms=("naam", "naam getroffene", "getroffene")),
    Field("department", "Afdeling", free_text=True, synonyms=("afdeling", "department")),
    Field("injury", "Letsel", synonyms=("letsel", "injury")),
    Field("absence_days", "Verzuim (dagen)", synonyms=("verzuim", "verzuim dagen", "verzuimdagen")),
    Field("damage_description", "Schade", free_text=True, synonyms=("schade", "schadeomschrijving")),
    Field("damage_amount", "Geschatte schade (euro)", synonyms=("schadebedrag", "bedrag", "geschatte schade")),
    Field("witnesses", "Getuigen", free_text=True, synonyms=("getuigen", "getuige")),
]
FIELD_BY_KEY = {f.key: f for f in FIELDS}
OPTION_KINDS = {"location": OptionKind.LOCATION, "victim_role": OptionKind.VICTIM_ROLE, "channel": OptionKind.CHANNEL,
                "types": OptionKind.TYPE}
KIND_NAMES = {OptionKind.LOCATION: "plaatsen", OptionKind.VICTIM_ROLE: "functies", OptionKind.CHANNEL: "kanalen",
              OptionKind.TYPE: "soorten incident"}


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is Dutch and says what to do."""


def _key(text) -> str:
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


# ------------------------------------------------------------------------------------------------ reading

def _read_error(error: TabularError) -> ImportFileError:
    return ImportFileError(str(error))


def check_upload(uploaded) -> str:
    """Size, name and content: returns 'csv' or 'xlsx'."""
    name = (getattr(uploaded, "name", "") or "").lower()
    if uploaded.size == 0:
        raise ImportFileError("Het bestand is leeg.")
    if uploaded.size > MAX_BYTES:
        raise ImportFileError("Het bestand is groter dan 5 MB. Splits het in kleinere bestanden.")
    if not name.endswith((".csv", ".txt", ".xlsx")):
        raise ImportFileError("Alleen CSV- (.csv) en Excel-bestanden (.xlsx) kunnen worden geïmporteerd.")
    uploaded.seek(0)
    head = uploaded.read(512)
    uploaded.seek(0)
    try:
        file_format = tabular.detect_format(name, head)
    except TabularError as error:
        raise _read_error(error) from error
    if file_format == tabular.XLSX:
        return "xlsx"
    if b"\x00" in head:
        raise ImportFileError("Dit is geen tekstbestand (CSV). Kies een .csv- of .xlsx-bestand.")
    return "csv"


class TableRow(list):
    """A row's cells in header order, with its row number in the file and a problem of the row itself."""

    def __init__(self, cells, number: int, problem: str = ""):
        super().__init__(cells)
        self.number, self.problem = number, problem


def read_table(content: bytes, file_format: str, encoding: str = "auto") -> tuple[list[str], list[list]]:
    """Header and data rows through the kit's reader (core.tabular). Raises ImportFileError."""
    headers, rows, _encoding = _read(content, file_format, encoding)
    return headers, rows


def _read(content: bytes, file_format: str, encoding: str) -> tuple[list[str], list[list], str]:
    """Header, rows and the encoding used (detected when 'auto')."""
    if not content:
        raise ImportFileError("Het bestand is leeg.")
    try:
        with tabular.open_table(content, file_format=file_format, max_bytes=MAX_BYTES, max_rows=MAX_ROWS,
                                encoding=None if encoding in ("auto", "") else encoding) as table:
            headers = table.header
            rows = [TableRow([row.values.get(h, "") for h in headers], row.number, row.problem) for row in table.rows]
    except TabularError as error:
        raise _read_error(error) from error
    except LookupError as error:
        raise ImportFileError("Kies een tekenset uit de lijst.") from error
    if not rows:
        raise ImportFileError("Het bestand bevat alleen een kopregel en geen meldingen.")
    return headers, rows, table.encoding or encoding


def preview_rows(upload: IncidentImport, count: int = 10) -> list:
    """The first rows of an uploaded file for the mapping step (empty when it is gone or unreadable)."""
    if not upload.file:
        return []
    encoding = None if upload.encoding == "auto" else upload.encoding
    try:
        with upload.file.open("rb") as handle:
            return tabular.preview(handle, count, file_format=upload.file_format, encoding=encoding,
                                   max_bytes=MAX_BYTES, max_rows=MAX_ROWS)[1]
    except (TabularError, OSError):
        return []


# ------------------------------------------------------------------------------------------------ mapping

SCHEMA = Schema("gir", tuple(Target(f.key, f.label, f.required, f.synonyms, private=f.free_text) for f in FIELDS))


def guess_mapping(headers: list[str], previous: dict | None = None) -> dict:
    """field → column name: first what the user chose last time (where those columns exist), then by name."""
    return SCHEMA.auto_mapping(headers, previous)


def previous_mapping(municipality_id: int) -> dict:
    saved = saved_mapping(municipality_id, SCHEMA.key)
    if saved:
        return saved
    last = (IncidentImport.objects.filter(municipality_id=municipality_id, status=JobStatus.SUCCEEDED)
            .exclude(mapping={}).order_by("-finished_at", "-pk").first())
    return last.mapping if last else {}


def check_mapping(headers: list[str], mapping: dict) -> dict[str, str]:
    """Errors per field: required fields unmapped (with the closest columns), unknown columns, one column twice."""
    return SCHEMA.check(headers, mapping).problems


# ------------------------------------------------------------------------------------------------ validation

DATE_FORMATS = ["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d"]
TIME_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]


def _parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date(), value.time() if value.time() != datetime.time(0) else None
    if isinstance(value, datetime.date):
        return value, None
    text = str(value).strip()
    date_part, _sep, time_part = text.partition(" ")
    for pattern in DATE_FORMATS:
        try:
            day = datetime.datetime.strptime(date_part, pattern).date()
        except ValueError:
            continue
        return day, (_parse_time(time_part) if time_part.strip() else None)
    raise ValueError


def _parse_time(value):
    if isinstance(value, datetime.time):
        return value
    if isinstance(value, datetime.datetime):
        return value.time()
    text = str(value).strip()
    for pattern in TIME_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).time()
        except ValueError:
            continue
    raise ValueError


def _parse_amount(value):
    if isinstance(value, (int, float)):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    text = str(value).replace("€", "").replace("EUR", "").replace(" ", "").strip()
    if "," in text:  # Dutch: 1.234,56
        text = text.replace(".", "").replace(",", ".")
    amount = Decimal(text).quantize(Decimal("0.01"))
    if amount < 0 or amount >= Decimal("100000000"):
        raise InvalidOperation
    return amount


class _Options:
    """The municipality's active lists, matched by code or label (case, accents and punctuation do not matter)."""

    def __init__(self, municipality_id):
        self.by_kind: dict[str, dict[str, str]] = {}
        self.labels: dict[str, list[str]] = {}
        for option in IncidentOption.objects.filter(municipality_id=municipality_id, is_active=True).order_by(
                "kind", "position"):
            lookup = self.by_kind.setdefault(option.kind, {})
            lookup[_key(option.code)] = option.code
            lookup[_key(option.label)] = option.code
            self.labels.setdefault(option.kind, []).append(option.label)

    def match(self, kind, value) -> str | None:
        return self.by_kind.get(kind, {}).get(_key(value))

    def unknown(self, kind, value) -> str:
        labels = self.labels.get(kind, [])
        shown = "; ".join(labels[:10]) + (" …" if len(labels) > 10 else "")
        return f"'{value}' staat niet in de lijst {KIND_NAMES[kind]} van uw gemeente. Kies uit: {shown}."


INJURY_LOOKUP = {**{_key(code): code for code, _label in Injury.choices},
                 **{_key(label): code for code, label in Injury.choices}, "geen": Injury.NONE, "nee": Injury.NONE}


def _error(row_number, field: Field, column, value, message) -> dict:
    shown = "" if field.free_text or value in (None, "") else str(value)[:60]
    return {"row": row_number, "column": column or field.label, "value": shown, "message": message}


def validate_rows(tenant, headers: list[str], rows: list[list], mapping: dict, progress=None
                  ) -> tuple[list[dict], list[dict]]:
    """Clean every row. Returns (clean rows for the writer, errors: row, column, value, message).
    `progress(done, total)` is told after each row."""
    position = {header: i for i, header in enumerate(headers)}
    options = _Options(tenant.municipality_id)
    tz = timezone.get_current_timezone()
    clean_rows, errors = [], []
    for index, row in enumerate(rows):
        number = getattr(row, "number", index + 2)  # the file's own row number (row 1 is the header)
        if getattr(row, "problem", ""):
            errors.append({"row": number, "column": "", "value": "", "message": row.problem})
            continue
        if progress:
            progress(index + 1, len(rows))
        if all(str(cell).strip() == "" for cell in row):
            continue

        def cell(key, row=row):
            column = mapping.get(key)
            if not column:
                return ""
            i = position[column]
            value = row[i] if i < len(row) else ""
            return value.strip() if isinstance(value, str) else value

        row_errors = []

        def fail(key, value, message, row_errors=row_errors, number=number):
            row_errors.append(_error(number, FIELD_BY_KEY[key], mapping.get(key), value, message))

        data = {"victim_user": None}
        raw_date = cell("occurred_date")
        day, when = None, None
        if raw_date in ("", None):
            fail("occurred_date", raw_date, "De datum ontbreekt.")
        else:
            try:
                day, when = _parse_date(raw_date)
            except ValueError:
                fail("occurred_date", raw_date, f"'{raw_date}' is geen geldige datum. Gebruik dag-maand-jaar, "
                                                "bijvoorbeeld 31-01-2024.")
        raw_time = cell("occurred_time")
        if raw_time not in ("", None):
            try:
                when = _parse_time(raw_time)
            except ValueError:
                fail("occurred_time", raw_time, f"'{raw_time}' is geen geldige tijd. Gebruik uu:mm, bijvoorbeeld 14:30.")
        if day is not None:
            data["occurred_at"] = timezone.make_aware(datetime.datetime.combine(day, when or datetime.time(12, 0)), tz)
        for key in ("location", "victim_role", "channel"):
            value = cell(key)
            if value in ("", None):
                fail(key, value, f"'{FIELD_BY_KEY[key].label}' ontbreekt.")
                continue
            code = options.match(OPTION_KINDS[key], value)
            if code is None:
                fail(key, value, options.unknown(OPTION_KINDS[key], value))
            data[key] = code
        raw_types = str(cell("types") or "")
        codes = []
        if not raw_types.strip():
            fail("types", raw_types, "Vul ten minste één soort incident in.")
        else:
            whole = options.match(OptionKind.TYPE, raw_types)
            parts = [whole] if whole else [p for p in re.split(r"[;|\n]", raw_types) if p.strip()]
            for part in parts:
                code = part if whole else options.match(OptionKind.TYPE, part)
                if code is None:
                    fail("types", part.strip(), options.unknown(OptionKind.TYPE, part.strip()))
                elif code not in codes:
                    codes.append(code)
        data["types"] = codes
        for key in ("platform", "description", "victim_name", "department", "damage_description", "witnesses"):
            value = cell(key)
            data[key] = "" if value is None else str(value).strip()
        limits = {"platform": 100, "victim_name": 150, "department": 100}
        for key, limit in limits.items():
            if len(data[key]) > limit:
                fail(key, "", f"'{FIELD_BY_KEY[key].label}' is langer dan {limit} tekens.")
        raw_injury = cell("injury")
        data["injury"] = Injury.NONE
        if raw_injury not in ("", None):
            found = INJURY_LOOKUP.get(_key(raw_injury))
            if found is None:
                fail("injury", raw_injury, f"'{raw_injury}' is geen bekende waarde voor letsel. Kies uit: "
                                           + "; ".join(str(label) for _c, label in Injury.choices) + ".")
            else:
                data["injury"] = found
        raw_absence = cell("absence_days")
        data["absence_days"] = None
        if raw_absence not in ("", None):
            try:
                number_of_days = int(float(str(raw_absence).replace(",", ".")))
                if not 0 <= number_of_days <= 365 or float(str(raw_absence).replace(",", ".")) != number_of_days:
                    raise ValueError
                data["absence_days"] = number_of_days
            except ValueError:
                fail("absence_days", raw_absence, f"'{raw_absence}' is geen geheel aantal dagen tussen 0 en 365.")
        raw_amount = cell("damage_amount")
        data["damage_amount"] = None
        if raw_amount not in ("", None):
            try:
                data["damage_amount"] = _parse_amount(raw_amount)
            except (InvalidOperation, ValueError):
                fail("damage_amount", raw_amount, f"'{raw_amount}' is geen bedrag in euro's, bijvoorbeeld 250,00.")
        if not row_errors:  # the rules of the form and the API
            try:
                data = services.validate_incident(tenant, data)
            except ValidationError as error:
                for key, messages in error.message_dict.items():
                    field_key = {"occurred_at": "occurred_date"}.get(key, key)
                    field = FIELD_BY_KEY.get(field_key, FIELDS[0])
                    for message in messages:
                        row_errors.append(_error(number, field, mapping.get(field.key), "", message))
        if row_errors:
            errors += row_errors
        else:
            data["row"] = number
            clean_rows.append(data)
    if not clean_rows and not errors:
        errors.append({"row": "", "column": "", "value": "", "message": "Het bestand bevat geen meldingen."})
    return clean_rows, errors


# ------------------------------------------------------------------------------------------------ writing

def start_import(tenant, user, uploaded, encoding: str = "auto") -> IncidentImport:
    """Check and read the upload (nothing is stored when it cannot be read), keep it privately for the mapping step."""
    file_format = check_upload(uploaded)
    uploaded.seek(0)
    content = uploaded.read()
    headers, _rows, detected = _read(content, file_format, encoding)
    upload = IncidentImport(municipality_id=tenant.municipality_id, requested_by=user, status=JobStatus.DRAFT,
                            original_name=(uploaded.name or "")[:200], file_format=file_format, encoding=detected,
                            headers=headers,
                            mapping=guess_mapping(headers, previous_mapping(tenant.municipality_id)))
    uploaded.seek(0)
    upload.file.save(uploaded.name, uploaded, save=False)
    upload.save()
    return upload


def queue_import(tenant, user, upload: IncidentImport, mapping: dict, *, run_now: bool = False,
                 progress_callback=None) -> IncidentImport:
    """Remember the chosen mapping and queue the import job (after commit). A rejected import may be queued again.
    `run_now` runs it in this process instead (the command), through the same job code."""
    mapping = {key: value for key, value in mapping.items() if key in FIELD_BY_KEY and value}
    problems = check_mapping(upload.headers, mapping)
    if problems:
        raise ValidationError(problems)
    if upload.status == JobStatus.SUCCEEDED or not upload.file:
        raise ValidationError("Dit bestand is al geïmporteerd of niet meer beschikbaar. Upload het opnieuw.")
    if upload.is_active:
        raise ValidationError("Dit bestand wordt al geïmporteerd; wacht tot de import klaar is.")
    from .tasks import run_incident_import

    fields = {"status": JobStatus.QUEUED, "mapping": mapping, "requested_by": user, "done": 0, "total": 0,
              "phase": "", "error_summary": "", "error_report": [], "started_at": None, "finished_at": None}
    IncidentImport.objects.filter(pk=upload.pk).update(**fields)
    for name, value in fields.items():
        setattr(upload, name, value)
    if run_now:
        return execute_import(upload, progress_callback)
    jobs.enqueue_after_commit(upload, run_incident_import)
    return upload


def _rejected(count: int) -> str:
    return f"Er is niets geïmporteerd: {count} {'fout' if count == 1 else 'fouten'} gevonden."


def execute_import(upload: IncidentImport, progress_callback=None) -> IncidentImport:
    """The job: read with the chosen mapping, validate every row with progress, write all rows or none.
    `progress_callback(done, total)` follows each progress write (the command's bar)."""
    from veiliglokaal.accounts.selectors import tenant_for

    jobs.start(upload, phase="Bestand lezen")
    user = upload.requested_by
    tenant = tenant_for(user, upload.municipality_id)
    if tenant is None:  # the requester lost their role meanwhile: the import is not theirs to run any more
        jobs.fail(upload, "Wie deze import startte, heeft geen rol meer bij deze gemeente; er is niets geïmporteerd.")
        return upload
    with upload.file.open("rb") as handle:
        content = handle.read()
    rows: list = []
    try:
        headers, rows = read_table(content, upload.file_format, upload.encoding)
    except ImportFileError as error:
        errors = [jobs.report_row(str(error))]
    else:
        jobs.progress(upload, 0, len(rows), "Regels controleren")

        def progress(done, total):
            if jobs.progress(upload, done, total) and progress_callback:
                progress_callback(done, total)

        clean_rows, errors = validate_rows(tenant, headers, rows, upload.mapping, progress=progress)
    if errors:  # nothing is written; the mapping is remembered for the next attempt with this file
        jobs.fail(upload, _rejected(len(errors)), errors, total=len(rows), done=len(rows))
        return upload
    jobs.progress(upload, len(rows), len(rows), "Meldingen opslaan")
    import_incidents(tenant, user, upload, clean_rows, upload.mapping)
    return upload


def import_incidents(tenant, user, upload: IncidentImport, clean_rows: list[dict], mapping: dict) -> int:
    """The writer: every row or none. The incidents are historical, so nobody is notified."""
    from veiliglokaal.core.models import Municipality

    municipality = Municipality.objects.get(pk=tenant.municipality_id)
    years = services.ensure_configuration(municipality).retention_years
    with transaction.atomic():
        locked = IncidentImport.objects.select_for_update().get(pk=upload.pk)
        if locked.status == JobStatus.SUCCEEDED:
            raise ValidationError("Dit bestand is al geïmporteerd.")
        for data in clean_rows:
            incident = Incident(
                municipality=municipality, reported_by=user, victim_user=None, victim_name=data["victim_name"],
                occurred_at=data["occurred_at"], location=data["location"], victim_role=data["victim_role"],
                channel=data["channel"], platform=data["platform"] if data["channel"].is_online else "",
                description=data["description"], injury=data["injury"], absence_days=data["absence_days"],
                damage_description=data["damage_description"], damage_amount=data["damage_amount"],
                witnesses=data["witnesses"], department=data["department"],
                retain_until=services.add_years(timezone.localtime(data["occurred_at"]).date(), years),
            )
            incident.save()
            with processing(activity=services.REGISTRATION, name="melding geïmporteerd (historische registratie)",
                            municipality_id=municipality.pk, actor_id=user.pk, subject_type="melding",
                            subject_id=incident.pk):
                incident.types.set(data["types"])
                services._event(incident, user, f"Melding geïmporteerd uit {upload.original_name} "
                                                f"(regel {data['row']}, historische registratie)")
        name, storage = upload.file.name, upload.file.storage
        jobs.succeed(upload, mapping=mapping, imported_count=len(clean_rows), file="")
        remember_column_mapping(municipality.pk, SCHEMA.key, mapping, user)
        transaction.on_commit(lambda: storage.delete(name))
    return len(clean_rows)
