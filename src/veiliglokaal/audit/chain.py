"""Appending to and verifying the hash chains."""

import datetime
import hashlib
import hmac
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from .models import ChainedRecord, ChainHead

GENESIS = "0" * 64


def _key() -> bytes:
    return settings.AUDIT_CHAIN_KEY.encode()


def _canonical(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).isoformat(timespec="microseconds")
    return value


def record_hash(record: ChainedRecord, previous_hash: str) -> str:
    payload = {name: _canonical(getattr(record, name)) for name in record.HASHED_FIELDS}
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hmac.new(_key(), f"{previous_hash}|{body}".encode(), hashlib.sha256).hexdigest()


def append(record: ChainedRecord) -> ChainedRecord:
    """Link `record` to the end of its chain and save it, inside the caller's transaction."""
    with transaction.atomic():
        ChainHead.objects.get_or_create(chain=record.CHAIN, defaults={"last_hash": GENESIS})
        head = ChainHead.objects.select_for_update().get(chain=record.CHAIN)
        record.sequence = head.last_sequence + 1
        record.previous_hash = head.last_hash
        record.entry_hash = record_hash(record, head.last_hash)
        record.save(force_insert=True)
        head.last_sequence, head.last_hash = record.sequence, record.entry_hash
        head.save(update_fields=["last_sequence", "last_hash"])
    return record


@dataclass
class ChainProblem:
    sequence: int | None
    record_id: int | None
    problem: str

    def __str__(self):
        where = f"volgnummer {self.sequence} (id {self.record_id})" if self.sequence is not None else "einde van de keten"
        return f"{where}: {self.problem}"


def verify(model: type[ChainedRecord], batch_size: int = 5000) -> list[ChainProblem]:
    """Walk one chain in order and report every changed, deleted or inserted record."""
    problems: list[ChainProblem] = []
    expected_sequence, expected_previous = 1, GENESIS
    last_sequence, last_hash = 0, GENESIS
    for record in model.objects.order_by("sequence").iterator(chunk_size=batch_size):
        if record.sequence > expected_sequence:
            problems.append(ChainProblem(record.sequence, record.pk, (
                f"volgnummer(s) {expected_sequence} t/m {record.sequence - 1} ontbreken: verwijderd")))
        elif record.sequence < expected_sequence:
            problems.append(ChainProblem(record.sequence, record.pk, "volgnummer dubbel of buiten volgorde: ingevoegd"))
        if record.previous_hash != expected_previous and record.sequence == expected_sequence:
            problems.append(ChainProblem(record.sequence, record.pk, (
                "verwijzing naar de vorige regel klopt niet: een regel ervoor is verwijderd, ingevoegd of gewijzigd")))
        if record_hash(record, record.previous_hash) != record.entry_hash:
            problems.append(ChainProblem(record.sequence, record.pk, "inhoud gewijzigd (hash klopt niet)"))
        expected_sequence = max(expected_sequence, record.sequence) + 1
        expected_previous = record.entry_hash
        last_sequence, last_hash = record.sequence, record.entry_hash
    head = ChainHead.objects.filter(chain=model.CHAIN).first()
    if head is not None and (head.last_sequence, head.last_hash) != (last_sequence, last_hash):
        if head.last_sequence > last_sequence:
            problems.append(ChainProblem(None, None, (
                f"laatste regel(s) {last_sequence + 1} t/m {head.last_sequence} ontbreken: verwijderd")))
        else:
            problems.append(ChainProblem(None, None, "laatste regel komt niet overeen met de kop van de keten: ingevoegd of gewijzigd"))
    elif head is None and last_sequence:
        problems.append(ChainProblem(None, None, "keten heeft geen kop: regels buiten de applicatie ingevoegd"))
    return problems
