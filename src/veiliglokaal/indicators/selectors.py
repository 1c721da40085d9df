"""Reads of the indicators module: indicator values, fair comparison and peer municipalities.

Statistics are open data (no personal data), so there is no tenancy filter: every municipality may compare itself
with all others. Each indicator value for all 342 municipalities is one SQL query (a LEFT JOIN of the registry on
the observations of one measure in one period, the rate computed by the database).
"""

import bisect
import math
from dataclasses import dataclass

from django.db.models import F, FilteredRelation, FloatField, Q
from django.db.models.functions import Cast

from veiliglokaal.core.models import Municipality

from .definitions import IndicatorDefinition
from .models import Measure, StatisticsTable

SAME_REGION_FACTOR = 0.5  # a municipality in the same veiligheidsregio counts as twice as close
PEER_COUNT = 10
QUANTILE_CLASSES = 5


@dataclass(frozen=True)
class IndicatorValue:
    municipality_id: int
    code: str
    name: str
    population: int
    density: float
    size_class: str
    safety_region_id: int
    province_id: int
    numerator: float | None
    value: float | None
    provisional: bool


@dataclass(frozen=True)
class GroupValue:
    label: str
    description: str
    value: float | None
    numerator: float
    population: int
    municipalities: int


@dataclass(frozen=True)
class Peer:
    row: IndicatorValue
    distance: float
    same_region: bool


def period_label(period_code: str) -> str:
    return period_code[:4] if period_code.endswith("JJ00") else period_code


def measure_for(indicator: IndicatorDefinition) -> Measure | None:
    return Measure.objects.filter(table__table_id=indicator.table_id, code=indicator.measure_code,
                                  category_code=indicator.category_code).first()


def source_table(indicator: IndicatorDefinition) -> StatisticsTable | None:
    return StatisticsTable.objects.filter(table_id=indicator.table_id).first()


def values_for_period(indicator: IndicatorDefinition, period_code: str, measure: Measure | None = None) -> list[IndicatorValue]:
    """The indicator for every municipality in one period, in one query. Municipalities without a value get None."""
    measure = measure or measure_for(indicator)
    measure_id = measure.pk if measure else -1
    rows = (
        Municipality.objects.without_boundaries()
        .annotate(obs=FilteredRelation("observations", condition=Q(observations__measure_id=measure_id,
                                                                   observations__period_code=period_code)))
        .annotate(numerator=Cast(F("obs__value"), FloatField()),
                  rate=Cast(F("obs__value"), FloatField()) * indicator.scale / Cast(F("population"), FloatField()),
                  provisional=F("obs__provisional"))
        .order_by("code")
        .values_list("id", "code", "name", "population", "density_per_km2", "size_class", "safety_region_id",
                     "province_id", "numerator", "rate", "provisional")
    )
    return [IndicatorValue(pk, code, name, population, float(density), size_class, region_id, province_id,
                           numerator, rate, bool(provisional))
            for pk, code, name, population, density, size_class, region_id, province_id, numerator, rate, provisional
            in rows]


def panel(indicator: IndicatorDefinition) -> dict[str, list[IndicatorValue]]:
    measure = measure_for(indicator)
    return {period: values_for_period(indicator, period, measure) for period in indicator.periods}


def weighted(rows, indicator: IndicatorDefinition, label: str, description: str = "") -> GroupValue:
    """Population-weighted aggregate: sum of numerators / sum of populations (municipalities with a value only)."""
    with_value = [r for r in rows if r.numerator is not None]
    numerator = sum(r.numerator for r in with_value)
    population = sum(r.population for r in with_value)
    value = numerator * indicator.scale / population if population else None
    return GroupValue(label, description, value, numerator, population, len(with_value))


def rank_of(rows: list[IndicatorValue], municipality_id: int) -> tuple[int | None, float | None, int]:
    """Rank 1 = highest value. Percentile = share (%) of the other municipalities with a lower value."""
    values = sorted(r.value for r in rows if r.value is not None)
    own = next((r.value for r in rows if r.municipality_id == municipality_id), None)
    if own is None or not values:
        return None, None, len(values)
    higher = len(values) - bisect.bisect_right(values, own)
    lower = bisect.bisect_left(values, own)
    percentile = 100.0 * lower / (len(values) - 1) if len(values) > 1 else 100.0
    return higher + 1, percentile, len(values)


def _standardised(values: list[float]) -> list[float]:
    logs = [math.log(v) for v in values]
    mean = sum(logs) / len(logs)
    sd = math.sqrt(sum((x - mean) ** 2 for x in logs) / len(logs)) or 1.0
    return [(x - mean) / sd for x in logs]


def peers(rows: list[IndicatorValue], municipality_id: int, count: int = PEER_COUNT) -> list[Peer]:
    """The `count` most similar municipalities: Euclidean distance on standardised log(population) and
    log(density), multiplied by SAME_REGION_FACTOR for the same veiligheidsregio (the same-region bonus).
    Ties by CBS code."""
    population_z = _standardised([max(r.population, 1) for r in rows])
    density_z = _standardised([max(r.density, 0.1) for r in rows])
    index = next(i for i, r in enumerate(rows) if r.municipality_id == municipality_id)
    own = rows[index]
    candidates = []
    for i, row in enumerate(rows):
        if i == index:
            continue
        distance = math.hypot(population_z[i] - population_z[index], density_z[i] - density_z[index])
        same_region = row.safety_region_id == own.safety_region_id
        if same_region:
            distance *= SAME_REGION_FACTOR
        candidates.append(Peer(row, distance, same_region))
    candidates.sort(key=lambda p: (p.distance, p.row.code))
    return candidates[:count]


def comparison(indicator: IndicatorDefinition, rows: list[IndicatorValue], municipality) -> list[GroupValue]:
    own = next(r for r in rows if r.municipality_id == municipality.pk)
    return [
        GroupValue(municipality.name, "", own.value, own.numerator or 0, own.population, 1),
        weighted(rows, indicator, "Nederland", "alle gemeenten"),
        weighted([r for r in rows if r.size_class == own.size_class], indicator,
                 f"Grootteklasse {municipality.get_size_class_display()}", "gemeenten van dezelfde grootte (CBS)"),
        weighted([r for r in rows if r.safety_region_id == own.safety_region_id], indicator,
                 f"Veiligheidsregio {municipality.safety_region.name}", municipality.safety_region.code),
        weighted([r for r in rows if r.province_id == own.province_id], indicator,
                 f"Provincie {municipality.province.name}", ""),
    ]


def quantile_breaks(values: list[float], classes: int = QUANTILE_CLASSES) -> list[float]:
    """Upper bounds of the first classes-1 quantile classes (nearest-rank on the sorted values)."""
    ordered = sorted(values)
    if not ordered:
        return []
    return [ordered[min(len(ordered) - 1, math.ceil(q * len(ordered) / classes) - 1)] for q in range(1, classes)]


def class_of(value: float | None, breaks: list[float]) -> int | None:
    return None if value is None else bisect.bisect_left(breaks, value)
