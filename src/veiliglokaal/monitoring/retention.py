"""Retention of monitored posts (ADR 12): raw posts older than their protocol's retention are deleted.

Per protocol: every post of its monitors published before `now - retention_days` is deleted with its matches (and
its place in alert evidence). Alerts stay: they hold counts, place and topic, no text and no author. Each run writes,
per protocol with deletions, a `PurgeRecord` (rule, cutoff, counts — no content) and a processing-log entry in the
same transaction (the shared runner, `core.sweeps`). Running it again deletes nothing more.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from veiliglokaal.core.sweeps import RetentionRule, run_retention

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


class PostRetention(RetentionRule):
    """Monitoring's rules for the shared runner: per protocol, its old posts go in one SQL delete, with one
    processing-log entry for the protocol (authors are pseudonyms; the posts have no data subject of their own)."""

    activity = ACTIVITY
    log_name = "openbare berichten verwijderd (bewaartermijn verstreken)"

    def groups(self, now):
        return [protocol for protocol in MonitoringProtocol.objects.order_by("pk") if due(protocol, now)[1].exists()]

    def due(self, protocol, now):
        return due(protocol, now)[1]

    def municipality_id(self, protocol):
        return protocol.municipality_id

    def fetch(self, posts):
        return list(posts.values_list("pk", flat=True))

    def subjects(self, protocol, post_ids):
        return [{"subject_type": "protocol", "subject_id": protocol.pk}]

    def apply(self, protocol, post_ids, now):
        posts = self.due(protocol, now)
        matches = Match.objects.filter(post__in=posts).count()
        posts.delete()
        return {"matches": matches}

    def record(self, protocol, now, post_ids, counts):
        return PurgeRecord.objects.create(
            municipality_id=protocol.municipality_id, protocol=protocol, cutoff=due(protocol, now)[0],
            posts=len(post_ids), matches=counts["matches"],
            rule=(f"Bewaartermijn van het protocol: {protocol.retention_days} dagen na publicatie "
                  f"(AVG art. 5 lid 1 sub e)"))


def purge(now=None) -> PurgeResult:
    report = run_retention(PostRetention(), now or timezone.now())
    return PurgeResult(posts=report.rows, matches=report.counts["matches"], records=report.records)
