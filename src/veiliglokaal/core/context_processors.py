from django.conf import settings

from .navigation import navigation_for

ATTRIBUTION = "Bron: CBS, PDOK, Kadaster (BAG), Politie — CC BY 4.0 / CC0"


def platform(request):
    tenant = getattr(request, "tenant", None)
    return {
        "demo_mode": settings.DEMO_MODE,
        "tenant": tenant,
        "navigation": navigation_for(request, tenant),
        "data_attribution": ATTRIBUTION,
    }
