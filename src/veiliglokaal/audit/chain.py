"""Appending to and verifying the hash chains, and anchoring them outside the database.

Each record is linked by an HMAC over its predecessor's hash and its own fields. The chain head (last sequence and
hash) is itself signed with the key, so it cannot be rewound or forged without the key. Because someone with
database access could still replay an older head together with a truncated table, `write_checkpoint` appends
signed checkpoints (sequence, last hash, count, time, key id) to a file outside the database
(`AUDIT_CHECKPOINT_FILE`); `verify` compares the chain with the newest checkpoint. Checkpoint lines are numbered and
linked to their predecessor, and the head remembers the number of the newest checkpoint of its chain, so an edited,
shortened or removed file is reported too (ADR 3 and 15).
"""

import datetime
import fcntl
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import ChainedRecord, ChainHead

GENESIS = "0" * 64


def _key() -> bytes:
    return settings.AUDIT_CHAIN_KEY.encode()


def key_id(key: bytes | None = None) -> str:
    """A short fingerprint of the key (not the key): stored with each checkpoint, for rotation and diagnosis."""
    return hashlib.sha256(b"veiliglokaal-audit-key-id|" + (key or _key())).hexdigest()[:12]


def head_mac(chain: str, sequence: int, last_hash: str, checkpoint_number: int) -> str:
    message = f"head|{chain}|{sequence}|{last_hash}|{checkpoint_number}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def _sign_head(head: ChainHead) -> None:
    head.head_mac = head_mac(head.chain, head.last_sequence, head.last_hash, head.checkpoint_number)


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
        _sign_head(head)
        head.save(update_fields=["last_sequence", "last_hash", "head_mac"])
    return record


# ---------------------------------------------------------------------------------------------- checkpoints

CHECKPOINT_FIELDS = ("n", "chain", "sequence", "last_hash", "count", "time", "key_id", "prev")


def _checkpoint_mac(line: dict) -> str:
    body = json.dumps({name: line.get(name) for name in CHECKPOINT_FIELDS}, sort_keys=True, separators=(",", ":"))
    return hmac.new(_key(), f"checkpoint|{body}".encode(), hashlib.sha256).hexdigest()


def checkpoint_path() -> Path | None:
    value = getattr(settings, "AUDIT_CHECKPOINT_FILE", "")
    return Path(value) if value else None


@dataclass
class CheckpointFile:
    lines: list[dict]
    problems: list[str]  # problems of the file itself: unreadable, edited, missing or reordered lines


def read_checkpoints(path: Path | None = None) -> CheckpointFile:
    path = path or checkpoint_path()
    lines: list[dict] = []
    problems: list[str] = []
    if path is None or not path.exists():
        return CheckpointFile(lines, problems)
    expected_n, expected_prev = 1, ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
            valid = isinstance(line, dict) and hmac.compare_digest(str(line.get("mac", "")), _checkpoint_mac(line))
        except (ValueError, TypeError):
            line, valid = None, False
        if not valid:
            problems.append(f"ijkpuntbestand regel {number} is gewijzigd of onleesbaar (handtekening klopt niet)")
            expected_n += 1
            continue
        if line["n"] != expected_n or line["prev"] != expected_prev:
            problems.append(f"ijkpuntbestand regel {number}: ijkpunt(en) ervoor ontbreken of staan in andere volgorde")
        lines.append(line)
        expected_n, expected_prev = line["n"] + 1, line["mac"]
    return CheckpointFile(lines, problems)


def write_checkpoint(model: type[ChainedRecord], path: Path | None = None) -> dict:
    """Append a signed checkpoint of `model`'s chain to the checkpoint file and remember its number in the head."""
    path = path or checkpoint_path()
    if path is None:
        raise ValueError("AUDIT_CHECKPOINT_FILE is not set")
    path.parent.mkdir(parents=True, exist_ok=True)
    with transaction.atomic():
        ChainHead.objects.get_or_create(chain=model.CHAIN, defaults={"last_hash": GENESIS})
        head = ChainHead.objects.select_for_update().get(chain=model.CHAIN)
        with open(path, "a+", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            handle.seek(0)
            previous = [line for line in handle.read().splitlines() if line.strip()]
            last = {}
            if previous:
                try:
                    last = json.loads(previous[-1])
                except ValueError:
                    last = {"n": len(previous), "mac": ""}
            line = {"n": int(last.get("n", 0)) + 1, "chain": model.CHAIN, "sequence": head.last_sequence,
                    "last_hash": head.last_hash, "count": model.objects.count(),
                    "time": timezone.now().astimezone(datetime.timezone.utc).isoformat(timespec="seconds"),
                    "key_id": key_id(), "prev": last.get("mac", "")}
            line["mac"] = _checkpoint_mac(line)
            handle.seek(0, os.SEEK_END)
            handle.write(json.dumps(line, sort_keys=True) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        head.checkpoint_number = line["n"]
        _sign_head(head)
        head.save(update_fields=["checkpoint_number", "head_mac"])
    return line


@dataclass
class ChainProblem:
    sequence: int | None
    record_id: int | None
    problem: str

    def __str__(self):
        where = f"volgnummer {self.sequence} (id {self.record_id})" if self.sequence is not None else "einde van de keten"
        return f"{where}: {self.problem}"


def verify(model: type[ChainedRecord], batch_size: int = 5000) -> list[ChainProblem]:
    """Walk one chain in order and report every changed, deleted or inserted record, a rewound or forged head,
    and any difference from the newest checkpoint outside the database."""
    problems: list[ChainProblem] = []
    checkpoints = read_checkpoints() if checkpoint_path() else CheckpointFile([], [])
    own = [line for line in checkpoints.lines if line["chain"] == model.CHAIN]
    newest = own[-1] if own else None
    expected_sequence, expected_previous = 1, GENESIS
    last_sequence, last_hash = 0, GENESIS
    hash_at_checkpoint, count_to_checkpoint = None, 0
    for record in model.objects.order_by("sequence", "pk").iterator(chunk_size=batch_size):
        if record.sequence < expected_sequence:
            # A duplicate, a sequence of 0 or below, or a row out of order: one finding for this row; the walk
            # goes on from the last good row, so the rows after it are not reported as well.
            problems.append(ChainProblem(record.sequence, record.pk, "volgnummer dubbel of buiten volgorde: ingevoegd"))
            continue
        if record.sequence > expected_sequence:
            problems.append(ChainProblem(record.sequence, record.pk, (
                f"volgnummer(s) {expected_sequence} t/m {record.sequence - 1} ontbreken: verwijderd")))
        elif record.previous_hash != expected_previous:
            problems.append(ChainProblem(record.sequence, record.pk, (
                "verwijzing naar de vorige regel klopt niet: een regel ervoor is verwijderd, ingevoegd of gewijzigd")))
        if record_hash(record, record.previous_hash) != record.entry_hash:
            problems.append(ChainProblem(record.sequence, record.pk, "inhoud gewijzigd (hash klopt niet)"))
        if newest is not None and record.sequence <= newest["sequence"]:
            count_to_checkpoint += 1
            if record.sequence == newest["sequence"]:
                hash_at_checkpoint = record.entry_hash
        expected_sequence = record.sequence + 1
        expected_previous = record.entry_hash
        last_sequence, last_hash = record.sequence, record.entry_hash
    head = ChainHead.objects.filter(chain=model.CHAIN).first()
    if head is not None:
        if not hmac.compare_digest(head.head_mac or "", head_mac(head.chain, head.last_sequence, head.last_hash,
                                                                    head.checkpoint_number)):
            problems.append(ChainProblem(None, None, (
                "kop van de keten is teruggezet of vervalst (handtekening met de sleutel klopt niet)")))
        if (head.last_sequence, head.last_hash) != (last_sequence, last_hash):
            if head.last_sequence > last_sequence:
                problems.append(ChainProblem(None, None, (
                    f"laatste regel(s) {last_sequence + 1} t/m {head.last_sequence} ontbreken: verwijderd")))
            else:
                problems.append(ChainProblem(None, None,
                                             "laatste regel komt niet overeen met de kop van de keten: ingevoegd of gewijzigd"))
    elif last_sequence:
        problems.append(ChainProblem(None, None, "keten heeft geen kop: regels buiten de applicatie ingevoegd"))
    if checkpoint_path():
        problems.extend(_compare_with_checkpoints(model, head, checkpoints, newest, last_sequence,
                                                  hash_at_checkpoint, count_to_checkpoint))
    return problems


def _compare_with_checkpoints(model, head, checkpoints, newest, last_sequence, hash_at_checkpoint,
                              count_to_checkpoint) -> list[ChainProblem]:
    problems = [ChainProblem(None, None, text) for text in checkpoints.problems]
    newest_number = newest["n"] if newest else 0
    if head is not None and head.checkpoint_number > newest_number:
        problems.append(ChainProblem(None, None, (
            f"ijkpunt {head.checkpoint_number} van deze keten ontbreekt in het ijkpuntbestand: bestand ingekort of vervangen")))
    if newest is None:
        return problems
    when = newest["time"]
    if last_sequence < newest["sequence"]:
        problems.append(ChainProblem(None, None, (
            f"regel(s) {last_sequence + 1} t/m {newest['sequence']} ontbreken, maar stonden in het ijkpunt van {when}: "
            "verwijderd")))
    elif newest["sequence"] and hash_at_checkpoint != newest["last_hash"]:
        problems.append(ChainProblem(newest["sequence"], None, (
            f"regel wijkt af van het ijkpunt van {when}: gewijzigd of vervangen")))
    elif count_to_checkpoint != newest["count"]:
        problems.append(ChainProblem(None, None, (
            f"{count_to_checkpoint} regels tot en met het ijkpunt van {when}, daar waren er {newest['count']}")))
    return problems
