"""Reads of the indicators module: indicator values, fair comparison and peer municipalities.

Statistics are open data (no personal data), so there is no tenancy filter: every municipality may compare itself
with all others. An indicator for all 342 municipalities and any number of periods is one query on the registry
plus one grouped query per term (numerator, denominator), never a query per municipality.
"""

import bisect
import math
from dataclasses import dataclass

from django.db.models import Count, IntegerField, Max, Q, Sum
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from veiliglokaal.core.models import Municipality

from .definitions import IndicatorDefinition, Term
from .models import Observation, StatisticsTable

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
    denominator: float | None = None  # inhabitants, or the denominator term (e.g. youths 12–17); None = unknown


@dataclass(frozen=True)
class GroupValue:
    label: str
    description: str
    value: float | None
    numerator: float
    population: int  # the summed denominator: inhabitants (or youths) of the municipalities with a value
    municipalities: int


@dataclass(frozen=True)
class Peer:
    row: IndicatorValue
    distance: float
    same_region: bool


@dataclass(frozen=True)
class Resolved:
    """The measures a term sums, or why it cannot be computed ("niet beschikbaar: ...")."""
    measure_ids: tuple[int, ...]
    reason: str = ""


def period_label(period_code: str) -> str:
    return period_code[:4] if period_code.endswith("JJ00") else period_code


def resolve(term: Term) -> Resolved:
    """Find the measures of `term` among the imported ones: two small queries, no observations read."""
    table = StatisticsTable.objects.filter(table_id__iexact=term.table_id).first()
    if table is None:
        return Resolved((), _("tabel %(table)s ontbreekt") % {"table": term.table_id})
    measures = list(table.measures.filter(Q(code__in=term.measure) | Q(title__in=term.measure))
                    .values_list("pk", "category_code", "category_title"))
    if not measures:
        return Resolved((), _("tabel %(table)s bevat het onderwerp '%(m)s' niet") % {"table": term.table_id,
                                                                                   "m": term.measure[-1]})
    if not term.categories:
        ids = [pk for pk, code, _title in measures if not code]
        return Resolved(tuple(ids[:1])) if ids else Resolved((), _("tabel %(table)s heeft alleen onderverdeelde "
                                                                    "cijfers") % {"table": term.table_id})
    ids = []
    for code, title in term.categories:
        match = next((pk for pk, c, t in measures if c == code or t == title), None)
        if match is None:
            return Resolved((), _("tabel %(table)s bevat '%(c)s' niet") % {"table": term.table_id, "c": title})
        ids.append(match)
    return Resolved(tuple(ids))


def availability(indicator: IndicatorDefinition) -> str:
    """"" when the indicator can be computed, otherwise the reason (e.g. "tabel HALT ontbreekt")."""
    for term in (indicator.numerator, indicator.denominator):
        if term is not None and (reason := resolve(term).reason):
            return reason
    return ""


def _term_totals(resolved: Resolved, period_codes) -> dict[tuple[int, str], tuple[float | None, bool]]:
    """Sum of the term's measures per (municipality, period) in one grouped query. A sum is only given when every
    measure has a value (a missing category is not counted as zero)."""
    if not resolved.measure_ids:
        return {}
    rows = (Observation.objects
            .filter(measure_id__in=resolved.measure_ids, period_code__in=list(period_codes),
                    municipality_id__isnull=False)
            .values("municipality_id", "period_code")
            .annotate(total=Sum("value"), n=Count("value"), provisional=Max(Cast("provisional", IntegerField())))
            .values_list("municipality_id", "period_code", "total", "n", "provisional"))
    complete = len(resolved.measure_ids)
    return {(m, p): (float(total) if n == complete else None, bool(provisional))
            for m, p, total, n, provisional in rows}


def municipalities() -> list[tuple]:
    """The registry fields the indicators need, for all 342 municipalities, in one query (no boundaries)."""
    return list(Municipality.objects.without_boundaries().order_by("code").values_list(
        "id", "code", "name", "population", "density_per_km2", "size_class", "safety_region_id", "province_id"))


def panel(indicator: IndicatorDefinition, periods=None, registry=None) -> dict[str, list[IndicatorValue]]:
    """The indicator for every municipality in each period: one query for the registry (or `registry` given) and
    one grouped query per term, whatever the number of periods. Municipalities without a value get None."""
    periods = tuple(periods or indicator.periods)
    registry = registry if registry is not None else municipalities()
    numerators = _term_totals(resolve(indicator.numerator), periods)
    denominators = (None if indicator.denominator is None
                    else _term_totals(resolve(indicator.denominator), periods))
    result = {}
    for period in periods:
        rows = []
        for pk, code, name, population, density, size_class, region_id, province_id in registry:
            numerator, provisional = numerators.get((pk, period), (None, False))
            denominator = population if denominators is None else denominators.get((pk, period), (None, False))[0]
            value = (numerator * indicator.scale / denominator
                     if numerator is not None and denominator else None)
            rows.append(IndicatorValue(pk, code, name, population, float(density), size_class, region_id,
                                       province_id, numerator, value, provisional, denominator))
        result[period] = rows
    return result


def values_for_period(indicator: IndicatorDefinition, period_code: str, registry=None) -> list[IndicatorValue]:
    """The indicator for every municipality in one period (two queries)."""
    return panel(indicator, (period_code,), registry)[period_code]


def source_table(indicator: IndicatorDefinition) -> StatisticsTable | None:
    return StatisticsTable.objects.select_related("source").filter(table_id__iexact=indicator.table_id).first()


def source_tables(indicators) -> list[StatisticsTable]:
    """Every imported table the indicators read, with its provenance (DataSource), in one query."""
    wanted = {t.lower() for indicator in indicators for t in indicator.tables}
    return [t for t in StatisticsTable.objects.select_related("source") if t.table_id.lower() in wanted]


def weighted(rows, indicator: IndicatorDefinition, label: str, description: str = "") -> GroupValue:
    """Weighted aggregate: sum of numerators / sum of denominators (inhabitants, or youths for a per-youth
    indicator), over the municipalities with a value only."""
    with_value = [r for r in rows if r.numerator is not None and r.denominator]
    numerator = sum(r.numerator for r in with_value)
    population = sum(r.denominator for r in with_value)
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
        GroupValue(municipality.name, "", own.value, own.numerator or 0, int(own.denominator or own.population), 1),
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
