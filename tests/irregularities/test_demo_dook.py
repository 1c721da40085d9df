"""The DOOK demo: synthetic registers on real geography, loaded through the real importers, with irregularities
of each kind planted and recorded; deterministic, idempotent, and labelled synthetic wherever it shows."""

import statistics
from collections import Counter

import pytest

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.demo import dook as demo
from veiliglokaal.demo.dook_registers import HIGH_RISK_SBI, HOME_SBI
from veiliglokaal.irregularities.models import (Address, Establishment, PlantedIrregularity,
                                                PlantedKind, PropertyValue, RegistrationCount, SourceImport)

from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


def _truth(municipality):
    return sorted(PlantedIrregularity.objects.filter(municipality=municipality).values_list(
        "address__bag_id", "kind", "detail"))


def test_demo_loads_through_the_real_importers_and_plants_every_kind(municipality_a):
    results = demo.load_dook_demo()
    assert [r["municipality"] for r in results] == ["GM0233", "GM0363"]
    imports = SourceImport.objects.all()
    assert {(i.municipality.code, i.source_type) for i in imports} == {
        ("GM0233", "bag_geopackage"), ("GM0233", "kvk_json"), ("GM0233", "brp_counts_csv"), ("GM0233", "woz_csv"),
        ("GM0363", "bag_csv"), ("GM0363", "kvk_csv"), ("GM0363", "brp_counts_csv"), ("GM0363", "woz_csv")}
    assert all(i.is_synthetic and i.status == JobStatus.SUCCEEDED and len(i.checksum) == 64 for i in imports)

    ermelo = Address.objects.filter(municipality=municipality_a)
    purposes = Counter(a.purposes for a in ermelo)
    assert purposes["woonfunctie"] / ermelo.count() > 0.75  # residential majority
    assert {"winkelfunctie", "industriefunctie", "kantoorfunctie", "overige gebruiksfunctie"} <= set(purposes)
    assert ermelo.exclude(neighbourhood_code="").count() == ermelo.count()  # generated inside the real buurten
    assert len({a.neighbourhood_code for a in ermelo}) >= 15
    kinds = Counter(PlantedIrregularity.objects.filter(municipality=municipality_a).values_list("kind", flat=True))
    assert set(kinds) == set(PlantedKind.values) and all(n >= 5 for n in kinds.values())
    amsterdam_kinds = set(PlantedIrregularity.objects.filter(municipality__code="GM0363").values_list("kind", flat=True))
    assert amsterdam_kinds == {"many_moves", "many_companies", "high_risk_sbi_cluster", "woz_outlier"}


def test_planted_irregularities_are_really_in_the_registers(municipality_a):
    demo.load_dook_demo(codes=("GM0233",))
    brp = {c.address_id: c for c in RegistrationCount.objects.filter(municipality=municipality_a)}
    woz = {v.address_id: v.value_eur for v in PropertyValue.objects.filter(municipality=municipality_a)}
    companies = Counter(Establishment.objects.filter(municipality=municipality_a).values_list("address_id", flat=True))
    baseline_persons_per_m2 = [c.persons / c.address.floor_area for c in brp.values()]
    residential = Address.objects.filter(municipality=municipality_a, purposes="woonfunctie")
    typical_per_m2 = statistics.median(woz[a.pk] / a.floor_area for a in residential)
    for planted in PlantedIrregularity.objects.filter(municipality=municipality_a).select_related("address"):
        address = planted.address
        if planted.kind == "overcrowding":
            assert brp[address.pk].persons / address.floor_area >= 0.1 > statistics.median(baseline_persons_per_m2)
        elif planted.kind == "many_moves":
            assert brp[address.pk].moves_in_12m >= 9 and brp[address.pk].moves_out_12m >= 8
        elif planted.kind == "persons_at_business_address":
            assert "woonfunctie" not in address.purpose_list and brp[address.pk].persons >= 2
        elif planted.kind == "many_companies":
            assert companies[address.pk] >= 9
        elif planted.kind == "high_risk_sbi_cluster":
            assert Establishment.objects.filter(address=address, sbi_code__in=HIGH_RISK_SBI).exists()
        elif planted.kind == "activity_not_allowed":
            assert address.purposes in ("woonfunctie", "overige gebruiksfunctie")
            assert Establishment.objects.filter(address=address).exclude(sbi_code__in=HOME_SBI).exists()
        elif planted.kind == "woz_outlier":
            assert not 0.5 < woz[address.pk] / address.floor_area / typical_per_m2 < 2.0
    assert max(Counter(Establishment.objects.exclude(address__planted_irregularities__kind="many_companies")
                       .values_list("address_id", flat=True)).values()) <= 2  # the baseline has no such pile-ups
    cluster = PlantedIrregularity.objects.filter(municipality=municipality_a, kind="high_risk_sbi_cluster")
    assert len({p.address.street for p in cluster}) == 1  # one street


def test_demo_is_deterministic_and_idempotent(municipality_a):
    demo.load_dook_demo(codes=("GM0233",))
    first = _truth(municipality_a)
    addresses = sorted(Address.objects.filter(municipality=municipality_a).values_list("bag_id", "street", "rd_x"))
    assert demo.load_dook_demo(codes=("GM0233",)) == [{"municipality": "GM0233", "skipped": True}]
    assert SourceImport.objects.count() == 4 and _truth(municipality_a) == first
    demo.load_dook_demo(codes=("GM0233",), reset_first=True)
    assert SourceImport.objects.count() == 4  # the old demo imports were removed, not piled up
    assert _truth(municipality_a) == first
    assert sorted(Address.objects.filter(municipality=municipality_a).values_list("bag_id", "street", "rd_x")) == addresses


def test_demo_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(RuntimeError, match="demomodus"):
        demo.load_dook_demo()


def test_ui_labels_demo_data_synthetic_and_exports_the_ground_truth(municipality_a, users_a):
    demo.load_dook_demo(codes=("GM0233",))
    client = logged_in_client(users_a[Role.ANALYST], municipality_a)
    page = client.get("/dook/bronnen").content.decode()
    assert page.count("synthetische demodata") >= 4 and "Grondwaarheid als CSV" in page
    detail = client.get(f"/dook/bronnen/{SourceImport.objects.filter(source_type='kvk_json').get().pk}")
    assert "synthetische demodata" in detail.content.decode()
    truth = client.get("/dook/bronnen/grondwaarheid.csv").content.decode("utf-8-sig").splitlines()
    assert truth[0] == "verblijfsobject_id;adres;buurtcode;soort;omschrijving;toelichting;seed"
    assert len(truth) - 1 == PlantedIrregularity.objects.filter(municipality=municipality_a).count()
    assert all(line.split(";")[0].startswith("0233") for line in truth[1:])
