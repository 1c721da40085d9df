"""Pages of the DOOK map and review. The aggregated map needs `irregularities.view`; everything at address level
needs `irregularities.addresses` and a purpose stated within the last hours. Addresses never appear in URLs:
pages are addressed by signal id."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veiliglokaal.accounts.permissions import scope_required
from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.enforcement import selectors as enforcement_selectors
from veiliglokaal.enforcement.models import CaseLink

from .. import map_layer
from ..labels import indicator_label, theme_label
from ..forms.review import DecisionForm, LayerFilterForm, PurposeForm, WorklistFilterForm
from ..selectors import review as selectors_review
from ..services import review as services_review

ADDRESSES = Scope.IRREGULARITIES_ADDRESSES


def _needs_purpose(request):
    """The active purpose, or a redirect to the purpose form that comes back here afterwards."""
    purpose = services_review.active_purpose(request.tenant)
    if purpose is None:
        return None, redirect(f"{reverse('irregularities:purpose')}?volgende={request.get_full_path()}")
    return purpose, None


# ------------------------------------------------------------------------------------------ aggregated map

def _layer_request(request, form_class=LayerFilterForm):
    run = map_layer.latest_run(request.tenant)
    choices = map_layer.layer_choices(run)
    form = form_class(request.GET or None, choices=choices)
    return run, choices, form, form.values()


@scope_required(Scope.IRREGULARITIES_VIEW)
def map_page(request):
    run, choices, form, values = _layer_request(request)
    reveal = request.tenant.has_scope(ADDRESSES)
    layer = map_layer.area_layer(request.tenant, run, reveal_small=reveal, **values)
    query = request.GET.urlencode()
    return render(request, "irregularities/map.html", {
        "run": run, "form": form, "layer": layer, "values": values, "can_addresses": reveal,
        "theme_title": theme_label(values["theme"]) if values["theme"] else "",
        "indicator_title": indicator_label(values["indicator"]).title if values["indicator"] else "",
        "map_data": {"layerUrl": reverse("irregularities:map-layer") + (f"?{query}" if query else ""),
                     "pdokTiles": _pdok()},
    })


def _pdok():
    from django.conf import settings

    return settings.MAP_PDOK_TILES


@scope_required(Scope.IRREGULARITIES_VIEW)
def map_layer_json(request):
    """GeoJSON of the aggregated layer for Leaflet: counts per area only, small counts masked by role."""
    run, _choices, _form, values = _layer_request(request)
    reveal = request.tenant.has_scope(ADDRESSES)
    body = map_layer.layer_geojson(request.tenant, run, reveal_small=reveal, **values)
    response = HttpResponse(body, content_type="application/json")
    response["Cache-Control"] = "private, max-age=60"
    return response


# ------------------------------------------------------------------------------------------ purpose

@scope_required(ADDRESSES)
def purpose(request):
    form = PurposeForm(request.POST or None)
    next_url = request.POST.get("volgende") or request.GET.get("volgende") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.method == "POST" and form.is_valid():
        try:
            services_review.state_purpose(request.tenant, request.user, form.cleaned_data["purpose"])
        except ValidationError as error:
            form.add_error("purpose", error.message_dict["purpose"])
        else:
            messages.success(request, _("Doel vastgelegd. U kunt de komende 4 uur gegevens op adresniveau bekijken; "
                                        "elke inzage wordt gelogd."))
            return redirect(next_url or "irregularities:worklist")
    return render(request, "irregularities/purpose.html", {
        "form": form, "next_url": next_url, "active": services_review.active_purpose(request.tenant)})


# ------------------------------------------------------------------------------------------ worklist

@scope_required(ADDRESSES)
def worklist(request):
    active, gate = _needs_purpose(request)
    if gate:
        return gate
    run, _choices, form, values = _layer_request(request, WorklistFilterForm)
    signals = selectors_review.worklist(request.tenant, run, theme=values["theme"], indicator=values["indicator"])
    page = Paginator(signals, selectors_review.WORKLIST_PAGE).get_page(request.GET.get("pagina"))
    rows = list(page.object_list)
    services_review.log_address_views(request.tenant, active, [s.address for s in rows], "werklijst: adres getoond")
    points = [{"id": s.pk, "lat": s.address.latitude, "lon": s.address.longitude, "rank": s.rank,
               "label": f"{s.rank}. {s.address}", "url": reverse("irregularities:signal", args=[s.pk])}
              for s in rows]
    for s in rows:
        s.indicator_titles = [indicator_label(c).title for c in selectors_review._codes(s.indicators)]
        s.latest = next(iter(s.decisions.all()), None)
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, "irregularities/worklist.html", {
        "run": run, "form": form, "page": page, "signals": rows, "purpose": active, "query": query.urlencode(),
        "map_data": {"points": points, "pdokTiles": _pdok()},
    })


# ------------------------------------------------------------------------------------------ signal

def _signal_or_404(request, pk):
    sig = selectors_review.signal(request.tenant, pk)
    if sig is None:
        raise Http404
    return sig


def _signal_context(request, sig, form=None):
    tenant = request.tenant
    codes = set(selectors_review._codes(sig.indicators))
    contributions = selectors_review.contribution_rows(sig)
    return {
        "signal": sig, "address": sig.address, "decisions": list(sig.decisions.all()),
        "indicators": selectors_review.indicator_rows(sig),
        "contributions": contributions, "main_reason": selectors_review.main_reason(contributions),
        "features": selectors_review.feature_rows(tenant, sig),
        "peer_size": (sig.peer_stats or {}).get("size"),
        "sources": selectors_review.source_values(tenant, sig.address),
        "earlier": selectors_review.earlier_signals(tenant, sig),
        "similar": selectors_review.similar_signals(tenant, sig),
        "precision": [p for p in selectors_review.precision(tenant) if p.code in codes],
        "cases": _cases_of(request, sig),
        "form": form or DecisionForm(workers=enforcement_selectors.case_workers(tenant)),
    }


def _cases_of(request, sig):
    if not request.tenant.has_scope(Scope.ENFORCEMENT_WORK):
        return []
    from django.contrib.contenttypes.models import ContentType

    case_ids = CaseLink.objects.for_tenant(request.tenant).filter(
        content_type=ContentType.objects.get_for_model(sig), object_id=sig.pk).values("case_id")
    return list(enforcement_selectors.cases(request.tenant).filter(pk__in=case_ids))


@scope_required(ADDRESSES)
def signal_detail(request, pk: int):
    sig = _signal_or_404(request, pk)  # first: another municipality's id answers exactly like a missing one
    active, gate = _needs_purpose(request)
    if gate:
        return gate
    services_review.log_address_views(request.tenant, active, [sig.address], f"signaal #{sig.pk} bekeken")
    return render(request, "irregularities/signal.html", {**_signal_context(request, sig), "purpose": active})


@require_POST
@scope_required(ADDRESSES)
def signal_decide(request, pk: int):
    sig = _signal_or_404(request, pk)
    active, gate = _needs_purpose(request)
    if gate:
        return gate
    form = DecisionForm(request.POST, workers=enforcement_selectors.case_workers(request.tenant))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services_review.record_decision(request.tenant, request.user, active, sig, outcome=data["outcome"],
                                            rationale=data["rationale"], legal_basis=data["legal_basis"],
                                            owner=data["owner"])
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Besluit vastgelegd."))
            return redirect("irregularities:signal", pk=sig.pk)
    services_review.log_address_views(request.tenant, active, [sig.address], f"signaal #{sig.pk} bekeken")
    return render(request, "irregularities/signal.html", {**_signal_context(request, sig, form), "purpose": active},
                  status=400)


# ------------------------------------------------------------------------------------------ precision

@scope_required(ADDRESSES)
def precision(request):
    return render(request, "irregularities/precision.html", {"rows": selectors_review.precision(request.tenant)})
