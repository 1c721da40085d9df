"""Shared set-up of the monitoring tests."""

import datetime

from django.utils import timezone

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.accounts.selectors import tenant_for
from veiliglokaal.monitoring import services
from veiliglokaal.monitoring.connectors import RawPost
from veiliglokaal.monitoring.models import GazetteerEntry, PlaceKind

PROTOCOL_DATA = {
    "title": "Jaarwisseling (test)", "question": "Worden er online rellen rond de jaarwisseling aangejaagd?",
    "legal_basis": "Gemeentewet art. 172", "sources": "Openbare Mastodon-hashtags, lokale RSS-feeds",
    "search_terms": "plaatsnamenlijst en mobilisatielijst", "retention_days": 30, "result_roles": [Role.ANALYST],
}


def tenant(user, municipality):
    return tenant_for(user, municipality.pk)


def make_protocol(user, municipality, *, active=True, days_before=7, days_after=30, **changes):
    today = timezone.localdate()
    data = {**PROTOCOL_DATA, "starts_on": today - datetime.timedelta(days=days_before),
            "ends_on": today + datetime.timedelta(days=days_after), **changes}
    protocol = services.create_protocol(tenant(user, municipality), user, data)
    if active:
        services.activate_protocol(tenant(user, municipality), user, protocol)
    return protocol


def make_monitor(user, municipality, **protocol_changes):
    protocol = make_protocol(user, municipality, **protocol_changes)
    monitor = services.create_monitor(tenant(user, municipality), protocol, "Monitor (test)")
    GazetteerEntry.objects.get_or_create(municipality=municipality, kind=PlaceKind.LANDMARK, name="gemeentehuis",
                                         defaults={"latitude": 52.30, "longitude": 5.62})
    return monitor


def burst(n, at, text="Iedereen naar het gemeentehuis, vuurwerk mee!", prefix="p", author="synthetisch_{i}"):
    return [RawPost(external_id=f"{prefix}-{i}", published_at=at + datetime.timedelta(seconds=i), text=text,
                    author=author.format(i=i)) for i in range(n)]
