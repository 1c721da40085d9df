from django.conf import settings
from django.shortcuts import redirect, render

from veiliglokaal.accounts.permissions import scope_required
from veiliglokaal.accounts.scopes import Role, Scope

from . import selectors, shell


def home(request):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if request.tenant is None:
        return redirect("accounts:choose-municipality")
    roles = [Role(role).label for role in sorted(request.tenant.roles)]
    collaborations = selectors.collaborations(request.tenant.collaboration_ids)
    if request.tenant.organisation_id is not None:  # a partner-organisation user (ADR 13)
        organisation = selectors.organisation_with_region(request.tenant.organisation_id)
        return render(request, "core/home_organisation.html",
                      {"organisation": organisation, "roles": roles, "collaborations": collaborations})
    municipality = selectors.municipality_with_region(request.tenant.municipality_id)
    attention = shell.attention_for(request.tenant)
    return render(request, "core/home.html", {
        "municipality": municipality, "roles": roles, "collaborations": collaborations,
        "attention": [item for item in attention if item["count"]],
        "quiet": [item for item in attention if not item["count"]],
    })


@scope_required(Scope.REGISTRY_VIEW)
def my_municipality(request):
    municipality = selectors.municipality_with_region(request.tenant.municipality_id)
    members = selectors.region_members(municipality)
    map_data = {
        "municipality": {"type": "Feature", "geometry": municipality.boundary,
                         "properties": {"name": municipality.name, "code": municipality.code}},
        "region": {"type": "Feature", "geometry": municipality.safety_region.boundary,
                   "properties": {"name": municipality.safety_region.name, "code": municipality.safety_region.code}},
        "pdokTiles": settings.MAP_PDOK_TILES,
    }
    return render(request, "core/my_municipality.html",
                  {"municipality": municipality, "region_members": members, "map_data": map_data})


def sources(request):
    return render(request, "core/sources.html", {"sources": selectors.data_sources()})


def accessibility(request):
    return render(request, "core/accessibility.html")
