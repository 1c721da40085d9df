"""Monitoring uploads as background jobs (ADR 0008, DESIGN "Long work shows progress"): the upload view stores the
file privately and queues a django-tasks job after commit; the job (in-process in tests, and once through the real
database queue and `db_worker --batch`) parses all or nothing, ingests in chunks through `services.ingest`, keeps
progress on the MonitorUpload and deletes the file; the pages show progress, result and the error report."""

import datetime
import hashlib
import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import logged_in_client
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import ProcessingLogEntry
from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.monitoring import services, uploads
from veiliglokaal.monitoring.models import Alert, MonitorUpload, Post

from .monitoring_helpers import make_monitor, tenant

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def analyst(users_a):
    return users_a[Role.ANALYST]


@pytest.fixture
def client(analyst, municipality_a):
    return logged_in_client(analyst, municipality_a)


def _jsonl_bytes(n=8, text="Iedereen naar het gemeentehuis, vuurwerk mee", extra=""):
    # the middle of the previous hour: all posts fall in one hour whatever the clock says (synthetic authors)
    moment = timezone.now().replace(minute=30, second=0, microsecond=0) - datetime.timedelta(hours=1)
    lines = [json.dumps({"id": f"up-{i}", "time": (moment - datetime.timedelta(seconds=i)).isoformat(), "text": text,
                         "author": f"synthetisch_{i}"}) for i in range(n)]
    return ("\n".join(lines) + extra).encode()


def _post(client, monitor, content, connector="upload", name="berichten.jsonl"):
    return client.post(f"/monitoring/monitors/{monitor.pk}/upload", {
        "connector": connector, "source_name": "Export (synthetisch)", "file": SimpleUploadedFile(name, content)})


def _stored_files(media: Path) -> list[Path]:
    return [p for p in (media / "monitoring").rglob("*") if p.is_file()] if (media / "monitoring").exists() else []


def test_upload_queues_a_job_that_ingests_after_commit(client, analyst, municipality_a, private_media,
                                                       django_capture_on_commit_callbacks):
    monitor = make_monitor(analyst, municipality_a)
    content = _jsonl_bytes()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _post(client, monitor, content)
    assert len(callbacks) == 1  # enqueued only once the MonitorUpload row is committed
    upload = MonitorUpload.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/monitoring/uploads/{upload.pk}"
    assert upload.status == JobStatus.SUCCEEDED and upload.requested_by == analyst
    assert (upload.total, upload.done, upload.posts_stored, upload.posts_matched) == (8, 8, 8, 8)
    assert upload.checksum == hashlib.sha256(content).hexdigest() and upload.file_size == len(content)
    assert upload.started_at and upload.finished_at and upload.error_report == []
    assert Post.objects.count() == 8 and not Post.objects.filter(author_pseudonym__startswith="synthetisch").exists()
    alerts = set(Alert.objects.filter(monitor=monitor))
    # eight posts in one hour naming one place and two topics: one alert for the place and hour, with both topics
    assert [(alert.place, alert.topics) for alert in alerts] == [("gemeentehuis", ["oproep tot verzamelen",
                                                                                   "vuurwerk"])]
    assert set(upload.alerts.all()) == alerts
    page = client.get(response["Location"]).content.decode()
    assert "8 berichten opgeslagen" in page
    assert all(f'href="/monitoring/alerts/{alert.pk}"' in page for alert in alerts)
    assert upload.checksum in page and "hx-trigger" not in page
    assert ProcessingLogEntry.objects.filter(activity_key="monitoring.verzamelen", actor_id=analyst.pk).exists()
    assert not upload.file and _stored_files(private_media) == []  # raw posts are not kept


def test_queued_upload_keeps_the_file_privately_and_polls(client, analyst, municipality_a, private_media):
    """Without commit (no worker yet) the upload stays queued and its page polls the progress fragment."""
    monitor = make_monitor(analyst, municipality_a)
    _post(client, monitor, _jsonl_bytes(3))
    upload = MonitorUpload.objects.get()
    assert upload.status == JobStatus.QUEUED and not Post.objects.exists()
    stored = _stored_files(private_media)  # the one naming rule: a random name, the client's name only in the row
    assert len(stored) == 1 and re.fullmatch(r"[0-9a-f]{32}\.jsonl", stored[0].name)
    assert upload.file_name == "berichten.jsonl"
    with pytest.raises(ValueError):
        upload.file.url  # private storage: no public URL
    page = client.get(f"/monitoring/uploads/{upload.pk}").content.decode()
    assert f'hx-get="/monitoring/uploads/{upload.pk}/voortgang?polling=1"' in page and "htmx.min.js" in page
    fragment = client.get(f"/monitoring/uploads/{upload.pk}/voortgang?polling=1", HTTP_HX_REQUEST="true")
    assert "hx-trigger" in fragment.content.decode() and "HX-Refresh" not in fragment
    uploads.run(upload)
    fragment = client.get(f"/monitoring/uploads/{upload.pk}/voortgang?polling=1", HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true" and "hx-trigger" not in fragment.content.decode()
    assert "3 van 3 berichten verwerkt" in fragment.content.decode()
    assert _stored_files(private_media) == []


def test_file_with_errors_stores_nothing_and_reports_every_problem(client, analyst, municipality_a, private_media,
                                                                   django_capture_on_commit_callbacks):
    monitor = make_monitor(analyst, municipality_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, monitor, _jsonl_bytes(3, extra='\n{"id": "k", "text": "zonder tijd"}\nkapot'))
    upload = MonitorUpload.objects.get()
    assert upload.status == JobStatus.FAILED and upload.posts_stored == 0 and not Post.objects.exists()
    assert [(e["row"], e["message"]) for e in upload.error_report] == [
        (4, "Regel 4: verplicht veld ontbreekt: time."), (5, "Regel 5: geen geldige JSON.")]
    assert upload.error_summary == "Het bestand is niet verwerkt; er is niets opgeslagen."
    assert not ProcessingLogEntry.objects.filter(activity_key="monitoring.verzamelen").exists()
    page = client.get(response["Location"]).content.decode()
    assert "er is niets opgeslagen" in page and "Regel 5: geen geldige JSON." in page
    assert _stored_files(private_media) == []
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, monitor, b"{kapot", connector="telegram", name="result.json")
    failed = MonitorUpload.objects.first()
    assert failed.status == JobStatus.FAILED and "geen geldige JSON" in failed.error_report[0]["message"]


def test_telegram_export_is_ingested_by_the_job(client, analyst, municipality_a, django_capture_on_commit_callbacks):
    monitor = make_monitor(analyst, municipality_a, days_before=3650)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, monitor, (FIXTURES / "telegram_result.json").read_bytes(), connector="telegram",
              name="result.json")
    upload = MonitorUpload.objects.get()
    assert upload.status == JobStatus.SUCCEEDED and upload.total == 2  # the export's two messages
    assert upload.total == upload.done == (upload.posts_stored + upload.duplicates
                                                       + upload.outside_protocol + upload.expired)


def test_progress_is_recorded_per_chunk(analyst, municipality_a, monkeypatch):
    monkeypatch.setattr(uploads, "CHUNK_POSTS", 4)
    monitor = make_monitor(analyst, municipality_a)
    upload = uploads.offer(tenant(analyst, municipality_a), analyst, monitor, "upload", "Export",
                           SimpleUploadedFile("b.jsonl", _jsonl_bytes(10)))
    seen = []
    real_ingest = services.ingest

    def spy(*args, **kwargs):
        seen.append(MonitorUpload.objects.values_list("status", "total", "done").get(pk=upload.pk))
        return real_ingest(*args, **kwargs)

    monkeypatch.setattr(services, "ingest", spy)
    uploads.run(upload)
    assert seen == [("running", 10, 0), ("running", 10, 4), ("running", 10, 8)]
    upload.refresh_from_db()
    assert (upload.status, upload.done, upload.posts_stored) == (JobStatus.SUCCEEDED, 10, 10)
    assert ProcessingLogEntry.objects.filter(activity_key="monitoring.verzamelen").count() == 3  # one per chunk


def test_protocol_must_be_running_and_the_form_keeps_its_input(client, analyst, municipality_a, private_media):
    monitor = make_monitor(analyst, municipality_a, active=False)
    response = _post(client, monitor, _jsonl_bytes(2))
    body = response.content.decode()
    assert response.status_code == 400 and "niet actief" in body and 'value="Export (synthetisch)"' in body
    assert not MonitorUpload.objects.exists() and _stored_files(private_media) == []


def test_an_upload_of_another_municipality_is_not_found(client, analyst, municipality_a, municipality_b, users_b):
    b_analyst = users_b[Role.ANALYST]
    b_monitor = make_monitor(b_analyst, municipality_b)
    b_upload = uploads.offer(tenant(b_analyst, municipality_b), b_analyst, b_monitor, "upload", "B",
                             SimpleUploadedFile("b.jsonl", _jsonl_bytes(2)))
    assert client.get(f"/monitoring/uploads/{b_upload.pk}").status_code == 404
    assert client.get(f"/monitoring/uploads/{b_upload.pk}/voortgang").status_code == 404
    assert not MonitorUpload.objects.for_tenant(tenant(analyst, municipality_a)).exists()
    assert _post(client, b_monitor, _jsonl_bytes(2)).status_code == 404
    b_client = logged_in_client(b_analyst, municipality_b)
    assert b_client.get(f"/monitoring/uploads/{b_upload.pk}").status_code == 200


def test_unknown_query_parameters_are_refused(client, analyst, municipality_a):
    monitor = make_monitor(analyst, municipality_a)
    upload = uploads.offer(tenant(analyst, municipality_a), analyst, monitor, "upload", "Export",
                           SimpleUploadedFile("b.jsonl", _jsonl_bytes(2)))
    assert client.get(f"/monitoring/uploads/{upload.pk}?auteur=x").status_code == 400


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_and_db_worker_run_the_upload(settings, private_media):
    """The production path: DatabaseBackend stores the job; `db_worker --batch` picks it up and runs it."""
    from django_tasks_db.models import DBTaskResult

    from tests.conftest import ensure_registry, make_user
    from veiliglokaal.core.models import Municipality

    ensure_registry()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ermelo = Municipality.objects.get(code="GM0233")
    user = make_user("worker-analyst", ermelo, Role.ANALYST)
    monitor = make_monitor(user, ermelo)
    upload = uploads.offer(tenant(user, ermelo), user, monitor, "upload", "Export",
                           SimpleUploadedFile("b.jsonl", _jsonl_bytes(8)))  # autocommit: enqueued at once
    job = DBTaskResult.objects.get()
    assert job.task_path.endswith("run_monitor_upload") and job.args_kwargs["args"] == [upload.pk]
    assert MonitorUpload.objects.get(pk=upload.pk).status == JobStatus.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    upload.refresh_from_db()
    assert upload.status == JobStatus.SUCCEEDED and Post.objects.filter(monitor=monitor).count() == 8
    assert upload.alerts.count() == Alert.objects.count() == 1 and not upload.file and _stored_files(private_media) == []
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
