from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .shell import navigation_for

ATTRIBUTION = "Bron: CBS, PDOK, Kadaster (BAG), Politie — CC BY 4.0 / CC0"


def _municipality_name(tenant) -> str:
    """The name of the municipality (or, for a partner user, the organisation) the tenant acts for."""
    from .models import Municipality, Organisation

    if tenant.organisation_id is not None:
        return Organisation.objects.filter(pk=tenant.organisation_id).values_list("name", flat=True).first() or ""
    return Municipality.objects.filter(pk=tenant.municipality_id).values_list("name", flat=True).first() or ""


def platform(request):
    tenant = getattr(request, "tenant", None)
    return {
        "demo_mode": settings.DEMO_MODE,
        "tenant": tenant,
        # The name of the active municipality for the header; queried only when a template shows it.
        "tenant_name": SimpleLazyObject(lambda: _municipality_name(tenant)) if tenant else "",
        "navigation": navigation_for(request, tenant),
        "data_attribution": ATTRIBUTION,
    }
