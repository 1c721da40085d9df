"""The aggregated map layer: counts per buurt or hexagon, read from the AreaAggregates the pipeline wrote.

Reading precomputed rows (one indexed query) rather than counting signals per request is what keeps the layer
fast for a large municipality (see benchmarks/dook_map_layer.py). Small counts (1–4 signals in an area) are shown
as "< 5" to every role without address-level access, so the default map never points at a single address.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.core.models import Neighbourhood

from .labels import indicator_label, theme_label
from .models import AreaAggregate, AreaKind, ScoringRun

SMALL_COUNT = 5


@dataclass(frozen=True)
class CountClass:
    low: int
    high: int | None
    colour: str

    @property
    def label(self) -> str:
        if self.high is None:
            return _("%(n)s of meer") % {"n": self.low}
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"

    def contains(self, value: int) -> bool:
        return value >= self.low and (self.high is None or value <= self.high)


# Sequential blues (ColorBrewer "Blues", colour-blind safe); 0 is light grey so "nothing found" stands apart.
CLASSES = [
    CountClass(0, 0, "#f0f0f0"),
    CountClass(1, 4, "#c6dbef"),
    CountClass(5, 9, "#9ecae1"),
    CountClass(10, 24, "#4292c6"),
    CountClass(25, 49, "#2171b5"),
    CountClass(50, None, "#08306b"),
]


def successful_runs(tenant):
    """The municipality's successful scoring runs, newest first."""
    return ScoringRun.objects.for_tenant(tenant).filter(status=JobStatus.SUCCEEDED).order_by("-created_at", "-pk")


def latest_run(tenant) -> ScoringRun | None:
    """The newest successful scoring run of the municipality: the only one the map and worklist show."""
    return successful_runs(tenant).first()


def count_class(value: int) -> CountClass:
    return CLASSES[_class_index(value)]


def _class_index(value: int) -> int:
    return next(i for i, c in enumerate(CLASSES) if c.contains(value))


def shown_count(value: int, reveal_small: bool) -> str:
    return "< 5" if not reveal_small and 0 < value < SMALL_COUNT else str(value)


def layer_choices(run: ScoringRun | None) -> dict:
    """The themes and indicators the run wrote aggregates for (the filters offer nothing that would be empty)."""
    if run is None:
        return {"themes": [], "indicators": [], "kinds": []}
    combos = set(AreaAggregate.objects.filter(run=run).values_list("area_kind", "theme", "indicator").distinct())
    themes = sorted({t for _k, t, _i in combos if t})
    indicators = sorted({i for _k, _t, i in combos if i})
    kinds = [k for k in AreaKind.values if any(kind == k for kind, _t, _i in combos)]
    return {"themes": [(t, theme_label(t)) for t in themes],
            "indicators": [(i, indicator_label(i).title) for i in indicators],
            "kinds": [(k, AreaKind(k).label) for k in kinds]}


BOUNDARY_CACHE_SECONDS = 600


def _cached_boundaries(tenant, kind: str, run) -> dict[str, str]:
    """Boundaries do not change within a run, so their text is cached per municipality, area kind and run (the run's
    creation time is in the key, so a reused id can never serve another run's shapes)."""
    key = f"dook-boundaries:{tenant.municipality_id}:{kind}:{run.pk}:{run.created_at.timestamp()}"
    boundaries = cache.get(key)
    if boundaries is None:
        boundaries = _raw_boundaries(tenant, kind, run)
        cache.set(key, boundaries, BOUNDARY_CACHE_SECONDS)
    return boundaries


def _raw_boundaries(tenant, kind: str, run) -> dict[str, str]:
    """All boundaries of the layer's areas as the JSON text the database holds: spliced into the response without
    decoding, which was most of the cost of a layer (see docs/benchmarks.md). Hexagons carry their boundary on the
    run's "all themes, all indicators" row; buurten take theirs from core.Neighbourhood."""
    if kind == AreaKind.HEXAGON:
        rows = (AreaAggregate.objects.for_tenant(tenant).filter(run=run, area_kind=kind, theme="", indicator="")
                .exclude(boundary__isnull=True))
        return dict(rows.annotate(raw=Cast("boundary", TextField())).values_list("area_code", "raw"))
    rows = Neighbourhood.objects.filter(municipality_id=tenant.municipality_id)
    return dict(rows.annotate(raw=Cast("boundary", TextField())).values_list("code", "raw"))


def _names(tenant, kind: str, rows: list[dict]) -> dict[str, str]:
    if kind != AreaKind.NEIGHBOURHOOD:
        return {}
    return dict(Neighbourhood.objects.filter(municipality_id=tenant.municipality_id,
                                             code__in=[r["area_code"] for r in rows]).values_list("code", "name"))


def area_layer(tenant, run: ScoringRun | None, *, kind: str, theme: str = "", indicator: str = "",
               reveal_small: bool = False) -> dict:
    """Rows (for the table and the map) and the legend of one layer: counts only, no geometry."""
    if run is None or kind not in AreaKind.values:
        return {"rows": [], "legend": _legend([])}
    rows = list(AreaAggregate.objects.for_tenant(tenant)
                .filter(run=run, area_kind=kind, theme=theme, indicator=indicator)
                .order_by("area_code").values("area_code", "addresses", "signals"))
    names = _names(tenant, kind, rows)
    labels = [c.label for c in CLASSES]  # translated once, not per row
    for row in rows:
        index = _class_index(row["signals"])
        row.update(name=names.get(row["area_code"], row["area_code"]), colour=CLASSES[index].colour,
                   klass=labels[index], shown=shown_count(row["signals"], reveal_small))
    return {"rows": rows, "legend": _legend(rows)}


def layer_geojson(tenant, run: ScoringRun | None, *, kind: str, theme: str = "", indicator: str = "",
                  reveal_small: bool = False) -> str:
    """The layer as GeoJSON text for Leaflet: each area's boundary with its colour and an accessible label."""
    layer = area_layer(tenant, run, kind=kind, theme=theme, indicator=indicator, reveal_small=reveal_small)
    boundaries = _cached_boundaries(tenant, kind, run) if layer["rows"] else {}
    features = []
    template = _("%(name)s: %(shown)s signalen op %(addresses)s adressen")
    for row in layer["rows"]:
        geometry = boundaries.get(row["area_code"])
        if not geometry:
            continue
        label = template % row
        properties = json.dumps({"code": row["area_code"], "colour": row["colour"], "label": label},
                                ensure_ascii=False)
        features.append(f'{{"type":"Feature","geometry":{geometry},"properties":{properties}}}')
    meta = json.dumps({"legend": layer["legend"], "run": run.pk if run else None}, ensure_ascii=False)
    return f'{{"type":"FeatureCollection","features":[{",".join(features)}],{meta[1:]}'


def _legend(rows: list[dict]) -> list[dict]:
    areas = Counter(row["klass"] for row in rows)
    return [{"label": label, "colour": c.colour, "areas": areas[label]} for c, label in ((c, c.label) for c in CLASSES)]
