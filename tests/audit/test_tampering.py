"""Ten ways to tamper with an audit chain, each done as an attacker with database (and file) access but without
the key would do it. Every one must be reported; the fully rewound tail and the full wipe are caught by the signed
head and by the checkpoint file outside the database (ADR 15)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from veiliglokaal.audit.chain import read_checkpoints, verify, write_checkpoint
from veiliglokaal.audit.models import ChainHead

from .test_chain import CHAINS, _col, _raw, _raw_delete, _raw_insert_copy, _raw_update, _table

pytestmark = pytest.mark.django_db


@pytest.fixture(params=list(CHAINS))
def chain(request):
    return CHAINS[request.param]


@pytest.fixture
def checkpoints(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "ijkpunten.jsonl")
    return tmp_path / "ijkpunten.jsonl"


def _rewind_head(model, record):
    """Set the unkeyed fields of the head back to `record`, as an attacker who deleted everything after it would."""
    _raw(f"UPDATE {_table(ChainHead)} SET {_col(ChainHead, 'last_sequence')} = %s, {_col(ChainHead, 'last_hash')} = %s "
         f"WHERE {_col(ChainHead, 'chain')} = %s", [record.sequence, record.entry_hash, model.CHAIN])


def test_intact_chain_with_checkpoints_verifies(chain, checkpoints):
    model, append_n, _ = chain
    append_n(3)
    write_checkpoint(model)
    append_n(2)
    assert verify(model) == []
    line = read_checkpoints().lines[-1]
    assert line["sequence"] == 3 and line["count"] == 3 and line["key_id"] and line["mac"]


def test_1_edited_record(chain, checkpoints):
    model, append_n, field = chain
    records = append_n(4)
    write_checkpoint(model)
    _raw_update(model, records[1].sequence, field, "gewijzigd")
    problems = verify(model)
    assert [p.sequence for p in problems] == [records[1].sequence]
    assert "inhoud gewijzigd" in problems[0].problem


def test_2_middle_delete(chain, checkpoints):
    model, append_n, _ = chain
    records = append_n(4)
    write_checkpoint(model)
    _raw_delete(model, records[1].sequence)
    problems = verify(model)
    assert records[2].sequence in {p.sequence for p in problems}
    assert any("ontbreken: verwijderd" in p.problem for p in problems)


def test_3_tail_delete_with_rewound_head(chain, checkpoints):
    model, append_n, _ = chain
    records = append_n(5)
    write_checkpoint(model)
    for record in records[3:]:
        _raw_delete(model, record.sequence)
    _rewind_head(model, records[2])
    problems = verify(model)
    texts = " | ".join(p.problem for p in problems)
    assert "teruggezet of vervalst" in texts
    assert f"regel(s) {records[3].sequence} t/m {records[4].sequence} ontbreken" in texts  # from the checkpoint


def test_3b_tail_delete_with_replayed_old_head_is_caught_by_the_checkpoint(chain, checkpoints):
    """The attacker saved the head row (with its valid signature) earlier and puts it back after deleting the
    tail: only the checkpoint outside the database still knows the chain was longer."""
    model, append_n, _ = chain
    append_n(2)
    old_head = ChainHead.objects.values("last_sequence", "last_hash", "head_mac", "checkpoint_number").get(
        chain=model.CHAIN)
    more = append_n(3)
    write_checkpoint(model)
    for record in more:
        _raw_delete(model, record.sequence)
    _raw(f"UPDATE {_table(ChainHead)} SET {_col(ChainHead, 'last_sequence')} = %s, {_col(ChainHead, 'last_hash')} = %s, "
         f"{_col(ChainHead, 'head_mac')} = %s, {_col(ChainHead, 'checkpoint_number')} = %s "
         f"WHERE {_col(ChainHead, 'chain')} = %s",
         [old_head["last_sequence"], old_head["last_hash"], old_head["head_mac"], old_head["checkpoint_number"],
          model.CHAIN])
    problems = verify(model)
    assert any(f"regel(s) 3 t/m {more[-1].sequence} ontbreken" in p.problem for p in problems), problems


def test_4_full_wipe(chain, checkpoints):
    model, append_n, _ = chain
    append_n(3)
    write_checkpoint(model)
    _raw(f"DELETE FROM {_table(model)}")
    _raw(f"DELETE FROM {_table(ChainHead)} WHERE {_col(ChainHead, 'chain')} = %s", [model.CHAIN])
    problems = verify(model)
    assert len(problems) == 1 and "regel(s) 1 t/m 3 ontbreken" in problems[0].problem


def test_5_insert(chain, checkpoints):
    model, append_n, field = chain
    records = append_n(3)
    write_checkpoint(model)
    _raw_insert_copy(model, records[2].sequence, sequence=records[2].sequence + 1,
                     previous_hash=records[2].entry_hash, entry_hash="e" * 64, **{field: "ingevoegd"})
    problems = verify(model)
    assert records[2].sequence + 1 in {p.sequence for p in problems}


def test_6_insert_with_sequence_zero_is_one_finding(chain, checkpoints):
    model, append_n, field = chain
    records = append_n(4)
    write_checkpoint(model)
    _raw_insert_copy(model, records[0].sequence, sequence=0, previous_hash="0" * 64, entry_hash="f" * 64,
                     **{field: "ingevoegd"})
    problems = verify(model)
    assert len(problems) == 1, problems
    assert problems[0].sequence == 0 and "ingevoegd" in problems[0].problem


def test_7_swapped_rows(chain, checkpoints):
    model, append_n, _ = chain
    records = append_n(4)
    write_checkpoint(model)
    a, b = records[1].sequence, records[2].sequence
    _raw_update(model, a, "sequence", -1)
    _raw_update(model, b, "sequence", a)
    _raw_update(model, -1, "sequence", b)
    problems = verify(model)
    assert {a, b} <= {p.sequence for p in problems}


def test_8_rewound_head_alone(chain, checkpoints):
    model, append_n, _ = chain
    records = append_n(3)
    _raw_delete(model, records[2].sequence)
    _rewind_head(model, records[1])
    problems = verify(model)  # no checkpoint yet: the signed head alone must catch it
    assert [p.problem for p in problems] == [
        "kop van de keten is teruggezet of vervalst (handtekening met de sleutel klopt niet)"]


def test_9_forged_head_without_key(chain, checkpoints):
    model, append_n, _ = chain
    append_n(2)
    _raw(f"UPDATE {_table(ChainHead)} SET {_col(ChainHead, 'head_mac')} = %s, {_col(ChainHead, 'checkpoint_number')} = 0 "
         f"WHERE {_col(ChainHead, 'chain')} = %s", ["a" * 64, model.CHAIN])
    problems = verify(model)
    assert any("teruggezet of vervalst" in p.problem for p in problems)


@pytest.mark.parametrize("how", ["edit", "truncate-line", "remove-file", "drop-middle-line", "partial-line"])
def test_10_checkpoint_file_truncated_or_edited(chain, checkpoints, how):
    model, append_n, _ = chain
    append_n(2)
    write_checkpoint(model)
    append_n(1)
    write_checkpoint(model)
    append_n(1)
    write_checkpoint(model)
    lines = checkpoints.read_text().splitlines()
    if how == "edit":
        line = json.loads(lines[-1])
        line["sequence"] -= 1
        lines[-1] = json.dumps(line, sort_keys=True)
        checkpoints.write_text("\n".join(lines) + "\n")
    elif how == "truncate-line":
        checkpoints.write_text("\n".join(lines[:-1]) + "\n")
    elif how == "remove-file":
        checkpoints.unlink()
    elif how == "drop-middle-line":
        checkpoints.write_text("\n".join([lines[0], lines[2]]) + "\n")
    else:
        checkpoints.write_text("\n".join(lines[:-1] + [lines[-1][:40]]))
    problems = verify(model)
    assert problems and all(p.sequence is None for p in problems), problems
    assert any("ijkpunt" in p.problem for p in problems)


def test_verify_audit_checkpoint_command(checkpoints):
    CHAINS["processing"][1](2)
    CHAINS["security"][1](2)
    out = StringIO()
    call_command("verify_audit", "--checkpoint", stdout=out)
    assert out.getvalue().count("ijkpunt") == 2
    assert [line["chain"] for line in read_checkpoints().lines] == ["processing", "security"]
    model = CHAINS["processing"][0]
    _raw(f"DELETE FROM {_table(model)}")
    with pytest.raises(CommandError):
        call_command("verify_audit", "--checkpoint", stdout=StringIO())
    assert len(read_checkpoints().lines) == 2  # a broken chain is never anchored
