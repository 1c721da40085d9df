"""National GIR figures: frozen monthly snapshots, published as suppressed one-dimensional marginals (ADR 7).

What is published, per calendar month and nothing else:
- the number of incidents (the month total);
- one table per dimension — victim role, channel, type, CBS size class, veiligheidsregio — each over a fixed list
  of categories (the national default codes; a municipality's own extra codes count as "anders").
No filters, no cross-tabulations, no totals over other periods, no free text, no municipality. A year view is
twelve such months side by side (no row totals).

Counting: an incident counts once in the total and once in each partition dimension (role, channel, size class,
region). An incident with several types counts once under each of its types, so the type table can add up to more
than the total; the total is always the number of distinct incidents.

Suppression (`protect`): in every table each cell below 5 is suppressed (primary). If a table has suppressed
cells, further cells are suppressed, smallest first, until at least two are suppressed and together they hold at
least 5 incidents (secondary). If the month total is below 5 the whole month is suppressed. A suppressed cell is
shown as "x" (the CBS sign for "geheim") without saying whether it was primary or secondary, so a reader cannot
bound it by 4. The proof that no linear combination of published figures gives a suppressed one is
`tests/incidents/test_national_suppression.py`.

Snapshots: a month is frozen `SETTLE_MONTHS` after it ended (late reports have come in) and never changed; late
reports after that do not reach the national figures, so two releases cannot be differenced to single out one
incident. The snapshot freezes the *published release* itself — every suppressed table with its labels, which
municipality was in which size class and region, and the groups' populations — because size class and region come
from the registry: recomputing them on each read let a new population figure, a region change or a merger move one
municipality between groups, and the difference of two releases gave its exact monthly counts (issue 20). A
registry change never alters a published month; pages, CSV, API and the comparison read only the frozen release.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from . import defaults
from .models import Incident, NationalMonth

MIN_CELL = 5
SETTLE_MONTHS = 1
OTHER = "anders"
SUPPRESSED = "x"

DIMENSIONS = {  # key -> (title, [(code, label)])
    "victim_role": ("Functie getroffene", [*defaults.VICTIM_ROLES, (OTHER, "Anders")]),
    "channel": ("Kanaal", [*[(c, label) for c, label, _o in defaults.CHANNELS], (OTHER, "Anders")]),
    "type": ("Soort incident", [*defaults.TYPES, (OTHER, "Anders")]),
}
PARTITIONS = ("victim_role", "channel", "size_class", "region")  # each incident in exactly one cell
ALL_DIMENSIONS = ("victim_role", "channel", "type", "size_class", "region")


# ------------------------------------------------------------------------------------------------- suppression

def protect(values: dict[str, int]) -> set[str]:
    """The cells of one table to suppress: primary (< 5) and secondary (until >= 2 cells holding >= 5 together)."""
    hidden = {key for key, n in values.items() if n < MIN_CELL}
    if not hidden:
        return hidden
    rest = sorted((n, key) for key, n in values.items() if key not in hidden)
    while rest and (len(hidden) < 2 or sum(values[k] for k in hidden) < MIN_CELL):
        hidden.add(rest.pop(0)[1])
    return hidden


@dataclass
class Table:
    key: str
    title: str
    rows: list[tuple[str, str, int | None]]  # (code, label, count or None when suppressed)


@dataclass
class Month:
    month: datetime.date
    total: int | None
    tables: dict[str, Table] = field(default_factory=dict)


def published(month: datetime.date, total: int, cells: dict[str, dict[str, int]], labels: dict) -> Month:
    """The publishable form of one month: `cells` maps every dimension to its full category list (zeros included)."""
    if total < MIN_CELL:
        return Month(month, None, {key: Table(key, labels[key][0], [(c, lab, None) for c, lab in labels[key][1]])
                                   for key in ALL_DIMENSIONS})
    result = Month(month, total)
    for key in ALL_DIMENSIONS:
        title, categories = labels[key]
        values = {code: cells[key].get(code, 0) for code, _label in categories}
        hidden = protect(values)
        result.tables[key] = Table(key, title, [(code, label, None if code in hidden else values[code])
                                                for code, label in categories])
    return result


# ------------------------------------------------------------------------------------------------- the registry

def registry_labels() -> dict:
    """Category lists of every dimension, including size classes and safety regions from the registry."""
    from veiliglokaal.core.models import SafetyRegion, SizeClass

    labels = dict(DIMENSIONS)
    labels["size_class"] = ("Grootteklasse gemeente", [(c.value, str(c.label)) for c in SizeClass])
    labels["region"] = ("Veiligheidsregio", [(r.code, r.name) for r in SafetyRegion.objects.order_by("code")])
    return labels


def municipality_groups() -> dict[str, tuple[str, str, int]]:
    """CBS code -> (size class, safety region code, inhabitants)."""
    from veiliglokaal.core.models import Municipality

    return {code: (size, region, population) for code, size, region, population in
            Municipality.objects.values_list("code", "size_class", "safety_region__code", "population")}


def _group_cells(by_municipality: dict[str, int], groups) -> dict[str, dict[str, int]]:
    size, region = {}, {}
    for code, n in by_municipality.items():
        if code not in groups:
            continue
        s, r, _p = groups[code]
        size[s] = size.get(s, 0) + n
        region[r] = region.get(r, 0) + n
    return {"size_class": size, "region": region}


# ------------------------------------------------------------------------------------------------- computing

def month_bounds(month: datetime.date):
    tz = ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime(month.year, month.month, 1, tzinfo=tz)
    following = datetime.datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=tz)
    return start, following


def compute_month(month: datetime.date) -> tuple[int, dict[str, dict[str, int]]]:
    """Raw counts of one month from the incidents, in three queries: one grouped scan of the covering index
    `incident_national` (municipality x role x channel), one grouped count of the type links, and the codes."""
    from veiliglokaal.core.models import Municipality

    from .models import IncidentOption

    start, end = month_bounds(month)
    incidents = Incident.objects.filter(occurred_at__gte=start, occurred_at__lt=end).order_by()
    known = {key: {code for code, _l in DIMENSIONS[key][1]} for key in DIMENSIONS}
    codes = dict(IncidentOption.objects.values_list("pk", "code"))
    municipalities = dict(Municipality.objects.values_list("pk", "code"))
    counts: dict[str, dict[str, int]] = {"victim_role": {}, "channel": {}, "type": {}, "municipality": {}}

    def add(key, code, n):
        if key in known and code not in known[key]:
            code = OTHER
        counts[key][code] = counts[key].get(code, 0) + n

    for municipality_id, role_id, channel_id, n in (
            incidents.values_list("municipality_id", "victim_role_id", "channel_id").annotate(n=Count("pk"))
            .values_list("municipality_id", "victim_role_id", "channel_id", "n")):
        add("municipality", municipalities[municipality_id], n)
        add("victim_role", codes[role_id], n)
        add("channel", codes[channel_id], n)
    through = Incident.types.through.objects.filter(incident__occurred_at__gte=start,
                                                    incident__occurred_at__lt=end).order_by()
    for option_id, n in through.values_list("incidentoption_id").annotate(n=Count("pk")).values_list(
            "incidentoption_id", "n"):
        add("type", codes[option_id], n)
    return sum(counts["municipality"].values()), counts


def publishable_until(today: datetime.date | None = None) -> datetime.date:
    """The first day of the latest month that may be frozen (it ended at least SETTLE_MONTHS months ago)."""
    today = today or timezone.localdate()
    index = today.year * 12 + today.month - 1 - SETTLE_MONTHS - 1
    return datetime.date(index // 12, index % 12 + 1, 1)


@transaction.atomic
def freeze_months(today: datetime.date | None = None, since: datetime.date | None = None) -> int:
    """Freeze every settled month that has incidents and no snapshot yet. Existing snapshots are never changed."""
    until = publishable_until(today)
    first = Incident.objects.order_by("occurred_at").values_list("occurred_at", flat=True).first()
    if first is None:
        return 0
    first = timezone.localtime(first).date().replace(day=1)
    if since:
        first = max(first, since)
    done = set(NationalMonth.objects.values_list("month", flat=True))
    labels, groups = registry_labels(), municipality_groups()
    created = 0
    month = first
    while month <= until:
        if month not in done:
            total, counts = compute_month(month)
            NationalMonth.objects.create(month=month, total=total, counts=counts,
                                         release=build_release(month, total, counts, labels, groups))
            created += 1
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return created


# ------------------------------------------------------------------------------------------------- reading

def available_years() -> list[int]:
    return sorted({m.year for m in NationalMonth.objects.values_list("month", flat=True)}, reverse=True)


def build_release(month: datetime.date, total: int, counts: dict, labels: dict, groups: dict) -> dict:
    """The published form of one month as stored data: the suppressed tables with their labels, each
    municipality's size class and region, and the groups' populations — all as the registry stood at freezing."""
    cells = {**counts, **_group_cells(counts.get("municipality", {}), groups)}
    month_ = published(month, total, cells, labels)
    populations = {"size_class": {}, "region": {}}
    for _code, (size, region, population) in groups.items():
        populations["size_class"][size] = populations["size_class"].get(size, 0) + (population or 0)
        populations["region"][region] = populations["region"].get(region, 0) + (population or 0)
    return {
        "total": month_.total,
        "tables": {key: {"title": str(table.title), "rows": [[code, str(label), n] for code, label, n in table.rows]}
                   for key, table in month_.tables.items()},
        "membership": {code: [size, region] for code, (size, region, _p) in groups.items()},
        "populations": populations,
    }


def _from_release(snapshot) -> Month:
    release = snapshot.release
    return Month(snapshot.month, release["total"], {
        key: Table(key, table["title"], [tuple(row) for row in table["rows"]])
        for key, table in release["tables"].items()})


def year_view(year: int) -> list[Month]:
    """The published months of one year (only months with a snapshot), exactly as frozen."""
    return [_from_release(s) for s in NationalMonth.objects.filter(month__year=year).order_by("month")]


def year_tables(year: int) -> dict:
    """For the page, CSV and API: per dimension one row per category with the twelve monthly values. Categories
    follow the frozen months (the latest label wins); a category a month did not have (a region that did not exist
    yet) is empty for that month."""
    months = year_view(year)
    tables = []
    for key in ALL_DIMENSIONS:
        order: dict[str, str] = {}
        for m in months:
            for code, label, _n in m.tables[key].rows:
                order[code] = label
        by_month = [{code: n for code, _l, n in m.tables[key].rows} for m in months]
        rows = [{"code": code, "label": label, "values": [values.get(code) for values in by_month]}
                for code, label in order.items()]
        title = months[-1].tables[key].title if months else DIMENSIONS.get(key, (key,))[0]
        tables.append({"key": key, "title": title, "rows": rows})
    return {"year": year, "months": [m.month for m in months],
            "month_totals": [{"month": m.month, "total": m.total} for m in months], "tables": tables}


def cells(year: int) -> list[dict]:
    """Every published cell of a year, flat (CSV and API): month, dimension, category, count or None."""
    rows = []
    for m in year_view(year):
        rows.append({"month": m.month, "dimension": "total", "category": "totaal", "label": "Totaal", "count": m.total})
        for key in ALL_DIMENSIONS:
            for code, label, n in m.tables[key].rows:
                rows.append({"month": m.month, "dimension": key, "category": code, "label": label,
                             "count": None if m.total is None else n})
    return rows


# ------------------------------------------------------------------------------------------------- comparison

@dataclass
class Comparison:
    label: str
    count: int | None          # None: suppressed
    population: int
    months: int

    @property
    def per_1000(self) -> float | None:
        if self.count is None or not self.population or not self.months:
            return None
        return 1000 * self.count / self.population * 12 / self.months  # per year


def comparison(municipality, last: int = 12) -> dict:
    """The municipality's GIR incidents per 1,000 inhabitants per year over the last `last` frozen months, next to
    its size class and its veiligheidsregio from the suppressed national figures.

    A group value is shown only when the group's cell is published in every one of those months *and* the other
    municipalities of the group hold at least 5 incidents together (so the own figure cannot be subtracted from
    it to reveal a small number). The own count below 5 is shown as "< 5" (`own_small`), never the number.
    """
    snapshots = list(NationalMonth.objects.order_by("-month")[:last])
    if not snapshots:
        return {"months": 0}
    snapshots.reverse()
    own = sum(s.counts.get("municipality", {}).get(municipality.code, 0) for s in snapshots)
    group_totals = {"size_class": 0, "region": 0}
    group_published = {"size_class": True, "region": True}
    group_codes = {"size_class": set(), "region": set()}
    population_sums = {"size_class": 0, "region": 0}
    group_labels = {"size_class": "", "region": ""}
    for s in snapshots:
        month = _from_release(s)
        membership = s.release["membership"].get(municipality.code)
        for index, key in enumerate(("size_class", "region")):
            code = membership[index] if membership else None
            group_codes[key].add(code)
            value = dict((c, n) for c, _l, n in month.tables[key].rows).get(code)
            group_labels[key] = dict((c, label) for c, label, _n in month.tables[key].rows).get(code, "")
            population_sums[key] += s.release["populations"][key].get(code, 0) if code else 0
            if value is None:
                group_published[key] = False
            else:
                group_totals[key] += value
    # A group is compared only when the municipality sat in the same frozen group in every month of the window.
    populations = {key: population_sums[key] // len(snapshots) for key in population_sums}
    result = {"months": len(snapshots), "first": snapshots[0].month, "last": snapshots[-1].month,
              "own": Comparison(municipality.name, own, municipality.population, len(snapshots)),
              "own_small": own < MIN_CELL, "groups": []}
    names = {"size_class": f"Grootteklasse {group_labels['size_class'] or municipality.get_size_class_display()}",
             "region": f"Veiligheidsregio {group_labels['region'] or municipality.safety_region.name}"}
    for key in ("size_class", "region"):
        ok = (group_published[key] and len(group_codes[key]) == 1 and None not in group_codes[key]
              and group_totals[key] - own >= MIN_CELL)
        result["groups"].append(Comparison(names[key], group_totals[key] if ok else None, populations[key],
                                           len(snapshots)))
    return result
