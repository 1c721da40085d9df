"""Veiligheidsbeeld pages: the profile of the user's municipality, the national map, CSV downloads of every table."""

import csv
import math

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from veiliglokaal.accounts.permissions import scope_required
from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.core.models import Municipality
from veiliglokaal.core.selectors import municipality_with_region

from . import selectors
from .definitions import DEFAULT, INDICATORS

PALETTE = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]  # ColorBrewer Blues, 5 classes
NO_DATA = "#d9d9d9"
CSV_TABLES = {
    "trend": "veiligheidsbeeld-trend",
    "vergelijking": "veiligheidsbeeld-vergelijking",
    "vergelijkbare-gemeenten": "veiligheidsbeeld-vergelijkbare-gemeenten",
    "alle-gemeenten": "veiligheidsbeeld-alle-gemeenten",
}
SORTS = {"naam": lambda r: r.name, "code": lambda r: r.code, "inwoners": lambda r: r.population,
         "waarde": lambda r: (r.value is None, r.value or 0)}


def _fmt(value, digits=1):
    return "" if value is None else number_format(value, digits, force_grouping=True)


def _profile_data(request):
    indicator = DEFAULT
    municipality = municipality_with_region(request.tenant.municipality_id)
    panel = selectors.panel(indicator)
    latest = indicator.periods[-1]
    rows = panel[latest]
    own = {period: next(r for r in panel[period] if r.municipality_id == municipality.pk) for period in indicator.periods}
    national = {period: selectors.weighted(panel[period], indicator, "Nederland") for period in indicator.periods}
    trend = [{"period": selectors.period_label(p), "period_code": p, "value": own[p].value,
              "numerator": own[p].numerator, "national": national[p].value, "provisional": own[p].provisional}
             for p in indicator.periods]
    first, last = own[indicator.periods[0]].value, own[latest].value
    change = None
    if first is not None and last is not None:
        change = {"absolute": last - first, "percent": 100 * (last - first) / first if first else None,
                  "from": selectors.period_label(indicator.periods[0]), "to": selectors.period_label(latest)}
    rank, percentile, ranked = selectors.rank_of(rows, municipality.pk)
    return {
        "indicator": indicator, "municipality": municipality, "latest": selectors.period_label(latest),
        "own": own[latest], "trend": trend, "change": change, "chart": _chart(trend),
        "comparison": selectors.comparison(indicator, rows, municipality),
        "rank": rank, "percentile": percentile, "ranked": ranked, "rows": rows,
        "peers": selectors.peers(rows, municipality.pk), "table": selectors.source_table(indicator),
        "same_region_factor": selectors.SAME_REGION_FACTOR,
    }


def _chart(trend):
    """Geometry of a grouped bar chart (municipality vs. Nederland per year) for inline SVG."""
    values = [v for t in trend for v in (t["value"], t["national"]) if v is not None]
    step = _nice_step(max(values) * 1.1 / 4) if values else 1
    top = step * 4
    height, base, left, group, bar = 200, 220, 50, 110, 36
    ticks = [{"y": base - height * i / 4, "label": _fmt(top * i / 4, 0)} for i in range(5)]
    groups = []
    for i, t in enumerate(trend):
        x = left + 20 + i * group
        bars = []
        for j, (key, css) in enumerate((("value", "vl-chart__bar--own"), ("national", "vl-chart__bar--national"))):
            v = t[key]
            h = 0 if v is None else height * v / top
            bars.append({"x": x + j * (bar + 4), "y": base - h, "h": h, "w": bar, "css": css, "label": _fmt(v)})
        groups.append({"label": t["period"], "x": x + bar + 2, "bars": bars})
    return {"width": left + 20 + len(trend) * group, "height": base + 30, "base": base, "left": left,
            "ticks": ticks, "groups": groups}


def _nice_step(raw):
    """The smallest of 1, 2, 2.5, 5 x 10^n that is at least `raw`: round axis ticks."""
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(f * magnitude for f in (1, 2, 2.5, 5, 10) if f * magnitude >= raw)


@scope_required(Scope.INDICATORS_VIEW)
def profile(request):
    context = _profile_data(request)
    context["indicators"] = INDICATORS
    return render(request, "indicators/profile.html", context)


def _map_rows(period_code):
    rows = selectors.values_for_period(DEFAULT, period_code)
    breaks = selectors.quantile_breaks([r.value for r in rows if r.value is not None])
    return rows, breaks


@scope_required(Scope.INDICATORS_VIEW)
def national_map(request):
    indicator = DEFAULT
    years = [selectors.period_label(p) for p in indicator.periods]
    year = request.GET.get("jaar", years[-1])
    if year not in years:
        year = years[-1]
    period_code = f"{year}JJ00"
    rows, breaks = _map_rows(period_code)
    sort = request.GET.get("sorteer", "waarde")
    sort = sort if sort in SORTS else "waarde"
    descending = request.GET.get("richting", "af" if sort == "waarde" else "op") == "af"
    ordered = sorted(rows, key=SORTS[sort], reverse=descending)
    if sort == "waarde" and descending:  # keep "no value" at the end either way
        ordered = [r for r in ordered if r.value is not None] + [r for r in ordered if r.value is None]
    lows = [min(r.value for r in rows if r.value is not None)] + breaks if breaks else []
    highs = breaks + [max(r.value for r in rows if r.value is not None)] if breaks else []
    legend = [{"colour": PALETTE[i], "from": _fmt(lo), "to": _fmt(hi), "first": i == 0}
              for i, (lo, hi) in enumerate(zip(lows, highs))]
    boundaries = dict(Municipality.objects.values_list("code", "boundary"))
    features = []
    for r in rows:
        klass = selectors.class_of(r.value, breaks)
        features.append({"type": "Feature", "geometry": boundaries.get(r.code), "properties": {
            "code": r.code, "name": r.name, "value": None if r.value is None else round(r.value, 1),
            "label": f"{r.name}: " + (f"{_fmt(r.value)} {indicator.unit}" if r.value is not None else _("geen gegevens")),
            "colour": NO_DATA if klass is None else PALETTE[klass]}})
    map_data = {"type": "FeatureCollection", "features": features, "pdokTiles": settings.MAP_PDOK_TILES,
                "own": getattr(request.tenant, "municipality_code", "")}
    return render(request, "indicators/map.html", {
        "indicator": indicator, "years": years, "year": year, "rows": ordered, "legend": legend,
        "no_data": NO_DATA, "map_data": map_data, "sort": sort, "descending": descending,
        "table": selectors.source_table(indicator),
        "sort_columns": [("naam", _("Gemeente")), ("code", _("CBS-code")), ("inwoners", _("Inwoners")),
                         ("waarde", indicator.title)],
    })


@scope_required(Scope.INDICATORS_VIEW)
def download_csv(request, table):
    if table not in CSV_TABLES:
        raise Http404
    indicator = DEFAULT
    if table == "alle-gemeenten":
        header = ["gemeentecode", "gemeente", "inwoners_2024", "jaar", "geregistreerde_misdrijven", "per_1000_inwoners"]
        lines = [[r.code, r.name, r.population, selectors.period_label(p), _num(r.numerator), _num(r.value, 2)]
                 for p, rows in selectors.panel(indicator).items() for r in rows]
    else:
        data = _profile_data(request)
        if table == "trend":
            header = ["jaar", "geregistreerde_misdrijven", "per_1000_inwoners", "nederland_per_1000_inwoners", "voorlopig"]
            lines = [[t["period"], _num(t["numerator"]), _num(t["value"], 2), _num(t["national"], 2),
                      "ja" if t["provisional"] else "nee"] for t in data["trend"]]
        elif table == "vergelijking":
            header = ["groep", "gemeenten", "inwoners", "geregistreerde_misdrijven", "per_1000_inwoners"]
            lines = [[g.label, g.municipalities, g.population, _num(g.numerator), _num(g.value, 2)]
                     for g in data["comparison"]]
        else:
            header = ["gemeentecode", "gemeente", "inwoners", "dichtheid_per_km2", "zelfde_veiligheidsregio",
                      "afstand", "per_1000_inwoners"]
            lines = [[p.row.code, p.row.name, p.row.population, p.row.density, "ja" if p.same_region else "nee",
                      f"{p.distance:.3f}", _num(p.row.value, 2)] for p in data["peers"]]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{CSV_TABLES[table]}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(lines)
    return response


def _num(value, digits=0):
    if value is None:
        return ""
    return f"{value:.{digits}f}"
