"""Imports as background jobs: the upload page queues a django-tasks job after commit; the job (in-process in
tests, ADR 0008, and once through the real database queue and `db_worker --batch`) runs the import and keeps
progress on the SourceImport; the pages show progress, result and the error report."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import SecurityAction, SecurityEvent
from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.core.progress import ProgressBar
from veiliglokaal.irregularities.models import Address, SourceImport
from veiliglokaal.irregularities.services import sources as services
from veiliglokaal.irregularities.sources import runner

from tests.conftest import logged_in_client

from .dook_files import ERMELO_VBO, make_geopackage, sample_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(users_a, municipality_a):
    return logged_in_client(users_a[Role.ANALYST], municipality_a)


def _upload(client, key, path, name=None, reference_date="2025-01-01"):
    with open(path, "rb") as handle:
        return client.post(f"/dook/bronnen/inlezen/{key}", {
            "file": SimpleUploadedFile(name or path.name, handle.read()), "reference_date": reference_date})


def test_upload_queues_a_job_that_imports_after_commit(analyst, tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _upload(analyst, "bag_geopackage", make_geopackage(tmp_path / "bag-light.gpkg"))
    assert len(callbacks) == 1  # the job is enqueued only once the SourceImport row is committed
    source_import = SourceImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/dook/bronnen/{source_import.pk}"
    assert source_import.status == JobStatus.SUCCEEDED and Address.objects.count() == 3
    assert source_import.requested_by.username == "a-analyst" and not source_import.is_synthetic
    page = analyst.get(response["Location"]).content.decode()
    assert "3 rijen zijn ingelezen" in page and source_import.checksum in page


def test_queued_import_waits_for_the_worker(analyst, tmp_path):
    """Without commit (no worker yet), the import stays queued and the page polls the progress fragment."""
    _upload(analyst, "bag_geopackage", make_geopackage(tmp_path / "bag-light.gpkg"))
    source_import = SourceImport.objects.get()
    assert source_import.status == JobStatus.QUEUED and not Address.objects.exists()
    page = analyst.get(f"/dook/bronnen/{source_import.pk}").content.decode()
    assert f'hx-get="/dook/bronnen/{source_import.pk}/voortgang?polling=1"' in page and "htmx.min.js" in page
    fragment = analyst.get(f"/dook/bronnen/{source_import.pk}/voortgang?polling=1", HTTP_HX_REQUEST="true")
    assert "hx-trigger" in fragment.content.decode() and "HX-Refresh" not in fragment


def test_progress_is_recorded_while_rows_are_checked(municipality_a, tmp_path):
    rows = [(f"02330100000{i:05d}",) + ERMELO_VBO[1][1:] for i in range(1, 201)]
    source_import = services.offer_path(municipality_a, "bag_geopackage", make_geopackage(tmp_path / "b.gpkg", rows),
                                        datetime.date(2025, 1, 1), run_now=False)
    seen = []
    runner.run(source_import, progress_callback=lambda done, total: seen.append(
        (done, total, SourceImport.objects.get(pk=source_import.pk).done)))
    assert len(seen) >= 50 and seen == sorted(seen)
    assert all(total == 200 and stored == done for done, total, stored in seen)
    assert seen[-1][0] == 200


def test_finished_fragment_asks_the_page_to_reload(analyst, load, tmp_path):
    source_import = load("bag_csv", sample_csv(tmp_path / "bag.csv"))  # fails: Amsterdam ids for Ermelo
    fragment = analyst.get(f"/dook/bronnen/{source_import.pk}/voortgang?polling=1", HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true" and "hx-trigger" not in fragment.content.decode()
    page = analyst.get(f"/dook/bronnen/{source_import.pk}").content.decode()
    assert "Er is niets ingelezen: 3 fouten gevonden." in page and "hoort bij gemeente 0363" in page


def test_error_report_csv_is_logged_as_an_export(analyst, load, tmp_path):
    source_import = load("bag_csv", sample_csv(tmp_path / "bag.csv"))
    response = analyst.get(f"/dook/bronnen/{source_import.pk}/fouten.csv")
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv") and text.splitlines()[0] == "regel;kolom;waarde;melding"
    assert "2;nummeraanduiding_id;0363200000039881;Dit BAG-id hoort bij gemeente 0363" in text
    assert SecurityEvent.objects.filter(action=SecurityAction.EXPORT, object_id=str(source_import.pk)).exists()


@pytest.mark.parametrize("name,content,message", [
    ("bag.csv", b"x", "Dit bestandstype past niet"),
    ("bag.gpkg", b"", "leeg"),
])
def test_upload_form_checks_type_and_keeps_the_reference_date(analyst, tmp_path, name, content, message):
    response = analyst.post("/dook/bronnen/inlezen/bag_geopackage", {
        "file": SimpleUploadedFile(name, content), "reference_date": "2024-07-01"})
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert 'value="2024-07-01"' in page and not SourceImport.objects.exists()


def test_upload_form_refuses_files_over_the_maximum(analyst, monkeypatch):
    from veiliglokaal.irregularities.sources import registry

    monkeypatch.setattr(type(registry.get("woz_csv")), "max_bytes", 10)
    response = analyst.post("/dook/bronnen/inlezen/woz_csv", {
        "file": SimpleUploadedFile("woz.csv", b"verblijfsobject_id,woz_waarde\n"), "reference_date": "2025-01-01"})
    assert "Het bestand is te groot" in response.content.decode() and not SourceImport.objects.exists()


def test_upload_form_requires_a_valid_reference_date(analyst, tmp_path):
    path = make_geopackage(tmp_path / "bag-light.gpkg")
    response = _upload(analyst, "bag_geopackage", path, reference_date="31-02-2025")
    assert "Geef een geldige datum" in response.content.decode() and not SourceImport.objects.exists()


def test_unknown_source_type_is_404(analyst):
    assert analyst.get("/dook/bronnen/inlezen/bestaat_niet").status_code == 404


def test_sources_page_lists_every_type_and_imports(analyst, load, tmp_path):
    load("bag_geopackage", make_geopackage(tmp_path / "bag-light.gpkg"))
    page = analyst.get("/dook/bronnen").content.decode()
    for key in ("bag_geopackage", "bag_csv", "kvk_json", "kvk_csv", "brp_counts_csv", "woz_csv"):
        assert f"/dook/bronnen/inlezen/{key}" in page
    assert "bag-light.gpkg" in page and "synthetische demodata" not in page


def test_command_imports_with_a_progress_bar(tmp_path, municipality_a, capsys):
    call_command("import_dook_source", "GM0233", "bag_geopackage", str(make_geopackage(tmp_path / "b.gpkg")),
                 "--peildatum", "2025-01-01")
    out = capsys.readouterr().out
    assert re.search(r"\[#{40}\] 100% \(3/3\)", out) and "3 rijen ingelezen" in out
    assert Address.objects.count() == 3


def test_command_reports_row_errors_and_fails(tmp_path, municipality_a):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="3 fouten; er is niets veranderd"):
        call_command("import_dook_source", "GM0233", "bag_csv", str(sample_csv(tmp_path / "bag.csv")),
                     "--peildatum", "2025-01-01")


def test_progress_bar_draws_each_percentage_once():
    import io

    stream = io.StringIO()
    bar = ProgressBar(stream)
    for done in (0, 1, 1, 2, 4):
        bar(done, 4)
    assert stream.getvalue().count("\r") == 4 and stream.getvalue().endswith("100% (4/4)")


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_and_db_worker_run_the_import(settings, municipality_a, tmp_path):
    """The production path: DatabaseBackend stores the job; `db_worker --batch` picks it up and runs it."""
    from django_tasks_db.models import DBTaskResult

    from tests.conftest import ensure_registry

    ensure_registry()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from veiliglokaal.core.models import Municipality

    ermelo = Municipality.objects.get(code="GM0233")
    source_import = services.offer_path(ermelo, "bag_geopackage", make_geopackage(tmp_path / "b.gpkg"),
                                        datetime.date(2025, 1, 1))  # autocommit: on_commit enqueues at once
    job = DBTaskResult.objects.get()
    assert job.task_path.endswith("run_source_import") and job.args_kwargs["args"] == [source_import.pk]
    assert SourceImport.objects.get(pk=source_import.pk).status == JobStatus.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    source_import.refresh_from_db()
    assert source_import.status == JobStatus.SUCCEEDED and Address.objects.count() == 3
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
