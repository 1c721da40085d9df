"""KvK (Vestigingsprofiel JSON and flat CSV), BRP counts and WOZ importers: rows must match an address of this
municipality; each file replaces the register's previous snapshot, or on any error changes nothing."""

import datetime

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from veiliglokaal.audit.models import ProcessingLogEntry
from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.irregularities.models import Establishment, PropertyValue, RegistrationCount

from .dook_files import csv_text, kvk_json, kvk_profile, make_geopackage, write

pytestmark = pytest.mark.django_db

BRP_HEADER = ["verblijfsobject_id", "ingeschreven_personen", "verhuizingen_in_12m", "verhuizingen_uit_12m"]


@pytest.fixture
def bag(load, tmp_path):
    result = load("bag_geopackage", make_geopackage(tmp_path / "bag.gpkg"))
    assert result.status == JobStatus.SUCCEEDED
    return result


def _has(result, row, column, text):
    return any(e["row"] == row and e["column"] == column and text in e["message"] for e in result.error_report)


# --- KvK --------------------------------------------------------------------------------------------------------

def test_kvk_json_with_real_field_names(bag, load, tmp_path, municipality_a):
    profiles = [kvk_profile("000012345678"), kvk_profile("000012345679", "0233010000000003", "2511", name="Staal BV")]
    result = load("kvk_json", kvk_json(tmp_path / "vestigingen.json", profiles))
    assert result.status == JobStatus.SUCCEEDED, result.error_report
    shop = Establishment.objects.get(establishment_number="000012345678")
    assert (shop.kvk_number, shop.trade_name, shop.sbi_code, shop.is_main_establishment) == (
        "12345678", "Kroon Kleding", "4771", True)  # the main activity, not the first one listed
    assert shop.started_on == datetime.date(2015, 3, 1) and shop.address.bag_id == "0233010000000001"
    assert shop.reference_date == datetime.date(2025, 1, 1) and shop.source_import_id == result.pk
    assert shop.municipality_id == municipality_a.pk


def test_kvk_json_problems(bag, load, tmp_path):
    profiles = [
        kvk_profile("000000000001", "0233010000000099"),  # no such address in Ermelo
        kvk_profile("000000000002", "0363010000000001"),  # an Amsterdam address
        kvk_profile("000000000003", visiting=False),  # only a correspondence address
        kvk_profile("000000000004", sbi="47a1"),
        kvk_profile("000000000005"), kvk_profile("000000000005"),  # duplicate vestigingsnummer
        "geen profiel",
    ]
    result = load("kvk_json", kvk_json(tmp_path / "v.json", profiles))
    assert result.status == JobStatus.FAILED
    assert _has(result, 1, "addresseerbaarObjectId", "Onbekend BAG-id")
    assert _has(result, 2, "addresseerbaarObjectId", "gemeente 0363")
    assert _has(result, 3, "adressen", "Geen bezoekadres")
    assert _has(result, 4, "sbiCode", "SBI-code")
    assert _has(result, 6, "vestigingsnummer", "regel 5")
    assert _has(result, 7, "", "vestigingsprofiel")
    assert not Establishment.objects.exists()


@pytest.mark.parametrize("content,message", [("{\"vestigingsnummer\": 1}", "lijst van vestigingsprofielen"),
                                             ("[{\"a\": 1},", "Geen geldige JSON")])
def test_kvk_json_that_is_not_a_list(bag, load, tmp_path, content, message):
    result = load("kvk_json", write(tmp_path / "v.json", content))
    assert result.status == JobStatus.FAILED and message in result.error_report[0]["message"]


def test_kvk_csv_flattened_names_and_snapshot_replacement(bag, load, tmp_path):
    header = ["vestigingsnummer", "kvkNummer", "eersteHandelsnaam", "indHoofdvestiging", "datumAanvang",
              "addresseerbaarObjectId", "nummerAanduidingId", "sbiCode"]
    first = load("kvk_csv", write(tmp_path / "a.csv", csv_text(header, [
        ["000000000001", "11111111", "Oud BV", "Ja", "2001-01-01", "0233010000000001", "", "4711"],
        ["000000000002", "22222222", "Ook oud", "Nee", "", "0233010000000002", "", "6201"]])))
    assert first.status == JobStatus.SUCCEEDED, first.error_report
    second = load("kvk_csv", write(tmp_path / "b.csv", csv_text(header, [
        ["000000000003", "33333333", "Nieuw BV", "Ja", "20240101", "", "0233200000000003", "2511"]])))
    assert second.status == JobStatus.SUCCEEDED, second.error_report
    assert list(Establishment.objects.values_list("trade_name", "address__bag_id")) == [
        ("Nieuw BV", "0233010000000003")]  # matched by nummeraanduiding id; the old snapshot is gone


def test_kvk_csv_failure_keeps_the_previous_snapshot(bag, load, tmp_path):
    header = ["vestigingsnummer", "kvkNummer", "eersteHandelsnaam", "addresseerbaarObjectId", "sbiCode"]
    load("kvk_csv", write(tmp_path / "a.csv", csv_text(header, [
        ["000000000001", "11111111", "Blijft", "0233010000000001", "4711"]])))
    failed = load("kvk_csv", write(tmp_path / "b.csv", csv_text(header, [
        ["000000000002", "22222222", "Goed", "0233010000000002", "4711"],
        ["000000000003", "123", "Fout", "0233010000000002", "4711"]])))
    assert failed.status == JobStatus.FAILED and _has(failed, 3, "kvkNummer", "8 cijfers")
    assert list(Establishment.objects.values_list("trade_name", flat=True)) == ["Blijft"]


# --- BRP counts -------------------------------------------------------------------------------------------------

def test_brp_counts(bag, load, tmp_path, municipality_a):
    result = load("brp_counts_csv", write(tmp_path / "brp.csv", csv_text(BRP_HEADER, [
        ["0233010000000001", 3, 1, 0], ["0233010000000002", 11, 6, 5]])))
    assert result.status == JobStatus.SUCCEEDED, result.error_report
    counts = {c.address.bag_id: (c.persons, c.moves_in_12m, c.moves_out_12m) for c in RegistrationCount.objects.all()}
    assert counts == {"0233010000000001": (3, 1, 0), "0233010000000002": (11, 6, 5)}
    entry = ProcessingLogEntry.objects.get(activity_key="irregularities.bronnen", name="Bron inlezen: brp_counts_csv")
    assert entry.municipality_id == municipality_a.pk


@pytest.mark.parametrize("header,rows,expected", [
    (BRP_HEADER + ["achternaam"], [["0233010000000001", 1, 0, 0, "Jansen"]], (1, "achternaam", "nooit namen")),
    (BRP_HEADER + ["nationaliteit"], [["0233010000000001", 1, 0, 0, "NL"]], (1, "nationaliteit", "nationaliteit")),
    (BRP_HEADER[1:], [[1, 0, 0]], (1, "verblijfsobject_id", "Verplichte kolom ontbreekt")),
    (BRP_HEADER, [["0233010000000001", -1, 0, 0]], (2, "ingeschreven_personen", "buiten het toegestane bereik")),
    (BRP_HEADER, [["0233010000000001", "drie", 0, 0]], (2, "ingeschreven_personen", "Geen geheel getal")),
    (BRP_HEADER, [["0233010000000001", 1, 0, 0], ["0233010000000001", 2, 0, 0]], (3, "verblijfsobject_id", "regel 2")),
    (BRP_HEADER, [["0233010000000042", 1, 0, 0]], (2, "verblijfsobject_id", "Onbekend BAG-id")),
    (BRP_HEADER, [["0243010000000001", 1, 0, 0]], (2, "verblijfsobject_id", "gemeente 0243")),
    (BRP_HEADER, [["0233100000000001", 1, 0, 0]], (2, "verblijfsobject_id", "pand")),
])
def test_malformed_brp_files(bag, load, tmp_path, header, rows, expected):
    load("brp_counts_csv", write(tmp_path / "ok.csv", csv_text(BRP_HEADER, [["0233010000000002", 4, 0, 0]])))
    result = load("brp_counts_csv", write(tmp_path / "brp.csv", csv_text(header, rows)))
    assert result.status == JobStatus.FAILED
    assert _has(result, *expected), result.error_report
    assert list(RegistrationCount.objects.values_list("address__bag_id", "persons")) == [("0233010000000002", 4)]


def test_brp_before_any_bag_explains_to_load_the_bag_first(load, tmp_path):
    result = load("brp_counts_csv", write(tmp_path / "brp.csv", csv_text(BRP_HEADER, [["0233010000000001", 1, 0, 0]])))
    assert result.status == JobStatus.FAILED and "Lees eerst de BAG in" in result.error_report[0]["message"]


# --- WOZ --------------------------------------------------------------------------------------------------------

def test_woz_values_with_and_without_peildatum(bag, load, tmp_path):
    result = load("woz_csv", write(tmp_path / "woz.csv", "verblijfsobject_id;woz_waarde;waardepeildatum\n"
                                   "0233010000000001;412000;2024-01-01\n0233010000000002;298000;\n"))
    assert result.status == JobStatus.SUCCEEDED, result.error_report
    values = {v.address.bag_id: (v.value_eur, v.reference_date.isoformat()) for v in PropertyValue.objects.all()}
    assert values == {"0233010000000001": (412000, "2024-01-01"), "0233010000000002": (298000, "2025-01-01")}


def test_woz_problems(bag, load, tmp_path):
    result = load("woz_csv", write(tmp_path / "woz.csv", "verblijfsobject_id,woz_waarde,waardepeildatum\n"
                                   "0233010000000001,4.5e5x,2024-01-01\n0233010000000002,300000,31-02-2024\n"))
    assert result.status == JobStatus.FAILED
    assert _has(result, 2, "woz_waarde", "hele euro") and _has(result, 3, "waardepeildatum", "datum")
    assert not PropertyValue.objects.exists()


def test_rows_of_one_municipality_never_reach_another(bag, load, tmp_path, municipality_b):
    """Harderwijk offering Ermelo's ids: no address of Harderwijk matches, and Ermelo's data is untouched."""
    result = load("brp_counts_csv", write(tmp_path / "brp.csv", csv_text(BRP_HEADER, [["0233010000000001", 1, 0, 0]])),
                  municipality=municipality_b)
    assert result.status == JobStatus.FAILED and _has(result, 2, "verblijfsobject_id", "gemeente 0233")
    assert not RegistrationCount.objects.exists()


def test_reading_a_brp_error_report_is_a_logged_processing(bag, load, tmp_path, users_a, municipality_a):
    from veiliglokaal.accounts.scopes import Role

    from tests.conftest import logged_in_client

    failed = load("brp_counts_csv", write(tmp_path / "brp.csv", csv_text(BRP_HEADER, [["0233010000000042", 7, 0, 0]])))
    client = logged_in_client(users_a[Role.ANALYST], municipality_a)
    assert client.get(f"/dook/bronnen/{failed.pk}").status_code == 200
    assert client.get(f"/dook/bronnen/{failed.pk}/fouten.csv").status_code == 200
    names = ProcessingLogEntry.objects.filter(name__startswith="Foutenrapport").values_list("name", flat=True)
    assert sorted(names) == ["Foutenrapport BRP-aantallen bekeken", "Foutenrapport BRP-aantallen gedownload"]


@given(st.lists(st.tuples(st.sampled_from(["0233010000000001", "0233010000000002", "0233010000000003"]),
                          st.integers(0, 20)), min_size=1, max_size=3, unique_by=lambda r: r[0]),
       st.integers(0, 2), st.sampled_from(["-1", "x", "0243010000000001", "0233010000000099", ""]))
@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_one_bad_row_anywhere_changes_nothing(bag, load, tmp_path, rows, position, bad):
    """Property: whatever the good rows, one bad value in any row leaves the previous snapshot exactly as it was."""
    RegistrationCount.objects.all().delete()
    load("brp_counts_csv", write(tmp_path / "old.csv", csv_text(BRP_HEADER, [["0233010000000003", 5, 1, 1]])))
    before = list(RegistrationCount.objects.values_list("address__bag_id", "persons", "source_import_id"))
    lines = [[bag_id, persons, 0, 0] for bag_id, persons in rows]
    index = position % len(lines)
    if bad.startswith("02"):
        lines[index][0] = bad
    else:
        lines[index][1] = bad
    result = load("brp_counts_csv", write(tmp_path / "new.csv", csv_text(BRP_HEADER, lines)))
    assert result.status == JobStatus.FAILED and result.error_report
    assert {e["row"] for e in result.error_report} == {index + 2}
    assert list(RegistrationCount.objects.values_list("address__bag_id", "persons", "source_import_id")) == before
