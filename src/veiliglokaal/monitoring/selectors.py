"""Reads of online monitoring, always through `for_tenant` (one SQL WHERE). Nothing here selects by author."""

from __future__ import annotations

import datetime
from collections import Counter

from django.conf import settings
from django.db.models import Count

from veiliglokaal.core.models import Municipality

from .models import (
    Alert, GazetteerEntry, Match, Monitor, MonitoringProtocol, MonitorSource, MonitorUpload, Post, PurgeRecord,
    TermKind, ThresholdChange, TopicTerm,
)

HOUR = datetime.timedelta(hours=1)
TIMELINE_BEFORE = 36
TIMELINE_AFTER = 12


def protocols(tenant):
    return MonitoringProtocol.objects.for_tenant(tenant).annotate(monitor_count=Count("monitors"))


def monitors(tenant):
    return Monitor.objects.for_tenant(tenant).select_related("protocol").annotate(post_count=Count("posts"))


def sources(tenant, monitor):
    return MonitorSource.objects.for_tenant(tenant).filter(monitor=monitor)


def threshold_changes(tenant, monitor):
    return ThresholdChange.objects.for_tenant(tenant).filter(monitor=monitor)[:10]


def alerts(tenant, status: str | None = None):
    queryset = Alert.objects.for_tenant(tenant).select_related("monitor")
    return queryset.filter(status=status) if status else queryset


def uploads(tenant, monitor):
    return MonitorUpload.objects.for_tenant(tenant).filter(monitor=monitor)


def purge_records(tenant):
    return PurgeRecord.objects.for_tenant(tenant)[:10]


def places(tenant):
    return GazetteerEntry.objects.for_tenant(tenant)


def topic_terms(tenant):
    return TopicTerm.objects.for_tenant(tenant)


def timeline(tenant, alert: Alert) -> list[dict]:
    """Hourly counts of the posts naming the alert's place and one of its topics around its hour (from the posts still
    retained)."""
    start = alert.window_start - TIMELINE_BEFORE * HOUR
    end = alert.window_start + (TIMELINE_AFTER + 1) * HOUR
    place_posts = Match.objects.filter(kind=TermKind.PLACE, term=alert.place).values("post_id")
    topic_posts = Match.objects.filter(kind=TermKind.TOPIC, term__in=alert.topics or [alert.topic]).values("post_id")
    moments = (Post.objects.for_tenant(tenant).filter(monitor_id=alert.monitor_id, published_at__gte=start,
                                                     published_at__lt=end, pk__in=place_posts)
               .filter(pk__in=topic_posts).values_list("published_at", flat=True))
    counts = Counter(int((moment - start).total_seconds() // 3600) for moment in moments)
    return [{"hour": start + i * HOUR, "count": counts.get(i, 0), "is_alert": start + i * HOUR == alert.window_start}
            for i in range(TIMELINE_BEFORE + TIMELINE_AFTER + 1)]


def timeline_chart(points: list[dict], expected: float, width: int = 720, height: int = 160) -> dict:
    """Bar geometry for the SVG timeline (server-side: no chart library needed)."""
    peak = max([p["count"] for p in points] + [expected, 1])
    bar = width / len(points)
    bars = []
    for i, point in enumerate(points):
        h = (point["count"] / peak) * (height - 20)
        bars.append({**point, "x": round(i * bar + 1, 1), "y": round(height - h, 1), "w": round(bar - 2, 1),
                     "h": round(h, 1)})
    return {"bars": bars, "width": width, "height": height, "peak": int(peak),
            "expected_y": round(height - (expected / peak) * (height - 20), 1)}


def map_data(tenant, alert: Alert, evidence: list[Post]) -> dict:
    """The alert's place and every other place named in its evidence posts, with counts, on the municipality."""
    municipality = Municipality.objects.get(pk=tenant.municipality_id)
    counts = Counter(Match.objects.filter(post__in=evidence, kind=TermKind.PLACE).values_list("term", flat=True))
    counts.setdefault(alert.place, 0)
    entries = {e.name: e for e in GazetteerEntry.objects.for_tenant(tenant).filter(name__in=list(counts))}
    points = [{"name": name, "count": count, "isAlertPlace": name == alert.place,
               "lat": entries[name].latitude, "lon": entries[name].longitude}
              for name, count in sorted(counts.items()) if name in entries and entries[name].latitude is not None]
    return {"municipality": {"type": "Feature", "geometry": municipality.boundary,
                             "properties": {"name": municipality.name}},
            "places": points, "pdokTiles": settings.MAP_PDOK_TILES}
