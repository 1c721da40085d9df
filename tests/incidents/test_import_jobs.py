"""GIR imports as background jobs (core.jobs): the mapping step queues the job after commit; the job checks every
row with progress and writes all rows or none; there is no row cap; the job page, its fragment and the error report
are the tenant's only; the command shows a progress bar."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import logged_in_client
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import SecurityAction, SecurityEvent
from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.incidents import imports
from veiliglokaal.incidents.models import Incident, IncidentImport

from .test_data_views import GOOD, HEADER, _map, _upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(staff_a):
    return staff_a[Role.COORDINATOR]


@pytest.fixture
def coordinator_client(coordinator, municipality_a):
    return logged_in_client(coordinator, municipality_a)


def _rows(n: int) -> str:
    start = datetime.date.today() - datetime.timedelta(days=900)
    return HEADER + "".join(
        f"{(start + datetime.timedelta(days=i % 800)):%d-%m-%Y};10:{i % 60:02d};Aan de balie;baliemedewerker;"
        f"Bedreiging;Face-to-face;Historische melding {i};geen\n" for i in range(n))


ROWS = 1_200  # above a row per progress step; 12,000 rows took 95 s here (~8 ms a row on SQLite), too slow for the suite


def test_a_large_file_imports_in_one_job_with_progress(tmp_path, coordinator, municipality_a, capsys):
    path = tmp_path / "historie.csv"
    path.write_text(_rows(ROWS), encoding="utf-8")
    call_command("import_gir_incidents", str(path), "--gemeente", "GM0233", "--gebruiker", coordinator.username)
    upload = IncidentImport.objects.get()
    assert upload.status == JobStatus.SUCCEEDED and upload.imported_count == ROWS
    assert (upload.done, upload.total) == (ROWS, ROWS) and upload.heartbeat_at and not upload.file
    assert Incident.objects.filter(municipality=municipality_a).count() == ROWS
    out = capsys.readouterr().out
    assert re.search(rf"\[#{{40}}\] 100% \({ROWS}/{ROWS}\)", out) and f"{ROWS} meldingen geïmporteerd" in out
    assert out.count("\r") >= 40  # the bar follows the job's progress writes


def test_command_reports_row_errors_and_imports_nothing(tmp_path, coordinator):
    path = tmp_path / "fout.csv"
    path.write_text(GOOD.replace("03-02-2025", "31-02-2025"), encoding="utf-8")
    with pytest.raises(CommandError, match="Er is niets geïmporteerd: 1 fout gevonden"):
        call_command("import_gir_incidents", str(path), "--gemeente", "GM0233", "--gebruiker", coordinator.username)
    assert not Incident.objects.exists() and IncidentImport.objects.get().status == JobStatus.FAILED


def test_no_row_cap_when_reading():
    headers, rows = imports.read_table(_rows(6_000).encode(), "csv")
    assert len(rows) == 6_000 and headers[0] == "Datum"


def test_mapping_queues_the_job_and_its_page_polls_until_it_has_run(coordinator_client, municipality_a):
    _upload(coordinator_client, GOOD.encode())
    upload = IncidentImport.objects.get()
    assert upload.status == JobStatus.DRAFT
    response = coordinator_client.post(f"/meldingen/importeren/{upload.pk}", {
        "occurred_date": "Datum", "occurred_time": "Tijd", "location": "Plaats", "victim_role": "Functie",
        "types": "Soort", "channel": "Kanaal", "description": "Omschrijving", "injury": "Letsel"})
    upload.refresh_from_db()  # no commit in this test: the job waits in the queue
    assert response["Location"] == f"/meldingen/importeren/{upload.pk}/verwerking"
    assert upload.status == JobStatus.QUEUED and not Incident.objects.exists()
    page = coordinator_client.get(response["Location"]).content.decode()
    assert f'hx-get="/meldingen/importeren/{upload.pk}/voortgang?polling=1"' in page and "htmx.min.js" in page
    assert coordinator_client.get(f"/meldingen/importeren/{upload.pk}")["Location"] == response["Location"]
    imports.execute_import(upload)
    fragment = coordinator_client.get(f"/meldingen/importeren/{upload.pk}/voortgang?polling=1",
                                      HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true" and "hx-trigger" not in fragment.content.decode()
    assert Incident.objects.count() == 2


def test_failed_import_offers_the_report_as_csv_and_can_be_mapped_again(coordinator_client):
    _upload(coordinator_client, GOOD.replace("Aan de balie", "Op de maan").encode())
    upload = IncidentImport.objects.get()
    _map(coordinator_client, upload)
    upload.refresh_from_db()
    fragment = coordinator_client.get(f"/meldingen/importeren/{upload.pk}/voortgang").content.decode()
    assert "Er is niets geïmporteerd: 1 fout gevonden." in fragment
    assert f"/meldingen/importeren/{upload.pk}/fouten.csv" in fragment
    response = coordinator_client.get(f"/meldingen/importeren/{upload.pk}/fouten.csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "regel;kolom;waarde;melding" and lines[1].startswith("2;Plaats;Op de maan;")
    assert SecurityEvent.objects.filter(action=SecurityAction.EXPORT, object_id=str(upload.pk)).exists()
    _map(coordinator_client, upload, occurred_time="", location="Tijd")  # a second attempt with another mapping runs again
    upload.refresh_from_db()
    assert upload.status == JobStatus.FAILED and upload.error_report[0]["column"] == "Tijd"


def test_another_municipalitys_import_job_is_404(coordinator_client, users_b, municipality_b):
    other = logged_in_client(users_b[Role.COORDINATOR], municipality_b)
    _upload(other, GOOD.encode())
    upload = IncidentImport.objects.get()
    for suffix in ("", "/verwerking", "/voortgang", "/fouten.csv"):
        assert coordinator_client.get(f"/meldingen/importeren/{upload.pk}{suffix}").status_code == 404
