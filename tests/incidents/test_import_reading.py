"""The GIR historical import reads and maps through the kit (core.tabular, core.column_mapping): the encoding is
detected, other columns are ignored and listed, the mapping is saved per municipality, bombs are refused."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import logged_in_client
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.core.models import ColumnMapping
from veiliglokaal.incidents import imports
from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.incidents.models import Incident, IncidentImport

pytestmark = pytest.mark.django_db

# An older registration export: Windows-1252, other names, extra columns, a quoted description with a newline.
EXPORT = ("Incidentdatum;Tijdstip;Locatie;Functie getroffene;Soort incident;Kanaal;Wat is er gebeurd;Registratienr;"
          "Behandelaar\r\n"
          "03-02-2025;14:30;Aan de balie;baliemedewerker;Bedreiging;Face-to-face;\"Klant wérd boos,\r\nschold "
          "Zoë uit\";R-1;Eén\r\n")


@pytest.fixture
def coordinator_client(staff_a, municipality_a):
    return logged_in_client(staff_a[Role.COORDINATOR], municipality_a)


def _upload(client, content: bytes, name="export.csv", encoding="auto"):
    return client.post("/meldingen/importeren", {"file": SimpleUploadedFile(name, content), "encoding": encoding})


def test_cp1252_export_with_other_names_is_detected_mapped_and_imported(coordinator_client, municipality_a,
                                                                        django_capture_on_commit_callbacks):
    response = _upload(coordinator_client, EXPORT.encode("cp1252"))
    upload = IncidentImport.objects.get()
    assert response.status_code == 302 and upload.encoding == "cp1252"
    assert upload.mapping == {"occurred_date": "Incidentdatum", "occurred_time": "Tijdstip", "location": "Locatie",
                              "victim_role": "Functie getroffene", "types": "Soort incident", "channel": "Kanaal",
                              "description": "Wat is er gebeurd"}
    page = html.unescape(coordinator_client.get(f"/meldingen/importeren/{upload.pk}").content.decode())
    assert "Genegeerde kolommen" in page and "Registratienr, Behandelaar" in page and "Zoë" in page
    with django_capture_on_commit_callbacks(execute=True):  # the queued import job runs after commit
        done = coordinator_client.post(f"/meldingen/importeren/{upload.pk}", upload.mapping)
    assert done.status_code == 302, html.unescape(done.content.decode())[-2000:]
    incident = Incident.objects.get(municipality=municipality_a)
    assert incident.description == "Klant wérd boos,\r\nschold Zoë uit"  # kept as in the file
    saved = ColumnMapping.objects.get(municipality=municipality_a, importer="gir")
    assert saved.mapping["description"] == "Wat is er gebeurd" and imports.previous_mapping(municipality_a.pk) == \
        saved.mapping


def test_row_numbers_are_the_files_own_lines(coordinator_client, django_capture_on_commit_callbacks):
    bad = EXPORT + "31-02-2025;;Aan de balie;baliemedewerker;Bedreiging;Face-to-face;x;R-2;Eén\r\n"
    _upload(coordinator_client, bad.encode("utf-8"))
    upload = IncidentImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):  # the queued import job runs after commit
        coordinator_client.post(f"/meldingen/importeren/{upload.pk}", upload.mapping)
    upload.refresh_from_db()
    assert upload.status == JobStatus.FAILED and [e["row"] for e in upload.error_report] == [4]  # line 2-3 is one row
    assert not Incident.objects.exists()


def test_xlsx_bomb_is_refused_before_anything_is_stored(coordinator_client, tmp_path):
    from tests.core.test_tabular import _bomb

    response = _upload(coordinator_client, _bomb(tmp_path / "bom.xlsx"), name="oud.xlsx")
    assert response.status_code == 200 and "zip-bom" in html.unescape(response.content.decode())
    assert not IncidentImport.objects.exists()
