"""Retention of monitored posts (ADR 12): raw posts older than their protocol's retention are deleted.

Per protocol: every post of its monitors published before `now - retention_days` is deleted with its matches (and
its place in alert evidence). Alerts stay: they hold counts, place and topic, no text and no author. Each run writes,
per protocol with deletions, a `PurgeRecord` (rule, cutoff, counts — no content) and a processing-log entry in the
same transaction. Running it again deletes nothing more.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from veiliglokaal.audit.services import processing

from .models import Match, MonitoringProtocol, Post, PurgeRecord

ACTIVITY = "monitoring.verzamelen"


@dataclass
class PurgeResult:
    posts: int = 0
    matches: int = 0
    records: list = field(default_factory=list)


def due(protocol: MonitoringProtocol, now) -> tuple[datetime.datetime, object]:
    cutoff = now - datetime.timedelta(days=protocol.retention_days)
    return cutoff, Post.objects.filter(monitor__protocol=protocol, published_at__lt=cutoff)


def purge(now=None) -> PurgeResult:
    now = now or timezone.now()
    result = PurgeResult()
    for protocol in MonitoringProtocol.objects.order_by("pk"):
        cutoff, posts = due(protocol, now)
        if not posts.exists():
            continue
        with processing(activity=ACTIVITY, name="openbare berichten verwijderd (bewaartermijn verstreken)",
                        subject_type="protocol", subject_id=protocol.pk, municipality_id=protocol.municipality_id):
            with transaction.atomic():
                matches = Match.objects.filter(post__in=posts).count()
                deleted = posts.count()
                posts.delete()
                record = PurgeRecord.objects.create(
                    municipality_id=protocol.municipality_id, protocol=protocol, cutoff=cutoff, posts=deleted,
                    matches=matches, rule=(f"Bewaartermijn van het protocol: {protocol.retention_days} dagen na "
                                           f"publicatie (AVG art. 5 lid 1 sub e)"))
        result.posts += deleted
        result.matches += matches
        result.records.append(record)
    return result
