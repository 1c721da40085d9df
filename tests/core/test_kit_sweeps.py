"""The shared sweeps (core.sweeps): the reminder sweep and the retention runner, with rules declared by a test."""

import datetime
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import IntegrityError
from django.utils import timezone

from veiliglokaal.audit.models import ProcessingActivity, ProcessingLogEntry
from veiliglokaal.core.storage import PrivateStorage
from veiliglokaal.core.sweeps import ReminderSweep, RetentionRule, run_retention, send_reminders

NOW = timezone.now()


class FakeReminders(ReminderSweep):
    def __init__(self, items, fail_for=()):
        self.items, self.sent, self.fail_for = items, set(), set(fail_for)

    def due(self, limit):
        return [item for item in self.items if item.deadline_at <= limit]

    def already_sent(self, item):
        return (item.pk, item.deadline_at) in self.sent

    def recipients(self, item):
        return [item.email] if item.email else []

    def message(self, item, overdue):
        return (f"{'Verstreken' if overdue else 'Herinnering'}: ZAAK-{item.pk}", f"/zaken/{item.pk}")

    def record(self, item, overdue):
        if item.pk in self.fail_for:
            raise RuntimeError("mail server down")
        if item.pk == "race":
            raise IntegrityError("sent by a concurrent run")
        self.sent.add((item.pk, item.deadline_at))


def _item(pk, hours, email="eigenaar@example.org"):
    return SimpleNamespace(pk=pk, deadline_at=NOW + datetime.timedelta(hours=hours), email=email)


@pytest.mark.django_db
def test_reminders_once_per_item_and_deadline():
    sweep = FakeReminders([_item(1, -2), _item(2, 12), _item(3, 72), _item(4, 1, email=""), _item("race", 1)])
    calls = []
    result = send_reminders(sweep, NOW, progress=lambda done, total: calls.append((done, total)))
    assert (result.sent, result.skipped, result.without_address, result.failed) == (2, 1, 1, 0)
    assert sorted(m.subject for m in mail.outbox) == ["Herinnering: ZAAK-2", "Verstreken: ZAAK-1"]
    assert calls[0] == (0, 4) and calls[-1] == (4, 4)
    again = send_reminders(sweep, NOW)
    assert (again.sent, again.skipped) == (0, 3) and len(mail.outbox) == 2
    sweep.items[0].deadline_at = NOW + datetime.timedelta(hours=5)  # a new deadline is a new period
    assert send_reminders(sweep, NOW).sent == 1


@pytest.mark.django_db
def test_a_failed_send_records_nothing_and_is_retried():
    sweep = FakeReminders([_item(1, -1)], fail_for={1})
    assert send_reminders(sweep, NOW).failed == 1 and not sweep.sent and not mail.outbox
    sweep.fail_for.clear()
    assert send_reminders(sweep, NOW).sent == 1


class FakeRetention(RetentionRule):
    activity = "audit.logboek"
    log_name = "testgegeven verwijderd (bewaartermijn)"
    batch_size = 2

    def __init__(self, storage, fail=False):
        self.storage, self.fail, self.records = storage, fail, []

    def groups(self, when):
        return sorted(set(self.due_all(when).values_list("module", flat=True)))

    def due_all(self, when):
        return ProcessingActivity.objects.filter(key__startswith="kit-", retention__lt=when)

    def due(self, group, when):
        return self.due_all(when).filter(module=group)

    def municipality_id(self, group):
        return None

    def files(self, rows):
        return self.storage, [row.recipients for row in rows]  # the test keeps a file name in `recipients`

    def apply(self, group, rows, when):
        ProcessingActivity.objects.filter(pk__in=[r.pk for r in rows]).delete()
        if self.fail:
            raise RuntimeError("stopped halfway")
        return {"deleted": len(rows)}

    def record(self, group, when, rows, counts):
        self.records.append((group, counts["deleted"]))
        return (group, counts["deleted"])


def _rows(storage, count, module, retention="2020"):
    for i in range(count):
        name = storage.save(f"f/{module}-{i}.txt", ContentFile(b"persoonsgegevens"))
        ProcessingActivity.objects.create(key=f"kit-{module}-{i}", module=module, name="x", purpose="x",
                                          legal_basis="x", data_subjects="x", data_categories="x",
                                          recipients=name, retention=retention)


@pytest.mark.django_db
def test_retention_runner_batches_logs_records_and_deletes_files(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    storage = PrivateStorage("kit")
    _rows(storage, 3, "a")
    _rows(storage, 1, "b")
    _rows(storage, 1, "c", retention="2099")  # not yet due
    logs = ProcessingLogEntry.objects.count()
    calls = []
    rule = FakeRetention(storage)
    report = run_retention(rule, "2025", progress=lambda done, total: calls.append((done, total)))
    assert report.rows == 4 and report.counts["deleted"] == 4
    assert report.records == [("a", 2), ("a", 1), ("b", 1)]  # per group and batch
    assert calls == [(0, 4), (2, 4), (3, 4), (4, 4)]
    assert ProcessingLogEntry.objects.count() == logs + 4
    assert ProcessingLogEntry.objects.order_by("-sequence").first().name == FakeRetention.log_name
    assert sorted(p.name for p in (tmp_path / "kit" / "f").iterdir()) == ["c-0.txt"]
    assert run_retention(rule, "2025").rows == 0  # nothing due any more


@pytest.mark.django_db
def test_a_failing_action_keeps_rows_files_and_log_as_they_were(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    storage = PrivateStorage("kit")
    _rows(storage, 2, "a")
    logs = ProcessingLogEntry.objects.count()
    with pytest.raises(RuntimeError):
        run_retention(FakeRetention(storage, fail=True), "2025")
    assert ProcessingActivity.objects.filter(key__startswith="kit-").count() == 2
    assert len(list((tmp_path / "kit" / "f").iterdir())) == 2
    assert ProcessingLogEntry.objects.count() == logs
    assert run_retention(FakeRetention(storage), "2025").rows == 2  # a rerun completes the work
