"""The municipality registry is loaded from the real shipped CBS/PDOK data."""

from decimal import Decimal

import pytest

from veiliglokaal.core.models import Municipality, Neighbourhood, Province, SafetyRegion, SizeClass
from veiliglokaal.core.services import load_registry

pytestmark = pytest.mark.django_db


def test_all_342_municipalities_25_regions_12_provinces():
    assert Municipality.objects.count() == 342
    assert SafetyRegion.objects.count() == 25
    assert Province.objects.count() == 12
    assert Neighbourhood.objects.filter(municipality__code="GM0233").count() == 17


def test_ermelo_figures_match_the_source_files():
    # gemeente_bevolking_oppervlakte_2024.csv: GM0233,Ermelo,Gelderland,27856,87.33,85.64,1.69,325.3
    # gemeente_veiligheidsregio_2023.csv: GM0233 -> VR06 Noord- en Oost-Gelderland
    ermelo = Municipality.objects.select_related("safety_region", "province").get(code="GM0233")
    assert ermelo.name == "Ermelo"
    assert ermelo.population == 27856
    assert ermelo.land_area_km2 == Decimal("85.64")
    assert ermelo.density_per_km2 == Decimal("325.3")
    assert ermelo.safety_region.code == "VR06"
    assert ermelo.province.name == "Gelderland"
    assert ermelo.size_class == SizeClass.FROM_20K
    assert ermelo.boundary["type"] in {"Polygon", "MultiPolygon"}


def test_population_total_is_the_cbs_national_total():
    from django.db.models import Sum

    assert Municipality.objects.aggregate(total=Sum("population"))["total"] == 17_942_942


@pytest.mark.parametrize("population, expected", [
    (9_999, SizeClass.UNDER_10K), (10_000, SizeClass.FROM_10K), (19_999, SizeClass.FROM_10K),
    (20_000, SizeClass.FROM_20K), (50_000, SizeClass.FROM_50K), (100_000, SizeClass.FROM_100K),
    (150_000, SizeClass.FROM_150K), (249_999, SizeClass.FROM_150K), (250_000, SizeClass.FROM_250K),
])
def test_size_class_boundaries(population, expected):
    assert SizeClass.for_population(population) == expected


def test_every_size_class_is_used_and_amsterdam_is_the_largest_class():
    assert set(Municipality.objects.values_list("size_class", flat=True)) == set(SizeClass.values)
    assert Municipality.objects.get(code="GM0363").size_class == SizeClass.FROM_250K


def test_load_is_idempotent():
    before = list(Municipality.objects.order_by("code").values_list("code", "population", "safety_region__code"))
    result = load_registry()
    assert result.created == 0
    after = list(Municipality.objects.order_by("code").values_list("code", "population", "safety_region__code"))
    assert before == after
