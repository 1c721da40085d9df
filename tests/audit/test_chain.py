"""The hash chains: appending, verifying, and naming every changed, deleted or inserted record.

Tampering is done with raw SQL, as an attacker with database access would: the models themselves refuse
to update or delete log records. Table and column names come from `_meta` and are quoted by the backend,
so the same tests run on SQLite and PostgreSQL.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from veiliglokaal.audit.chain import GENESIS, record_hash, verify
from veiliglokaal.audit.models import (
    AppendOnlyError,
    ChainHead,
    ProcessingLogEntry,
    SecurityAction,
    SecurityEvent,
)
from veiliglokaal.audit.services import log_processing, log_security

pytestmark = pytest.mark.django_db


def _append_processing(n: int, municipality_id=None):
    return [
        log_processing(activity="accounts.gebruikersbeheer", name=f"verwerking {i}", subject_type="gebruiker",
                       subject_id=1000 + i, municipality_id=municipality_id, actor_id=7)
        for i in range(n)
    ]


def _append_security(n: int, municipality_id=None):
    return [
        log_security(SecurityAction.PERMISSION_CHANGED, actor_name="beheerder", object_type="gebruiker",
                     object_id=f"obj-{i}", municipality_id=municipality_id, detail={"rol": "admin", "n": i, "ä": "é"})
        for i in range(n)
    ]


CHAINS = {
    "processing": (ProcessingLogEntry, _append_processing, "name"),
    "security": (SecurityEvent, _append_security, "object_id"),
}


@pytest.fixture(params=list(CHAINS))
def chain(request):
    return CHAINS[request.param]


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _table(model) -> str:
    return _q(model._meta.db_table)


def _col(model, field_name: str) -> str:
    return _q(model._meta.get_field(field_name).column)


def _raw(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _raw_update(model, sequence: int, field_name: str, value):
    return _raw(f"UPDATE {_table(model)} SET {_col(model, field_name)} = %s WHERE {_col(model, 'sequence')} = %s",
                [value, sequence])


def _raw_delete(model, sequence: int):
    return _raw(f"DELETE FROM {_table(model)} WHERE {_col(model, 'sequence')} = %s", [sequence])


def _raw_insert_copy(model, source_sequence: int, **overrides):
    """Insert a new row copied from `source_sequence`, with some columns overridden (no ORM involved)."""
    columns = [f for f in model._meta.concrete_fields if not f.primary_key]
    names = ", ".join(_q(f.column) for f in columns)
    selects, params = [], []
    for f in columns:
        if f.name in overrides:
            selects.append("%s")
            params.append(overrides[f.name])
        else:
            selects.append(_q(f.column))
    params.append(source_sequence)
    sql = (f"INSERT INTO {_table(model)} ({names}) SELECT {', '.join(selects)} FROM {_table(model)} "
           f"WHERE {_col(model, 'sequence')} = %s")
    assert _raw(sql, params) == 1


# ---------------------------------------------------------------------------------------------- appending


def test_appending_links_each_record_to_its_predecessor(chain):
    model, append_n, _ = chain
    records = append_n(4)
    sequences = [r.sequence for r in records]
    assert sequences == list(range(sequences[0], sequences[0] + 4))
    stored = list(model.objects.order_by("sequence"))
    assert stored[0].sequence == 1 and stored[0].previous_hash == GENESIS
    for previous, current in zip(stored, stored[1:]):
        assert current.previous_hash == previous.entry_hash
        assert current.entry_hash == record_hash(current, current.previous_hash)
    head = ChainHead.objects.get(chain=model.CHAIN)
    assert (head.last_sequence, head.last_hash) == (stored[-1].sequence, stored[-1].entry_hash)


def test_the_two_chains_are_separate():
    p = _append_processing(2)
    s = _append_security(3)
    assert [r.sequence for r in p] == [1, 2]
    assert [r.sequence for r in s] == [1, 2, 3]
    assert verify(ProcessingLogEntry) == [] and verify(SecurityEvent) == []


def test_verify_finds_nothing_on_an_intact_chain(chain):
    model, append_n, _ = chain
    assert verify(model) == []  # empty chain
    append_n(7)
    assert verify(model) == []
    assert verify(model, batch_size=2) == []  # walking in small batches gives the same answer


def test_verify_finds_nothing_after_records_are_read_back_through_the_orm(chain, municipality_a):
    """Timestamps, JSON details and foreign keys hash the same after a round trip through the database."""
    model, append_n, _ = chain
    append_n(3, municipality_id=municipality_a.pk)
    for record in model.objects.all():
        assert record_hash(record, record.previous_hash) == record.entry_hash
    assert verify(model) == []


# ---------------------------------------------------------------------------------------------- append-only


def test_queryset_update_and_delete_are_refused(chain):
    model, append_n, field = chain
    append_n(2)
    with pytest.raises(AppendOnlyError):
        model.objects.all().update(**{field: "gewijzigd"})
    with pytest.raises(AppendOnlyError):
        model.objects.filter(sequence=1).delete()
    with pytest.raises(AppendOnlyError):
        model.objects.all().delete()
    assert model.objects.count() == 2
    assert verify(model) == []


def test_instance_save_and_delete_are_refused(chain):
    model, append_n, field = chain
    record = append_n(1)[0]
    setattr(record, field, "gewijzigd")
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    assert verify(model) == []


# ---------------------------------------------------------------------------------------------- tampering


def test_changed_field_is_named_by_sequence(chain):
    model, append_n, field = chain
    records = append_n(5)
    target = records[2]
    assert _raw_update(model, target.sequence, field, "stilletjes gewijzigd") == 1
    problems = verify(model)
    assert [p.sequence for p in problems] == [target.sequence]
    assert problems[0].record_id == target.pk
    assert "gewijzigd" in problems[0].problem
    assert f"volgnummer {target.sequence}" in str(problems[0])


def test_changed_hash_column_is_found(chain):
    model, append_n, _ = chain
    records = append_n(3)
    _raw_update(model, records[1].sequence, "entry_hash", "f" * 64)
    problems = verify(model)
    assert records[1].sequence in {p.sequence for p in problems}


def test_changed_timestamp_is_found():
    records = _append_processing(3)
    target = records[1]
    with connection.cursor() as cursor:  # shift the stored time by reusing the value of another row
        cursor.execute(
            f"UPDATE {_table(ProcessingLogEntry)} SET {_col(ProcessingLogEntry, 'started_at')} = "
            f"(SELECT {_col(ProcessingLogEntry, 'started_at')} FROM {_table(ProcessingLogEntry)} "
            f"WHERE {_col(ProcessingLogEntry, 'sequence')} = %s) WHERE {_col(ProcessingLogEntry, 'sequence')} = %s",
            [records[0].sequence, target.sequence])
    assert ProcessingLogEntry.objects.get(pk=target.pk).started_at != target.started_at
    assert [p.sequence for p in verify(ProcessingLogEntry)] == [target.sequence]


def test_deleted_middle_record_is_named(chain):
    model, append_n, _ = chain
    records = append_n(5)
    deleted = records[2]
    assert _raw_delete(model, deleted.sequence) == 1
    problems = verify(model)
    assert problems, "a deleted record must be found"
    assert problems[0].sequence == deleted.sequence + 1
    assert f"{deleted.sequence} t/m {deleted.sequence}" in problems[0].problem
    assert "verwijderd" in problems[0].problem


def test_deleted_first_record_is_named(chain):
    model, append_n, _ = chain
    records = append_n(3)
    _raw_delete(model, records[0].sequence)
    problems = verify(model)
    assert problems and problems[0].sequence == records[1].sequence
    assert "verwijderd" in problems[0].problem


def test_deleted_last_record_is_named(chain):
    model, append_n, _ = chain
    records = append_n(4)
    last = records[-1]
    assert _raw_delete(model, last.sequence) == 1
    problems = verify(model)
    assert len(problems) == 1
    assert problems[0].sequence is None
    assert f"{last.sequence} t/m {last.sequence}" in problems[0].problem
    assert "verwijderd" in problems[0].problem


def test_deleted_last_records_and_head_rewound_is_still_found_if_any_link_breaks(chain):
    """Deleting the tail and rewinding the head hides a deletion only if the attacker also controls the head:
    the head is the anchor. Rewinding it without the key still leaves a hash mismatch on the head."""
    model, append_n, _ = chain
    records = append_n(3)
    _raw_delete(model, records[-1].sequence)
    _raw(f"UPDATE {_table(ChainHead)} SET {_col(ChainHead, 'last_sequence')} = %s WHERE {_col(ChainHead, 'chain')} = %s",
         [records[-2].sequence, model.CHAIN])
    problems = verify(model)
    # the head's hash no longer matches, and its signature (made with the key) no longer fits the rewound head
    assert len(problems) == 2 and all(p.sequence is None for p in problems)
    assert any("teruggezet of vervalst" in p.problem for p in problems)


def test_inserted_record_with_a_valid_looking_sequence_is_named(chain):
    model, append_n, field = chain
    records = append_n(3)
    last = records[-1]
    fake_sequence = last.sequence + 1
    _raw_insert_copy(model, last.sequence, sequence=fake_sequence, previous_hash=last.entry_hash,
                     entry_hash="e" * 64, **{field: "ingevoegd door aanvaller"})
    problems = verify(model)
    assert fake_sequence in {p.sequence for p in problems}
    assert any(p.sequence is None and "ingevoegd" in p.problem for p in problems)  # the head does not know it


def test_inserted_record_with_correct_hash_is_still_found_by_the_head(chain):
    """Even an attacker who can compute the HMAC (knows the key) cannot extend the chain unnoticed
    without also rewriting the head."""
    model, append_n, field = chain
    records = append_n(2)
    last = records[-1]
    forged = model.objects.get(pk=last.pk)
    forged.sequence = last.sequence + 1
    setattr(forged, field, "vervalst")
    good_hash = record_hash(forged, last.entry_hash)
    _raw_insert_copy(model, last.sequence, sequence=forged.sequence, previous_hash=last.entry_hash,
                     entry_hash=good_hash, **{field: "vervalst"})
    problems = verify(model)
    assert [p.sequence for p in problems] == [None]
    assert "ingevoegd" in problems[0].problem


def test_inserted_record_in_the_middle_is_named(chain):
    """Make room in the middle by moving the tail up one number: both the insert and the shift show."""
    model, append_n, field = chain
    records = append_n(3)
    big = 10_000_000
    # Move the last record far away, insert a forged one in its place with a plausible previous hash.
    _raw_update(model, records[2].sequence, "sequence", big)
    _raw_insert_copy(model, records[1].sequence, sequence=records[2].sequence, previous_hash=records[1].entry_hash,
                     entry_hash="d" * 64, **{field: "ingevoegd"})
    problems = verify(model)
    named = {p.sequence for p in problems}
    assert records[2].sequence in named and big in named


# ---------------------------------------------------------------------------------------------- the command


def test_verify_audit_command_on_intact_chains():
    _append_processing(2)
    _append_security(2)
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert out.getvalue().count("keten intact") == 2


@pytest.mark.parametrize("tamper", ["change", "delete-middle", "delete-last", "insert"])
def test_verify_audit_command_fails_and_names_the_record(chain, tamper):
    model, append_n, field = chain
    records = append_n(4)
    target = records[1]
    if tamper == "change":
        _raw_update(model, target.sequence, field, "gewijzigd")
        expected = f"volgnummer {target.sequence} (id {target.pk})"
    elif tamper == "delete-middle":
        _raw_delete(model, target.sequence)
        expected = f"{target.sequence} t/m {target.sequence}"
    elif tamper == "delete-last":
        _raw_delete(model, records[-1].sequence)
        expected = f"{records[-1].sequence} t/m {records[-1].sequence}"
    else:
        fake = records[-1].sequence + 1
        _raw_insert_copy(model, records[-1].sequence, sequence=fake, previous_hash=records[-1].entry_hash,
                         entry_hash="c" * 64)
        expected = f"volgnummer {fake}"
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=out)
    output = out.getvalue()
    label = "verwerkingslog" if model is ProcessingLogEntry else "beveiligingslog"
    assert expected in output
    assert any(line.strip().startswith(f"- {label}") and expected in line for line in output.splitlines())


def test_verify_audit_exits_non_zero_from_the_command_line(chain, monkeypatch):
    """Outside call_command, a CommandError becomes a non-zero exit status."""
    import django.core.management.base as base

    monkeypatch.setattr(base.connections, "close_all", lambda: None)  # keep the test's transaction open
    model, append_n, field = chain
    records = append_n(2)
    _raw_update(model, records[0].sequence, field, "gewijzigd")
    command = __import__("veiliglokaal.audit.management.commands.verify_audit", fromlist=["Command"]).Command(
        stdout=StringIO(), stderr=StringIO())
    with pytest.raises(SystemExit) as exit_info:
        command.run_from_argv(["manage.py", "verify_audit"])
    assert exit_info.value.code != 0
