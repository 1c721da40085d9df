"""DOOK tabular sources through the kit: real export layouts (NLExtract's bagadres CSV in Windows-1252, a WOZ
export, a KvK spreadsheet) with other column names and extra columns, the column-mapping step after upload, the
mapping saved per municipality and reused, and malformed files refused with nothing stored."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.conftest import logged_in_client
from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.core.models import ColumnMapping
from veiliglokaal.irregularities.models import (Address, Establishment, PropertyValue,
                                                RegistrationCount, SourceImport)

from .dook_files import ERMELO_VBO, csv_text, make_geopackage, write

pytestmark = pytest.mark.django_db

# NLExtract's bagadres layout: other names, extra columns (gemeente, provincie, nevenadres, pandstatus, lon/lat).
BAGADRES_HEADER = ["openbareruimte", "huisnummer", "huisletter", "huisnummertoevoeging", "postcode", "woonplaats",
                   "gemeente", "provincie", "nummeraanduiding", "verblijfsobjectgebruiksdoel",
                   "oppervlakteverblijfsobject", "verblijfsobjectstatus", "object_id", "object_type", "nevenadres",
                   "pandid", "pandstatus", "pandbouwjaar", "x", "y"]


def _bagadres(streets=("Citroënstraat", "Stationsstraat", "Rue d'Été")) -> bytes:
    rows = [[street, vbo[2], vbo[3] or "", "", vbo[4], "Ermelo", "Ermelo", "Gelderland", vbo[9], vbo[5], vbo[6],
             "Verblijfsobject in gebruik", vbo[0], "VBO", "N", vbo[8], "Pand in gebruik", vbo[7],
             str(vbo[10]).replace(".", ","), str(vbo[11]).replace(".", ",")] for street, vbo in zip(streets, ERMELO_VBO)]
    rows.append(["Haven", 1, "", "", "3851AA", "Ermelo", "Ermelo", "Gelderland", "0233200000000009", "", "", "",
                 "0233020000000009", "LIG", "N", "", "", "", "170000", "479000"])
    return csv_text(BAGADRES_HEADER, rows, ";").replace("\n", "\r\n").encode("cp1252")


@pytest.fixture
def analyst(users_a, municipality_a):
    return logged_in_client(users_a[Role.ANALYST], municipality_a)


def _upload(client, key, name, content, reference_date="2025-01-01"):
    return client.post(f"/dook/bronnen/inlezen/{key}", {"file": SimpleUploadedFile(name, content),
                                                        "reference_date": reference_date})


def _fields(response) -> dict:
    form = response.context["mapping_form"]
    return {name: form.initial.get(name, "") for name in form.fields}


def test_upload_shows_the_mapping_step_then_imports_with_the_chosen_columns(
        analyst, municipality_a, django_capture_on_commit_callbacks):
    response = _upload(analyst, "bag_csv", "bagadres.csv", _bagadres())
    source_import = SourceImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/dook/bronnen/{source_import.pk}/kolommen"
    assert source_import.status == JobStatus.DRAFT  # waiting: no job yet
    page = analyst.get(response["Location"])
    body = page.content.decode()
    assert "Citroënstraat" in body and "Genegeerde kolommen" in body and "pandstatus" in body
    initial = _fields(page)
    assert initial["verblijfsobject_id"] == "object_id" and initial["straatnaam"] == "openbareruimte"
    assert initial["rd_x"] == "x" and initial["bouwjaar"] == "pandbouwjaar" and initial["objecttype"] == "object_type"
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = analyst.post(response["Location"], {k: v for k, v in initial.items() if v})
    assert confirmed.status_code == 302 and confirmed["Location"] == f"/dook/bronnen/{source_import.pk}"
    source_import.refresh_from_db()
    assert source_import.status == JobStatus.SUCCEEDED, source_import.error_report
    assert source_import.rows_imported == 4 and source_import.rows_skipped == 0  # the ligplaats is read too
    assert Address.objects.get(bag_id="0233020000000009").kind == "ligplaats"
    assert "gemeente" in source_import.ignored_columns and "object_id" not in source_import.ignored_columns
    street = Address.objects.get(bag_id="0233010000000001")
    assert street.street == "Citroënstraat" and street.floor_area == 120 and street.construction_year == 1931
    saved = ColumnMapping.objects.get(municipality=municipality_a, importer="dook.bag_csv")
    assert saved.mapping["verblijfsobject_id"] == "object_id" and saved.updated_by.username == "a-analyst"
    detail = analyst.get(confirmed["Location"]).content.decode()
    assert "Genegeerde kolommen" in detail and "provincie" in detail


def test_the_saved_mapping_is_reused_for_the_next_file(analyst, municipality_a):
    ColumnMapping.objects.create(municipality=municipality_a, importer="dook.woz_csv",
                                 mapping={"verblijfsobject_id": "Object", "woz_waarde": "Bedrag"})
    _upload(analyst, "woz_csv", "woz.csv", b"Object;Bedrag;wozobjectnummer;waarde\n0233010000000001;250000;1;2\n")
    source_import = SourceImport.objects.get()
    initial = _fields(analyst.get(f"/dook/bronnen/{source_import.pk}/kolommen"))
    assert initial["verblijfsobject_id"] == "Object" and initial["woz_waarde"] == "Bedrag"  # not 'waarde'


def test_missing_required_column_is_a_form_error_naming_the_field(analyst):
    _upload(analyst, "woz_csv", "woz.csv", b"vbo;bedrag\n0233010000000001;250000\n")
    source_import = SourceImport.objects.get()
    response = analyst.post(f"/dook/bronnen/{source_import.pk}/kolommen", {"verblijfsobject_id": "vbo"})
    assert response.status_code == 200 and "Kies de kolom met &#x27;woz_waarde&#x27;" in response.content.decode()
    source_import.refresh_from_db()
    assert source_import.status == JobStatus.DRAFT and not PropertyValue.objects.exists()


def test_real_woz_export_through_the_runner_with_the_automatic_mapping(load, tmp_path):
    assert load("bag_geopackage", make_geopackage(tmp_path / "bag.gpkg")).status == JobStatus.SUCCEEDED
    text = ("wozobjectnummer;verblijfsobject_identificatie;straatnaam;huisnummer;vastgestelde_waarde;"
            "waarde_peildatum;gebruikscode\n"
            "023300012345;0233010000000001;Stationsstraat;1;€ 250000;2024-01-01;11\n")
    result = load("woz_csv", write(tmp_path / "woz.csv", text.replace("€ ", ""), "cp1252"))
    assert result.status == JobStatus.SUCCEEDED, result.error_report
    assert result.ignored_columns == ["wozobjectnummer", "straatnaam", "huisnummer", "gebruikscode"]
    assert PropertyValue.objects.get().value_eur == 250000


def test_brp_counts_with_other_names_but_person_columns_still_refused(load, tmp_path):
    assert load("bag_geopackage", make_geopackage(tmp_path / "bag.gpkg")).status == JobStatus.SUCCEEDED
    ok = load("brp_counts_csv", write(tmp_path / "brp.csv", csv_text(
        ["nummeraanduiding_identificatie", "aantal_ingeschreven", "wijk"], [["0233200000000001", 3, "Centrum"]])))
    assert ok.status == JobStatus.SUCCEEDED and ok.ignored_columns == ["wijk"], ok.error_report
    refused = load("brp_counts_csv", write(tmp_path / "brp2.csv", csv_text(
        ["verblijfsobject_id", "aantal_ingeschreven", "geboortedatum"], [["0233010000000001", 3, "1990-01-01"]])))
    assert refused.status == JobStatus.FAILED and refused.error_report[0]["column"] == "geboortedatum"
    assert list(RegistrationCount.objects.values_list("persons", flat=True)) == [3]


def test_kvk_spreadsheet_and_json_with_unknown_keys_listed(load, tmp_path):
    import json

    from .dook_files import kvk_profile

    assert load("bag_geopackage", make_geopackage(tmp_path / "bag.gpkg")).status == JobStatus.SUCCEEDED
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["KvK-nummer", "Vestigingsnummer", "Handelsnaam", "Hoofdactiviteit", "Verblijfsobject_ID",
                  "Aantal werkzame personen"])
    sheet.append([12345678, "000012345678", "Bakkerij Zoë", "1071", "0233010000000001", 4])
    path = tmp_path / "kvk.xlsx"
    workbook.save(path)
    result = load("kvk_csv", path)
    assert result.status == JobStatus.SUCCEEDED, result.error_report
    assert result.ignored_columns == ["Aantal werkzame personen"]
    assert Establishment.objects.get().trade_name == "Bakkerij Zoë"
    profile = {**kvk_profile("000012345679"), "rsin": "123456789", "websites": ["https://example.nl"]}
    as_json = load("kvk_json", write(tmp_path / "kvk.json", json.dumps([profile])))
    assert as_json.status == JobStatus.SUCCEEDED and {"rsin", "websites"} <= set(as_json.ignored_columns)


def test_malformed_and_bomb_files_are_refused_with_nothing_stored(analyst, tmp_path,
                                                                  django_capture_on_commit_callbacks):
    from tests.core.test_tabular import _bomb

    bomb = _bomb(tmp_path / "bom.xlsx")
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(analyst, "bag_csv", "bag.xlsx", bomb)
        mapping = analyst.get(response["Location"])  # cannot preview: the import itself reports why
    assert mapping.status_code == 302
    source_import = SourceImport.objects.get()
    assert source_import.status == JobStatus.FAILED and "zip-bom" in source_import.error_report[0]["message"]
    assert not Address.objects.exists()


def test_xlsx_export_of_a_bag_csv_reads_like_the_csv(load, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Identificatie", "Straat", "Huisnummer", "Woonplaats", "X", "Y", "Opmerking"])
    for vbo in ERMELO_VBO:
        sheet.append([vbo[0], vbo[1], vbo[2], "Ermelo", vbo[10], vbo[11], "nvt"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = load("bag_csv", _save(tmp_path / "bag.xlsx", buffer))
    assert result.status == JobStatus.SUCCEEDED, result.error_report
    assert result.ignored_columns == ["Opmerking"] and Address.objects.count() == 3


def _save(path, buffer):
    path.write_bytes(buffer.getvalue())
    return path
