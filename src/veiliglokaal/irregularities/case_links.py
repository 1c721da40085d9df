"""How a DOOK signal linked to an enforcement case is shown on the case page (see enforcement/links.py)."""

from django.urls import reverse

from veiliglokaal.accounts.scopes import Scope

from .labels import indicator_label
from .models import Signal


def describe(tenant, model_name: str, ids: list[int]) -> dict[int, dict]:
    if model_name != "signal":
        return {}
    can_open = tenant.has_scope(Scope.IRREGULARITIES_ADDRESSES)
    found = {}
    for sig in Signal.objects.for_tenant(tenant).filter(pk__in=ids).select_related("address"):
        titles = ", ".join(indicator_label(i.get("code", "")).title for i in sig.indicators or []
                           if isinstance(i, dict))
        found[sig.pk] = {
            "kind": "Signaal (DOOK)", "label": f"Signaal #{sig.pk}", "detail": titles, "address": str(sig.address),
            "subject": ("adres", sig.address.bag_id),
            "url": reverse("irregularities:signal", args=[sig.pk]) if can_open else "",
        }
    return found
