"""Register exports in the layouts municipalities actually deliver, end to end through the upload, the mapping
step and the job: a flattened KvK Vestigingsprofiel export (UTF-8 with BOM), a BRP count export and a WOZ export
(Windows-1252, CRLF), all `;`-separated with columns DOOK does not use. Before, each was refused for those extra
columns. The files hold synthetic values in the real layouts (dook_files.py); BAG first, with a ligplaats and a
standplaats the registers refer to."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import logged_in_client
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.core.models import ColumnMapping
from veiliglokaal.irregularities.models import Establishment, PropertyValue, RegistrationCount, SourceImport

from .dook_files import (BRP_EXPORT_HEADER, BRP_EXPORT_ROWS, KVK_EXPORT_HEADER, KVK_EXPORT_ROWS, WOZ_EXPORT_HEADER,
                         WOZ_EXPORT_ROWS, csv_text, full_geopackage)

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(users_a, municipality_a):
    return logged_in_client(users_a[Role.ANALYST], municipality_a)


@pytest.fixture
def bag(load, tmp_path):
    result = load("bag_geopackage", full_geopackage(tmp_path / "bag-light.gpkg"))
    assert result.status == JobStatus.SUCCEEDED, result.error_report
    return result


def _export(header, rows, encoding) -> bytes:
    text = csv_text(header, rows, ";").replace("\n", "\r\n")
    return text.encode("utf-8-sig" if encoding == "utf-8-sig" else encoding)


def _through_mapping_step(client, key, name, content, capture):
    """Upload, read the suggested mapping off the page, confirm it unchanged, run the job. Returns (import, initial,
    mapping page body)."""
    response = client.post(f"/dook/bronnen/inlezen/{key}", {"file": SimpleUploadedFile(name, content),
                                                              "reference_date": "2025-01-01"})
    assert response.status_code == 302, response.content.decode()[:2000]
    source_import = SourceImport.objects.get(file_name=name)
    page = client.get(f"/dook/bronnen/{source_import.pk}/kolommen")
    assert page.status_code == 200
    form = page.context["mapping_form"]
    initial = {field: form.initial.get(field, "") for field in form.fields}
    with capture(execute=True):
        confirmed = client.post(f"/dook/bronnen/{source_import.pk}/kolommen", {k: v for k, v in initial.items() if v})
    assert confirmed.status_code == 302
    source_import.refresh_from_db()
    return source_import, initial, page.content.decode()


def test_kvk_vestigingsprofiel_export_with_its_extra_fields(analyst, bag, municipality_a,
                                                            django_capture_on_commit_callbacks):
    content = _export(KVK_EXPORT_HEADER, KVK_EXPORT_ROWS, "utf-8-sig")
    result, initial, page = _through_mapping_step(analyst, "kvk_csv", "vestigingen.csv", content,
                                                  django_capture_on_commit_callbacks)
    assert "Café de Kroon B.V." in page  # the preview decoded the BOM'd UTF-8
    assert initial["addresseerbaarObjectId"] == "geoData.addresseerbaarObjectId"
    assert initial["nummerAanduidingId"] == "geoData.nummerAanduidingId"
    assert initial["datumAanvang"] == "materieleRegistratie.datumAanvang"
    assert initial["datumEinde"] == "materieleRegistratie.datumEinde"
    assert initial["sbiCode"] == "sbiHoofdActiviteit" and initial["sbiOmschrijving"] == "sbiOmschrijving"
    assert (initial["rijksdriehoekX"], initial["huisnummer"], initial["plaats"]) == ("rijksdriehoekX", "huisnummer",
                                                                                      "plaats")
    assert result.status == JobStatus.SUCCEEDED, result.error_report
    assert result.rows_imported == 4
    # The nine fields the importer does not use are ignored and listed, never a reason to refuse.
    assert {"rechtsvorm", "indCommercieleVestiging", "formeleRegistratiedatum", "totaalWerkzamePersonen",
            "huisletter", "huisnummerToevoeging", "gpsLatitude", "gpsLongitude", "sbiActiviteiten"} <= set(
        result.ignored_columns)
    cafe = Establishment.objects.get(establishment_number="000012345602")
    assert (cafe.trade_name, cafe.sbi_code, cafe.is_main_establishment, cafe.started_on) == (
        "Café de Kroon B.V.", "5630", False, datetime.date(2019, 1, 15))
    kinds = dict(Establishment.objects.values_list("establishment_number", "address__kind"))
    assert kinds["000012345603"] == "standplaats" and kinds["000012345604"] == "ligplaats"
    saved = ColumnMapping.objects.get(municipality=municipality_a, importer="dook.kvk_csv")
    assert saved.mapping["addresseerbaarObjectId"] == "geoData.addresseerbaarObjectId"


def test_brp_export_with_both_ids_and_a_woonboot_keyed_by_its_nummeraanduiding(
        analyst, bag, django_capture_on_commit_callbacks):
    content = _export(BRP_EXPORT_HEADER, BRP_EXPORT_ROWS, "cp1252")
    result, initial, _page = _through_mapping_step(analyst, "brp_counts_csv", "brp_aantallen.csv", content,
                                                   django_capture_on_commit_callbacks)
    assert initial["verblijfsobject_id"] == "verblijfsobject_identificatie"
    assert initial["nummeraanduiding_id"] == "nummeraanduiding_identificatie"
    assert initial["ingeschreven_personen"] == "aantal_ingeschreven"
    assert initial["verhuizingen_in_12m"] == "verhuizingen_in"
    assert result.status == JobStatus.SUCCEEDED, result.error_report
    assert set(result.ignored_columns) == {"postcode", "huisnummer", "peildatum"}
    persons = {c.address.bag_id: (c.address.kind, c.persons)
               for c in RegistrationCount.objects.select_related("address")}
    assert persons == {"0233010000000001": ("verblijfsobject", 2), "0233010000000002": ("verblijfsobject", 5),
                       "0233030000000001": ("standplaats", 4), "0233020000000001": ("ligplaats", 1)}


def test_woz_export_with_dutch_amounts_and_its_own_object_numbers(analyst, bag, django_capture_on_commit_callbacks):
    content = _export(WOZ_EXPORT_HEADER, WOZ_EXPORT_ROWS, "cp1252")
    result, initial, _page = _through_mapping_step(analyst, "woz_csv", "woz_export.csv", content,
                                                   django_capture_on_commit_callbacks)
    assert initial["verblijfsobject_id"] == "verblijfsobject_identificatie"
    assert initial["woz_waarde"] == "vastgestelde_waarde" and initial["waardepeildatum"] == "peildatum"
    assert result.status == JobStatus.SUCCEEDED, result.error_report
    assert "wozobjectnummer" in result.ignored_columns and "gebruikscode" in result.ignored_columns
    values = {v.address.bag_id: (v.value_eur, v.reference_date) for v in PropertyValue.objects.select_related("address")}
    assert values == {"0233010000000001": (412000, datetime.date(2024, 1, 1)),
                      "0233010000000002": (268000, datetime.date(2024, 1, 1)),
                      "0233020000000001": (185000, datetime.date(2024, 1, 1)),
                      "0233030000000001": (95000, datetime.date(2024, 1, 1))}


@pytest.mark.parametrize("key,header,rows,change,expected", [
    # A WOZ amount with cents that are not zero, or a decimal point that is not a thousands separator.
    ("woz_csv", WOZ_EXPORT_HEADER, WOZ_EXPORT_ROWS, (0, 8, "€ 412.000,50"), (2, "woz_waarde", "hele euro")),
    ("woz_csv", WOZ_EXPORT_HEADER, WOZ_EXPORT_ROWS, (1, 8, "268.5"), (3, "woz_waarde", "")),
    # A BRP row whose address is unknown in either id.
    ("brp_counts_csv", BRP_EXPORT_HEADER, BRP_EXPORT_ROWS, (3, 0, "0233200000000999"),
     (5, "nummeraanduiding_id", "Onbekend BAG-id")),
    # A person's name in a BRP export refuses it, whatever else is right.
    ("brp_counts_csv", BRP_EXPORT_HEADER + ["achternaam"], [r + ["Jansen"] for r in BRP_EXPORT_ROWS], None,
     (1, "achternaam", "nooit namen")),
    # A KvK row whose vestigingsnummer lost its leading zeros (opened in Excel).
    ("kvk_csv", KVK_EXPORT_HEADER, KVK_EXPORT_ROWS, (0, 0, "12345601"), (2, "vestigingsnummer", "12 cijfers")),
])
def test_malformed_exports_are_refused_with_nothing_stored(load, bag, tmp_path, key, header, rows, change, expected):
    rows = [list(row) for row in rows]
    if change:
        rows[change[0]][change[1]] = change[2]
    path = tmp_path / "export.csv"
    path.write_bytes(_export(header, rows, "cp1252"))
    result = load(key, path)
    assert result.status == JobStatus.FAILED
    row, column, message = expected
    found = [(e["row"], e["column"], e["message"]) for e in result.error_report]
    assert any(r == row and c == column and message in m for r, c, m in found), found
    assert not (Establishment.objects.exists() or RegistrationCount.objects.exists() or PropertyValue.objects.exists())
