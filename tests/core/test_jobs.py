"""The background-job base (core.jobs): declared states, throttled progress with a heartbeat, recovery of jobs whose
worker died (with each kind's clean-up), the shared progress fragment and error report, the command-line bar, and a
real fault: `kill -9` of a `db_worker` subprocess in the middle of a monitoring upload."""

import datetime
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command, get_commands
from django.db import connection, transaction
from django.utils import timezone

from tests.conftest import ensure_registry, logged_in_client, make_user
from tests.monitoring.conftest import private_media  # noqa: F401 - autouse: a media root per test
from tests.monitoring.monitoring_helpers import make_monitor, tenant
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import ProcessingLogEntry
from veiliglokaal.core import jobs
from veiliglokaal.core.job_views import report_csv
from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.core.progress import cli_progress
from veiliglokaal.monitoring import services, uploads
from veiliglokaal.monitoring.connectors import RawPost
from veiliglokaal.monitoring.models import MonitorUpload, Post

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def analyst(users_a):
    return users_a[Role.ANALYST]


def _lines(n: int, prefix: str = "p") -> bytes:
    moment = timezone.now().replace(minute=30, second=0, microsecond=0) - datetime.timedelta(hours=1)
    return "\n".join(json.dumps({"id": f"{prefix}-{i}", "time": (moment - datetime.timedelta(seconds=i)).isoformat(),
                                 "text": f"Bericht {i} over het gemeentehuis", "author": f"synthetisch_{i}"})
                     for i in range(n)).encode()


def _offer(analyst, municipality, n=4):
    monitor = make_monitor(analyst, municipality)
    return uploads.offer(tenant(analyst, municipality), analyst, monitor, "upload", "Export (synthetisch)",
                         SimpleUploadedFile("berichten.jsonl", _lines(n)))


def _half_done(upload, posts=3, minutes_ago=10):
    """A running upload that stored one chunk, whose worker then stopped beating `minutes_ago`."""
    jobs.start(upload, total=10, phase="Berichten opslaan")
    raw = [RawPost(external_id=f"half-{i}", published_at=timezone.now() - datetime.timedelta(hours=1),
                   text="Bericht over het gemeentehuis", author=f"synthetisch_{i}") for i in range(posts)]
    services.ingest(upload.monitor, "upload", upload.source_name, raw, upload_id=upload.pk)
    MonitorUpload.objects.filter(pk=upload.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=minutes_ago), posts_stored=posts)


# --- declared states and progress --------------------------------------------------------------------------------

def test_progress_writes_are_throttled_and_bump_the_heartbeat(analyst, municipality_a, django_assert_max_num_queries):
    upload = _offer(analyst, municipality_a)
    jobs.start(upload, total=10_000)
    written = []
    with django_assert_max_num_queries(60):  # ~50 steps of 2% plus the last one, not 10,000 writes
        for done in range(1, 10_001):
            if jobs.progress(upload, done):
                written.append(done)
    stored = MonitorUpload.objects.get(pk=upload.pk)
    assert 45 <= len(written) <= 55 and written[-1] == 10_000 and written == sorted(written)
    assert (stored.done, stored.total, stored.status) == (10_000, 10_000, JobStatus.RUNNING)
    assert stored.heartbeat_at >= stored.started_at


def test_a_phase_change_is_always_written(analyst, municipality_a):
    upload = _offer(analyst, municipality_a)
    jobs.start(upload, total=100, phase="Lezen")
    jobs.progress(upload, 1)
    assert jobs.progress(upload, 2, phase="Opslaan")
    assert MonitorUpload.objects.get(pk=upload.pk).phase == "Opslaan"


def test_a_job_failed_meanwhile_stops_at_its_next_write(analyst, municipality_a):
    upload = _offer(analyst, municipality_a)
    jobs.start(upload, total=10)
    MonitorUpload.objects.filter(pk=upload.pk).update(status=JobStatus.FAILED)  # e.g. by recovery
    with pytest.raises(jobs.JobInterrupted):
        jobs.progress(upload, 10)
    with pytest.raises(jobs.JobInterrupted), transaction.atomic():
        Post.objects.all().delete()
        jobs.succeed(upload)
    assert not jobs.fail(upload, "te laat")  # the first outcome stands
    assert MonitorUpload.objects.get(pk=upload.pk).error_summary == ""


def test_succeed_and_fail_record_the_outcome(analyst, municipality_a):
    upload = _offer(analyst, municipality_a)
    jobs.start(upload, total=3)
    jobs.fail(upload, "Er is niets opgeslagen.", [jobs.report_row("geen tijd", row=4, column="time")])
    stored = MonitorUpload.objects.get(pk=upload.pk)
    assert stored.status == JobStatus.FAILED and stored.finished_at and stored.is_finished and stored.percent == 100
    assert stored.error_report == [{"row": 4, "column": "time", "value": "", "message": "geen tijd"}]
    assert stored.get_status_display() == "Mislukt"


def test_enqueue_waits_for_the_commit(analyst, municipality_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        upload = _offer(analyst, municipality_a)
    assert len(callbacks) == 1 and MonitorUpload.objects.get(pk=upload.pk).status == JobStatus.QUEUED


# --- recovery ----------------------------------------------------------------------------------------------------

def test_recovery_fails_a_stale_upload_and_removes_its_posts_and_file(analyst, municipality_a, private_media,
                                                                     django_capture_on_commit_callbacks):
    upload = _offer(analyst, municipality_a)
    file_path = Path(upload.file.path)
    _half_done(upload)
    fresh = _offer(analyst, municipality_a)
    jobs.start(fresh, total=4)
    queued = _offer(analyst, municipality_a)
    assert Post.objects.filter(upload=upload).count() == 3 and file_path.exists()
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the recovery has committed
        assert jobs.recover_stale_jobs() == [("monitoring.MonitorUpload", upload.pk)]
    upload.refresh_from_db()
    assert upload.status == JobStatus.FAILED and str(jobs.INTERRUPTED) == upload.error_summary
    assert upload.error_summary.startswith("De verwerking is onderbroken (de achtergrondverwerker stopte).")
    assert not Post.objects.filter(upload=upload).exists() and upload.posts_stored == 0
    assert not upload.file and not file_path.exists()
    assert ProcessingLogEntry.objects.filter(name="berichten van een onderbroken upload verwijderd").exists()
    assert MonitorUpload.objects.get(pk=fresh.pk).status == JobStatus.RUNNING
    assert MonitorUpload.objects.get(pk=queued.pk).status == JobStatus.QUEUED


def test_recovery_honours_the_setting(analyst, municipality_a, settings):
    upload = _offer(analyst, municipality_a)
    _half_done(upload, minutes_ago=2)
    assert jobs.recover_stale_jobs() == []  # 2 minutes < the default 300 s
    settings.JOB_STALE_AFTER_SECONDS = 60
    assert jobs.recover_stale_jobs() == [("monitoring.MonitorUpload", upload.pk)]


def test_recover_stale_jobs_command(analyst, municipality_a):
    upload = _offer(analyst, municipality_a)
    _half_done(upload)
    out = io.StringIO()
    call_command("recover_stale_jobs", stdout=out)
    assert f"monitoring.MonitorUpload {upload.pk}: onderbroken" in out.getvalue() and "1 onderbroken" in out.getvalue()


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection when it stops
def test_db_worker_is_ours_and_recovers_on_start(settings):
    ensure_registry()
    from veiliglokaal.core.models import Municipality

    municipality_a = Municipality.objects.get(code="GM0233")
    analyst = make_user("worker-analyst", municipality_a, Role.ANALYST)
    assert get_commands()["db_worker"] == "veiliglokaal.core"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    upload = _offer(analyst, municipality_a)
    MonitorUpload.objects.filter(pk=upload.pk).update(status=JobStatus.RUNNING, heartbeat_at=timezone.now()
                                                      - datetime.timedelta(hours=1))
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0, stderr=io.StringIO())
    assert MonitorUpload.objects.get(pk=upload.pk).status == JobStatus.FAILED


def test_showing_a_stale_job_fails_it(analyst, municipality_a):
    upload = _offer(analyst, municipality_a)
    _half_done(upload)
    client = logged_in_client(analyst, municipality_a)
    fragment = client.get(f"/monitoring/uploads/{upload.pk}/voortgang?polling=1", HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true" and "De verwerking is onderbroken" in fragment.content.decode()
    assert not Post.objects.filter(upload=upload).exists()


# --- the shared progress fragment and report ---------------------------------------------------------------------

def test_fragment_shows_phase_counts_and_an_accessible_progress_bar(analyst, municipality_a):
    upload = _offer(analyst, municipality_a)
    jobs.start(upload, total=40, phase="Berichten opslaan")
    jobs.progress(upload, 12)
    client = logged_in_client(analyst, municipality_a)
    html = client.get(f"/monitoring/uploads/{upload.pk}/voortgang?polling=1", HTTP_HX_REQUEST="true").content.decode()
    assert "Berichten opslaan" in html and "12 van 40 berichten verwerkt" in html and "Bezig" in html
    assert '<progress aria-labelledby="voortgang-label" max="40" value="12">' in html and 'id="voortgang-label"' in html
    assert f'hx-get="/monitoring/uploads/{upload.pk}/voortgang?polling=1"' in html


def test_failed_fragment_links_the_report_page_and_csv(analyst, municipality_a):
    upload = _offer(analyst, municipality_a)
    jobs.start(upload)
    jobs.fail(upload, "Het bestand is niet verwerkt; er is niets opgeslagen.", [jobs.report_row("kapot", row=2)])
    client = logged_in_client(analyst, municipality_a)
    html = client.get(f"/monitoring/uploads/{upload.pk}/voortgang").content.decode()
    assert "er is niets opgeslagen" in html and f'href="/monitoring/uploads/{upload.pk}#fouten"' in html
    assert f'href="/monitoring/uploads/{upload.pk}/fouten.csv"' in html and "hx-trigger" not in html
    csv = client.get(f"/monitoring/uploads/{upload.pk}/fouten.csv")
    assert csv.content.startswith("\ufeff".encode()) and csv.content.decode("utf-8-sig").splitlines() == [
        "regel;kolom;waarde;melding", "2;;;kapot"]


def test_another_municipalitys_job_is_404(analyst, municipality_a, users_b, municipality_b):
    upload = _offer(users_b[Role.ANALYST], municipality_b)
    client = logged_in_client(analyst, municipality_a)
    for suffix in ("", "/voortgang", "/fouten.csv"):
        assert client.get(f"/monitoring/uploads/{upload.pk}{suffix}").status_code == 404


def test_report_csv_is_formula_safe():
    text = report_csv([{"row": 1, "column": "a", "value": "=SOM(A1)", "message": "fout"}]).decode("utf-8-sig")
    assert text.splitlines()[1] == "1;a;'=SOM(A1);fout"


def test_cli_progress_draws_one_line_per_percentage():
    stream = io.StringIO()
    bar = cli_progress(stream, "rijen ")
    for done in range(0, 201):
        bar(done, 200)
    bar.close()
    assert stream.getvalue().count("\r") == 101 and stream.getvalue().endswith("100% (200/200)\n")


# --- a real fault ------------------------------------------------------------------------------------------------

class WorkerDatabase:
    """The database a `db_worker` subprocess works on, with the test's committed rows. SQLite: a file copy of the
    in-memory test database (made after the job was queued); PostgreSQL: the test database itself."""

    def __init__(self, tmp_path: Path):
        connection.ensure_connection()
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.path = tmp_path / "worker.sqlite3"
            with sqlite3.connect(self.path) as copy:
                connection.connection.backup(copy)
            self.url = f"sqlite:///{self.path}"
        else:
            db = connection.settings_dict
            self.url = (f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
                        f"/{db['NAME']}")

    def row(self, sql: str, *args):
        """One row, `%s` placeholders."""
        if self.vendor == "sqlite":
            with sqlite3.connect(self.path, timeout=20) as db:
                return db.execute(sql.replace("%s", "?"), args).fetchone()
        with connection.cursor() as cursor:
            cursor.execute(sql, args)
            return cursor.fetchone()

    def env(self, media: Path, **extra) -> dict:
        return {**os.environ, "DJANGO_SETTINGS_MODULE": "veiliglokaal.settings.test", "DATABASE_URL": self.url,
                "MEDIA_ROOT": str(media), "TASKS_BACKEND": "django_tasks_db.DatabaseBackend", **extra}


@pytest.mark.django_db(transaction=True)
def test_kill_9_of_the_worker_is_recovered_at_the_next_start(settings, private_media, tmp_path, monkeypatch):
    """A real `db_worker` subprocess starts a large upload; after a chunk is stored it is killed with SIGKILL. The
    upload stays "bezig" with half its posts and its raw file. The next `db_worker` start fails it with the Dutch
    message, removes the posts and deletes the file."""
    ensure_registry()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from veiliglokaal.core.models import Municipality

    ermelo = Municipality.objects.get(code="GM0233")
    user = make_user("kill-analyst", ermelo, Role.ANALYST)
    monitor = make_monitor(user, ermelo)
    upload = uploads.offer(tenant(user, ermelo), user, monitor, "upload", "Export (synthetisch)",
                           SimpleUploadedFile("groot.jsonl", _lines(30_000, "kill")))  # autocommit: queued now
    raw_file = Path(upload.file.path)
    database = WorkerDatabase(tmp_path)
    manage = [sys.executable, str(REPO / "manage.py")]
    worker = subprocess.Popen([*manage, "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"],
                              env=database.env(private_media), cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # wait until the job runs and has stored at least one chunk
            if database.row("SELECT count(*) FROM monitoring_post WHERE upload_id = %s", upload.pk)[0]:
                break
            assert worker.poll() is None, "the worker stopped on its own"
            time.sleep(0.2)
        else:
            pytest.fail("the worker never stored a chunk")
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    status, done, total = database.row("SELECT status, done, total FROM monitoring_monitorupload WHERE id = %s",
                                        upload.pk)
    assert status == "running" and done < total == 30_000 and raw_file.exists()  # half done, file still there
    time.sleep(1.2)
    restart = subprocess.run([*manage, "db_worker", "--batch", "--no-reload", "--no-startup-delay"],
                             env=database.env(private_media, JOB_STALE_AFTER_SECONDS="1"), cwd=REPO,
                             capture_output=True, text=True, timeout=120)
    assert restart.returncode == 0, restart.stderr
    assert f"monitoring.MonitorUpload {upload.pk}" in restart.stderr
    status, summary, file_name = database.row(
        "SELECT status, error_summary, file FROM monitoring_monitorupload WHERE id = %s", upload.pk)
    assert status == "failed" and summary == str(jobs.INTERRUPTED) and file_name == ""
    assert database.row("SELECT count(*) FROM monitoring_post WHERE upload_id = %s", upload.pk)[0] == 0
    assert not raw_file.exists()
