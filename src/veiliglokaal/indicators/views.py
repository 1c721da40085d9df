"""Veiligheidsbeeld pages: the profile of the user's municipality, the national map, CSV downloads of every table,
the printable council report; and, when `INDICATORS_PUBLIC` is on, the same open-data pages without login under
/openbaar/ (their own base template: no menu, no user, no links into the internal modules)."""

import math

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from veiliglokaal.accounts.permissions import scope_required
from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.core.models import Municipality
from veiliglokaal.core.selectors import municipality_with_region
from veiliglokaal.core.spreadsheets import csv_response

from . import selectors
from .definitions import BBV, DEFAULT, INDICATORS

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


def _bbv_rows(municipality, registry, size_class_label):
    """Each BBV indicator for the municipality per year, with Nederland and the size class in the latest year; or
    the reason it cannot be computed ("niet beschikbaar: tabel X ontbreekt"), never a zero."""
    result = []
    for indicator in BBV:
        reason = selectors.availability(indicator)
        row = {"indicator": indicator, "reason": reason, "years": [], "national": None, "size_class": None}
        if not reason:
            data = selectors.panel(indicator, registry=registry)
            latest = data[indicator.periods[-1]]
            own = {p: next(r for r in rows if r.municipality_id == municipality.pk) for p, rows in data.items()}
            row["years"] = [{"period": selectors.period_label(p), "value": own[p].value, "numerator": own[p].numerator,
                             "provisional": own[p].provisional} for p in indicator.periods]
            row["national"] = selectors.weighted(latest, indicator, "Nederland").value
            row["size_class"] = selectors.weighted([r for r in latest if r.size_class == municipality.size_class],
                                                   indicator, size_class_label).value
        result.append(row)
    return result


def _profile_data(municipality):
    indicator = DEFAULT
    registry = selectors.municipalities()
    panel = selectors.panel(indicator, registry=registry)
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
    years = [selectors.period_label(p) for p in indicator.periods]
    return {
        "indicator": indicator, "municipality": municipality, "latest": selectors.period_label(latest),
        "own": own[latest], "trend": trend, "change": change, "chart": _chart(trend),
        "comparison": selectors.comparison(indicator, rows, municipality),
        "rank": rank, "percentile": percentile, "ranked": ranked, "rows": rows,
        "peers": selectors.peers(rows, municipality.pk), "table": selectors.source_table(indicator),
        "same_region_factor": selectors.SAME_REGION_FACTOR, "years": years,
        "bbv": _bbv_rows(municipality, registry, f"Grootteklasse {municipality.get_size_class_display()}"),
        "sources": selectors.source_tables(INDICATORS), "indicators": INDICATORS,
    }


def _links(public: bool, code: str = ""):
    """Where the pages link to: the internal pages, or only the public ones."""
    if public:
        return {"base": "indicators/public_base.html", "public": True,
                "profile": reverse("indicators:public-profile", args=[code]) if code else "",
                "map": reverse("indicators:public-map"),
                "report": reverse("indicators:public-report", args=[code]) if code else "",
                "csv": {t.replace("-", "_"): reverse("indicators:public-csv", args=[code or "alle", t]) for t in CSV_TABLES}}
    return {"base": "base.html", "public": False, "profile": reverse("indicators:profile"),
            "map": reverse("indicators:map"), "report": reverse("indicators:report"),
            "csv": {t.replace("-", "_"): reverse("indicators:csv", args=[t]) for t in CSV_TABLES}}


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


def _tenant_municipality(request):
    return municipality_with_region(request.tenant.municipality_id)


@scope_required(Scope.INDICATORS_VIEW)
def profile(request):
    context = _profile_data(_tenant_municipality(request))
    context["links"] = _links(public=False)
    context["gir"] = _gir_indicator(request, context["municipality"])
    return render(request, "indicators/profile.html", context)


def _gir_indicator(request, municipality):
    """The GIR indicator (internal pages only, never public): suppressed aggregates; the municipality's own figure
    only for its own staff (who may report incidents), the national analyst sees just the groups."""
    from veiliglokaal.incidents import national

    from .definitions import GIR_INCIDENTS

    return {"indicator": GIR_INCIDENTS, "comparison": national.comparison(municipality),
            "hide_own": not request.tenant.has_scope(Scope.INCIDENTS_REPORT)}


@scope_required(Scope.INDICATORS_VIEW)
def report(request):
    return _report(request, _tenant_municipality(request), _links(public=False))


def _report(request, municipality, links):
    context = _profile_data(municipality)
    context.update(links=links, generated_at=timezone.localtime(), population_date="1 januari 2024")
    return render(request, "indicators/report.html", context)


def map_data(period_code, own_code=""):
    """The national map of the headline indicator in one period: rows, quantile classes and the GeoJSON features.
    Two queries for the values plus one for the boundaries."""
    indicator = DEFAULT
    rows = selectors.values_for_period(indicator, period_code)
    breaks = selectors.quantile_breaks([r.value for r in rows if r.value is not None])
    boundaries = dict(Municipality.objects.values_list("code", "boundary"))
    features = []
    for r in rows:
        klass = selectors.class_of(r.value, breaks)
        features.append({"type": "Feature", "geometry": boundaries.get(r.code), "properties": {
            "code": r.code, "name": r.name, "value": None if r.value is None else round(r.value, 1),
            "label": f"{r.name}: " + (f"{_fmt(r.value)} {indicator.unit}" if r.value is not None else _("geen gegevens")),
            "colour": NO_DATA if klass is None else PALETTE[klass]}})
    return rows, breaks, {"type": "FeatureCollection", "features": features, "pdokTiles": settings.MAP_PDOK_TILES,
                          "own": own_code}


@scope_required(Scope.INDICATORS_VIEW)
def national_map(request):
    return _national_map(request, _links(public=False), getattr(request.tenant, "municipality_code", ""))


def _national_map(request, links, own_code):
    indicator = DEFAULT
    years = [selectors.period_label(p) for p in indicator.periods]
    year = request.GET.get("jaar", years[-1])
    if year not in years:
        year = years[-1]
    period_code = f"{year}JJ00"
    rows, breaks, features = map_data(period_code, own_code)
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
    return render(request, "indicators/map.html", {
        "indicator": indicator, "years": years, "year": year, "rows": ordered, "legend": legend,
        "no_data": NO_DATA, "map_data": features, "sort": sort, "descending": descending,
        "table": selectors.source_table(indicator), "links": links,
        "sort_columns": [("naam", _("Gemeente")), ("code", _("CBS-code")), ("inwoners", _("Inwoners")),
                         ("waarde", indicator.title)],
    })


@scope_required(Scope.INDICATORS_VIEW)
def download_csv(request, table):
    return _csv(table, lambda: _tenant_municipality(request))


def _csv(table, get_municipality):
    if table not in CSV_TABLES:
        raise Http404
    indicator = DEFAULT
    if table == "alle-gemeenten":
        header = ["gemeentecode", "gemeente", "inwoners_2024", "jaar", "geregistreerde_misdrijven", "per_1000_inwoners"]
        lines = [[r.code, r.name, r.population, selectors.period_label(p), _num(r.numerator), _num(r.value, 2)]
                 for p, rows in selectors.panel(indicator).items() for r in rows]
    else:
        data = _profile_data(get_municipality())
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
    return csv_response(f"{CSV_TABLES[table]}.csv", header, lines)


def _num(value, digits=0):
    if value is None:
        return ""
    return f"{value:.{digits}f}"


# Public mode (INDICATORS_PUBLIC): open data only, no login. Every view is a 404 while the setting is off.

def _public(view):
    def wrapped(request, *args, **kwargs):
        if not settings.INDICATORS_PUBLIC:
            raise Http404
        return view(request, *args, **kwargs)
    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _public_municipality(code):
    municipality = get_object_or_404(Municipality.objects.without_boundaries(), code=code.upper())
    return municipality_with_region(municipality.pk)


@_public
def public_index(request):
    return redirect("indicators:public-map")


@_public
def public_profile(request, code):
    municipality = _public_municipality(code)
    context = _profile_data(municipality)
    context["links"] = _links(public=True, code=municipality.code)
    return render(request, "indicators/profile.html", context)


@_public
def public_map(request):
    return _national_map(request, _links(public=True), "")


@_public
def public_report(request, code):
    municipality = _public_municipality(code)
    return _report(request, municipality, _links(public=True, code=municipality.code))


@_public
def public_csv(request, code, table):
    if table == "alle-gemeenten":
        return _csv(table, lambda: None)
    return _csv(table, lambda: _public_municipality(code))
