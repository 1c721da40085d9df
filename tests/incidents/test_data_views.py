"""Exports (CSV/XLSX, formula-safe, security-logged), quarterly report, import (all or nothing) and attachments."""

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from tests.conftest import logged_in_client
from veiliglokaal.accounts.scopes import Role, Scope
from veiliglokaal.audit.models import SecurityAction, SecurityEvent
from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.core.tenancy import Tenant
from veiliglokaal.incidents import exports, imports, services
from veiliglokaal.incidents.models import Attachment, Incident, IncidentImport

from .conftest import PNG

pytestmark = pytest.mark.django_db
HEADER = "Datum;Tijd;Plaats;Functie;Soort;Kanaal;Omschrijving;Letsel\n"
GOOD = HEADER + ("03-02-2025;14:30;Aan de balie;baliemedewerker;\"Bedreiging; Verbaal geweld (schelden, beledigen)\";"
                 "Face-to-face;Klant werd boos om een boete;geen\n"
                 "2025-03-04;;telefoon;Handhaver / boa;\"fysiek-geweld\";Telefoon;Dreigde met geweld;\n")


@pytest.fixture
def coordinator_client(staff_a, municipality_a):
    return logged_in_client(staff_a[Role.COORDINATOR], municipality_a)


def test_csv_export_is_formula_safe_logged_and_holds_offenders(staff_a, report, coordinator_client):
    report(staff_a[Role.EMPLOYEE], description="=HYPERLINK(\"http://x\")", offender=services.OffenderInput(name="@Boef"))
    response = coordinator_client.get("/meldingen/export.csv")
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK" in text and "'@Boef" in text and "Veroorzaker: naam" in text
    assert SecurityEvent.objects.filter(action=SecurityAction.EXPORT, object_type="meldingen-csv").exists()


def test_export_never_holds_offender_data_without_the_scope(staff_a, report, municipality_a):
    coordinator = staff_a[Role.COORDINATOR]
    report(staff_a[Role.EMPLOYEE], offender=services.OffenderInput(name="Verborgen Veroorzaker"))
    tenant = Tenant(coordinator.pk, municipality_a.pk, municipality_a.code, frozenset({"coordinator"}),
                    frozenset({Scope.INCIDENTS_REPORT, Scope.INCIDENTS_MANAGE}))
    header, rows = exports.rows(tenant, coordinator)
    assert "Veroorzaker: naam" not in header and "Verborgen Veroorzaker" not in str(rows)


def test_xlsx_export_and_quarterly_report(staff_a, report, coordinator_client):
    from openpyxl import load_workbook

    report(staff_a[Role.EMPLOYEE], description="+SOM(A1)")
    response = coordinator_client.get("/meldingen/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "Kenmerk" in values and "'+SOM(A1)" in values
    assert SecurityEvent.objects.filter(action=SecurityAction.EXPORT, object_type="meldingen-xlsx").exists()
    today = timezone.localdate()
    page = coordinator_client.get(f"/meldingen/kwartaalrapport?kwartaal={today.year}-{(today.month - 1) // 3 + 1}")
    body = page.content.decode()
    assert page.status_code == 200 and "Bedreiging" in body and "Bron:" in body and "+SOM" not in body
    assert page.context["report"]["total"] == 1


def _upload(client, content: bytes, name="meldingen.csv", encoding="utf-8"):
    return client.post("/meldingen/importeren", {"file": SimpleUploadedFile(name, content), "encoding": encoding})


def _map(client, upload, **overrides):
    mapping = {"occurred_date": "Datum", "occurred_time": "Tijd", "location": "Plaats", "victim_role": "Functie",
               "types": "Soort", "channel": "Kanaal", "description": "Omschrijving", "injury": "Letsel"}
    mapping.update(overrides)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the import job is queued after commit
        return client.post(f"/meldingen/importeren/{upload.pk}", mapping)


def test_good_file_imports_every_row_and_remembers_the_mapping(coordinator_client, municipality_a):
    response = _upload(coordinator_client, GOOD.encode("utf-8"))
    upload = IncidentImport.objects.get()
    assert response.status_code == 302 and upload.mapping["occurred_date"] == "Datum"  # guessed from the header
    assert _map(coordinator_client, upload).status_code == 302
    upload.refresh_from_db()
    assert upload.status == JobStatus.SUCCEEDED and upload.imported_count == 2 and not upload.file
    incidents = Incident.objects.filter(municipality=municipality_a).order_by("occurred_at")
    assert incidents.count() == 2
    assert set(incidents[0].types.values_list("code", flat=True)) == {"bedreiging", "verbaal-geweld"}
    assert timezone.localtime(incidents[0].occurred_at).hour == 14 and incidents[1].victim_role.code == "handhaver"
    assert imports.previous_mapping(municipality_a.pk)["types"] == "Soort"


@pytest.mark.parametrize("content,encoding,expected", [
    (b"", "utf-8", "leeg"),
    (HEADER.encode(), "utf-8", "alleen een kopregel"),
    (GOOD.replace("Omschrijving", "Beschrijving").replace("Klant werd boos", "Klant wérd boos").encode("cp1252"),
     "utf-8", "niet in UTF-8"),
    (GOOD.replace("Klant werd boos", "Klant wérd boos").encode("utf-8"), "cp1252", "kies de tekenset 'UTF-8'"),
    (PNG, "utf-8", "geen tekstbestand"),
])
def test_unreadable_files_change_nothing(coordinator_client, content, encoding, expected):
    response = _upload(coordinator_client, content, encoding=encoding)
    assert response.status_code == 200 and expected in html.unescape(response.content.decode())
    assert not IncidentImport.objects.exists() and not Incident.objects.exists()


@pytest.mark.parametrize("bad,expected", [
    (("03-02-2025", "31-02-2025"), "'31-02-2025' is geen geldige datum"),
    (("Aan de balie", "Bij de kapper"), "'Bij de kapper' staat niet in de lijst plaatsen"),
    (('"fysiek-geweld"', '"fysiek-geweld; Gescheld"'), "'Gescheld' staat niet in de lijst soorten incident"),
    (("14:30", "25:99"), "'25:99' is geen geldige tijd"),
])
def test_bad_rows_import_nothing_and_report_per_row(coordinator_client, bad, expected):
    _upload(coordinator_client, GOOD.replace(*bad).encode("utf-8"))
    upload = IncidentImport.objects.get()
    response = _map(coordinator_client, upload)
    assert response.status_code == 302 and response["Location"] == f"/meldingen/importeren/{upload.pk}/verwerking"
    for page in (response["Location"], f"/meldingen/importeren/{upload.pk}"):  # the job page and the mapping step
        body = html.unescape(coordinator_client.get(page).content.decode())
        assert "Er is niets geïmporteerd" in body and expected in body
    assert not Incident.objects.exists()
    upload.refresh_from_db()
    assert upload.status == JobStatus.FAILED and upload.error_report[0]["row"] in (2, 3)


def test_missing_columns_are_a_mapping_error(coordinator_client):
    _upload(coordinator_client, b"Wanneer gebeurde het;Iets anders\n01-01-2025;x\n")
    upload = IncidentImport.objects.get()
    response = _map(coordinator_client, upload, occurred_date="Wanneer gebeurde het", location="", victim_role="",
                    types="", channel="", description="", injury="", occurred_time="")
    assert response.status_code == 200 and "Kies de kolom met &#x27;Plaats&#x27;" in response.content.decode()
    assert not Incident.objects.exists()


def test_xlsx_import(coordinator_client):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    import csv

    for row in csv.reader(io.StringIO(GOOD), delimiter=";"):
        sheet.append(row)
    sheet["A2"] = timezone.datetime(2025, 2, 3, 9, 15)
    buffer = io.BytesIO()
    workbook.save(buffer)
    _upload(coordinator_client, buffer.getvalue(), name="oud.xlsx")
    upload = IncidentImport.objects.get()
    _map(coordinator_client, upload, occurred_time="")
    assert Incident.objects.count() == 2


def test_add_attachment_after_reporting(staff_a, report, municipality_a):
    employee = staff_a[Role.EMPLOYEE]
    incident = report(employee)
    client = logged_in_client(employee, municipality_a)
    assert client.get(f"/meldingen/{incident.pk}/bijlagen/nieuw").status_code == 200
    bad = client.post(f"/meldingen/{incident.pk}/bijlagen/nieuw", {"attachments": SimpleUploadedFile("x.png", b"nope")})
    assert bad.status_code == 200 and "alleen foto" in bad.content.decode().lower()
    good = client.post(f"/meldingen/{incident.pk}/bijlagen/nieuw", {"attachments": SimpleUploadedFile("x.png", PNG)})
    assert good.status_code == 302 and Attachment.objects.filter(incident=incident).count() == 1
    other = logged_in_client(staff_a[Role.ANALYST], municipality_a)  # cannot see the incident
    assert other.get(f"/meldingen/{incident.pk}/bijlagen/nieuw").status_code == 404
