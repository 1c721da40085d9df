"""The only writers of online monitoring (ADR 12): protocols, monitors, sources, ingest → match → detect, marks.

Ingest runs the whole chain in one transaction with its processing-log entry: posts outside the protocol's
duration or older than its retention are not stored at all, author handles become a keyed hash
(`pseudonymise_author`) before anything is written, each post is matched against the municipality's gazetteer and
lexicon, and the touched hours are checked for surges. Posts already stored (same monitor, source and id) are
skipped, so fetching a feed twice changes nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veiliglokaal.audit.services import log_processing, processing
from veiliglokaal.core import outbound
from veiliglokaal.core.models import Municipality

from . import gazetteer, lexicon, privacy, surges, tuning
from .connectors import RawPost
from .matching import Matcher
from .models import (
    Alert, AlertStatus, GazetteerEntry, Match, Monitor, MonitoringProtocol, MonitorSource, Post, ProtocolStatus,
    TopicTerm, roles_text,
)

ACTIVITY_COLLECT = "monitoring.verzamelen"
ACTIVITY_VIEW = "monitoring.inzien"
HOUR = datetime.timedelta(hours=1)
MAX_EVIDENCE = 50


class MonitoringError(Exception):
    """A rule of the protocol forbids this (Dutch message for the user)."""


# ------------------------------------------------------------------------------------------ protocols

def create_protocol(tenant, user, data: dict) -> MonitoringProtocol:
    return MonitoringProtocol.objects.create(
        municipality_id=tenant.municipality_id, created_by=user, title=data["title"], question=data["question"],
        legal_basis=data["legal_basis"], starts_on=data["starts_on"], ends_on=data["ends_on"],
        sources=data["sources"], search_terms=data["search_terms"], retention_days=data["retention_days"],
        result_roles=roles_text(data["result_roles"]),
        source_link_roles=roles_text(data.get("source_link_roles", ["analyst"])))


def activate_protocol(tenant, user, protocol: MonitoringProtocol) -> None:
    if protocol.status != ProtocolStatus.DRAFT:
        raise MonitoringError(_("Alleen een concept-protocol kan worden geactiveerd."))
    if protocol.ends_on < timezone.localdate():
        raise MonitoringError(_("De einddatum van dit protocol is al voorbij; leg een nieuw protocol vast."))
    protocol.status, protocol.activated_by, protocol.activated_at = ProtocolStatus.ACTIVE, user, timezone.now()
    protocol.save(update_fields=["status", "activated_by", "activated_at"])


def end_protocol(protocol: MonitoringProtocol) -> None:
    if protocol.status == ProtocolStatus.ENDED:
        return
    protocol.status, protocol.ended_at = ProtocolStatus.ENDED, timezone.now()
    protocol.save(update_fields=["status", "ended_at"])


def end_expired_protocols(today=None) -> int:
    """Active protocols past their end date end by themselves (the scheduled run does this first)."""
    today = today or timezone.localdate()
    expired = list(MonitoringProtocol.objects.filter(status=ProtocolStatus.ACTIVE, ends_on__lt=today))
    for protocol in expired:
        end_protocol(protocol)
    return len(expired)


# ------------------------------------------------------------------------------------------ monitors and sources

def create_monitor(tenant, protocol: MonitoringProtocol, name: str) -> Monitor:
    if protocol.status == ProtocolStatus.ENDED:
        raise MonitoringError(_("Onder een beëindigd protocol kan geen monitor meer worden ingericht."))
    municipality = Municipality.objects.get(pk=tenant.municipality_id)
    gazetteer.seed_defaults(municipality)
    return Monitor.objects.create(municipality_id=tenant.municipality_id, protocol=protocol, name=name)


def add_source(tenant, monitor: Monitor, connector: str, name: str, url: str) -> MonitorSource:
    """A live source. Its URL must be http(s) and may not name a non-public address literally (the fetch checks
    the resolved addresses again, `core.outbound`)."""
    try:
        outbound.check_url(url)
    except outbound.UnsafeURL as error:
        raise MonitoringError(_("Dit adres kan niet worden opgehaald: gebruik het http(s)-adres van een openbare "
                                "bron.")) from error
    return MonitorSource.objects.create(municipality_id=tenant.municipality_id, monitor=monitor, connector=connector,
                                        name=name, config={"url": url})


# ------------------------------------------------------------------------------------------ ingest

def add_place(tenant, **data) -> GazetteerEntry:
    """A place name of the tenant's own gazetteer (the form has checked it)."""
    return GazetteerEntry.objects.create(municipality_id=tenant.municipality_id, **data)


@transaction.atomic
def add_topic_term(tenant, term: str, topic: str) -> TopicTerm:
    """A term of the tenant's own lexicon; an existing term gets the new topic and is active again."""
    return TopicTerm.objects.update_or_create(municipality_id=tenant.municipality_id, term=term,
                                              defaults={"topic": topic, "is_active": True})[0]


def pseudonymise_author(connector: str, handle: str) -> str:
    """Keyed hash of an author handle (own key, `MONITORING_AUTHOR_KEY`). The handle itself is never stored."""
    handle = (handle or "").strip().casefold()
    if not handle:
        return ""
    # The keyed HMAC state is built once per key and copied per post (the same output as `hmac.new(key, message)`,
    # without hashing the key again). The key is read on every call, so a changed setting takes effect at once.
    key = settings.MONITORING_AUTHOR_KEY
    keyed = pseudonymise_author.__dict__.get("_keyed")
    if keyed is None or keyed[0] != key:
        keyed = pseudonymise_author._keyed = (key, hmac.new(key.encode(), digestmod=hashlib.sha256))
    state = keyed[1].copy()
    state.update(f"{connector}:{handle}".encode())
    return state.hexdigest()[:32]


_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")


def safe_url(url: str) -> str:
    """Only http(s) links are kept: a feed could carry `javascript:` URLs, and the alert page renders links."""
    url = (url or "").strip()
    return url[:500] if url.lower().startswith(("https://", "http://")) else ""


def safe_language(language: str) -> str:
    language = (language or "").strip()
    return language if _LANGUAGE.match(language) else ""


@dataclass
class IngestResult:
    received: int = 0
    stored: int = 0
    duplicates: int = 0
    outside_protocol: int = 0
    expired: int = 0
    matched: int = 0
    alerts: list = field(default_factory=list)


def require_running(protocol: MonitoringProtocol, today=None) -> None:
    if not protocol.is_running(today):
        raise MonitoringError(_("Deze monitor mag niet draaien: het protocol is niet actief of valt buiten de "
                                "looptijd (%(start)s t/m %(end)s).") % {"start": protocol.starts_on,
                                                                        "end": protocol.ends_on})


def _window(protocol: MonitoringProtocol, now) -> tuple[datetime.datetime, datetime.datetime, datetime.datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(protocol.starts_on, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(protocol.ends_on + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    retention_cutoff = now - datetime.timedelta(days=protocol.retention_days)
    return start, min(end, now + datetime.timedelta(minutes=5)), retention_cutoff


def _admissible(monitor, raw_posts, connector, source_name, now, result) -> list[tuple[RawPost, str]]:
    """The posts to store with their de-duplication key: inside the protocol window and retention, and not yet
    stored under the same source id or the same status URI (a status seen via two timelines is stored once)."""
    start, end, cutoff = _window(monitor.protocol, now)
    seen: set[str] = set()
    seen_keys: set[str] = set()
    fresh = []
    for raw in raw_posts:
        key = privacy.uri_key(connector, raw.uri)
        if raw.external_id in seen or (key and key in seen_keys):
            result.duplicates += 1
        elif not start <= raw.published_at < end:
            result.outside_protocol += 1
        elif raw.published_at < cutoff:
            result.expired += 1
        else:
            seen.add(raw.external_id)
            if key:
                seen_keys.add(key)
            fresh.append((raw, key))
    stored = set(Post.objects.filter(monitor=monitor, connector=connector, source_name=source_name,
                                     external_id__in=seen).values_list("external_id", flat=True))
    stored_keys = set(Post.objects.filter(monitor=monitor, dedupe_key__in=seen_keys)
                      .values_list("dedupe_key", flat=True)) if seen_keys else set()
    kept = [(raw, key) for raw, key in fresh if raw.external_id not in stored and not (key and key in stored_keys)]
    result.duplicates += len(fresh) - len(kept)
    return kept


def ingest(monitor: Monitor, connector: str, source_name: str, raw_posts: list[RawPost], *, actor_id=None,
           now=None, matcher: Matcher | None = None, upload_id: int | None = None) -> IngestResult:
    """Store, match and check for surges: all or nothing, with its processing-log entry. `upload_id` marks the
    posts of an upload, so an interrupted upload can be undone."""
    now = now or timezone.now()
    require_running(monitor.protocol, timezone.localtime(now).date())
    result = IngestResult(received=len(raw_posts))
    matcher = matcher or Matcher(gazetteer.terms_for(monitor.municipality_id))
    with processing(activity=ACTIVITY_COLLECT, name=f"openbare berichten verzameld ({connector})",
                    subject_type="monitor", subject_id=monitor.pk, municipality_id=monitor.municipality_id,
                    actor_id=actor_id):
        raw_posts = [privacy.scrubbed(connector, raw) for raw in raw_posts]  # no author in text, link or id
        fresh = _admissible(monitor, raw_posts, connector, source_name, now, result)
        posts = Post.objects.bulk_create([
            Post(municipality_id=monitor.municipality_id, monitor=monitor, connector=connector,
                 source_name=source_name[:150], external_id=raw.external_id, published_at=raw.published_at,
                 text=raw.text, url=raw.url, language=safe_language(raw.language),
                 author_pseudonym=pseudonymise_author(connector, raw.author), dedupe_key=key, upload_id=upload_id)
            for raw, key in fresh])
        matches = [Match(post=post, kind=hit.kind, term=hit.label[:150])
                   for post in posts for hit in matcher.match(post.text)]
        Match.objects.bulk_create(matches)
        result.stored = len(posts)
        result.matched = len({m.post_id for m in matches})
        hours = {_hour(post.published_at) for post in posts}
        if hours:
            result.alerts = detect_surges(monitor, hours, now=now)
    return result


def _hour(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.timezone.utc).replace(minute=0, second=0, microsecond=0)


# ------------------------------------------------------------------------------------------ detection

@dataclass
class SeriesCounts:
    start: datetime.datetime
    series: list[str]  # place names
    counts: np.ndarray
    cells: dict  # (series index, hour index) -> [post ids]
    authors: dict  # (series index, hour index) -> set of pseudonyms (counted, never shown)
    topics: dict = field(default_factory=dict)  # (series index, hour index) -> Counter of topics shown on the alert


def series_counts(monitor: Monitor, start: datetime.datetime, end: datetime.datetime) -> SeriesCounts:
    """Counts per place × hour of the monitor's posts in [start, end) that name the place and are a call to gather
    or to disorder by their topics (`lexicon.is_call`, ADR 19): one series per place, the topics go with the cell."""
    rows = (Match.objects.filter(post__monitor=monitor, post__published_at__gte=start, post__published_at__lt=end)
            .values_list("post_id", "post__published_at", "post__author_pseudonym", "kind", "term"))
    per_post: dict[int, dict] = {}
    for post_id, published, author, kind, term in rows:
        entry = per_post.setdefault(post_id, {"at": published, "author": author, "place": set(), "topic": set()})
        entry[kind].add(term)
    roles = lexicon.shipped().roles
    index: dict[str, int] = {}
    cells: dict = defaultdict(list)
    authors: dict = defaultdict(set)
    topics: dict = defaultdict(Counter)
    for post_id, entry in per_post.items():
        if not entry["place"] or not lexicon.is_call(entry["topic"], roles):
            continue
        hour = int((entry["at"] - start).total_seconds() // 3600)
        shown = lexicon.alert_topics(entry["topic"], roles)
        for place in entry["place"]:
            series = index.setdefault(place, len(index))
            cells[(series, hour)].append(post_id)
            topics[(series, hour)].update(shown)
            if entry["author"]:
                authors[(series, hour)].add(entry["author"])
    hours = int((end - start).total_seconds() // 3600)
    counts = np.zeros((len(index), hours))
    if cells:
        keys = np.array(list(cells.keys()))
        np.add.at(counts, (keys[:, 0], keys[:, 1]), [len(v) for v in cells.values()])
    return SeriesCounts(start, list(index), counts, cells, authors, topics)


def detect_surges(monitor: Monitor, hours: set, *, now=None) -> list[Alert]:
    """Check the given hours (UTC hour starts) of every place series of the monitor; create or update their alerts
    (one per place and hour, with its topics). The history is the longer of the monitor's baseline and the weeks of
    the hour-of-week baseline (`surges.WEEKS`), but never before the protocol's start: no post can be older, so
    earlier weeks are not observed silence and do not count as weekly history."""
    now = now or timezone.now()
    history = max(monitor.baseline_hours, surges.WEEKS * surges.HOURS_PER_WEEK)
    first = min(hours)
    start = max(first - history * HOUR, _hour(_window(monitor.protocol, now)[0]))
    data = series_counts(monitor, start, max(hours) + HOUR)
    found = surges.detect(data.counts, baseline_hours=monitor.baseline_hours, min_count=monitor.min_count,
                          p_threshold=monitor.p_threshold, first_hour=int((first - start).total_seconds() // 3600))
    return [_upsert_alert(monitor, data, surge, now) for surge in found]


def _upsert_alert(monitor, data: SeriesCounts, surge, now) -> Alert:
    place = data.series[surge.series]
    post_ids = data.cells[(surge.series, surge.hour)]
    topic_counts = data.topics[(surge.series, surge.hour)]
    topics = sorted(topic_counts)
    main_topic = min(topic_counts, key=lambda t: (-topic_counts[t], t)) if topic_counts else ""
    values = {"observed": surge.observed, "expected": surge.expected, "p_value": surge.p_value,
              "distinct_authors": len(data.authors[(surge.series, surge.hour)]), "topic": main_topic[:50],
              "topics": topics, "lexicon_version": lexicon.current_version()}
    alert, created = Alert.objects.get_or_create(
        monitor=monitor, place=place, window_start=data.start + surge.hour * HOUR,
        defaults={**values, "municipality_id": monitor.municipality_id})
    if created:
        last_ingest = max(Post.objects.filter(pk__in=post_ids).values_list("ingested_at", flat=True))
        alert.detected_after_seconds = max((timezone.now() - last_ingest).total_seconds(), 0.0)
        alert.save(update_fields=["detected_after_seconds"])
    else:
        for name, value in values.items():
            setattr(alert, name, value)
        alert.save(update_fields=list(values))
    alert.evidence.set(sorted(post_ids)[:MAX_EVIDENCE])
    return alert


# ------------------------------------------------------------------------------------------ marks and viewing

def mark_alert(tenant, user, alert: Alert, relevant: bool):
    """An analyst's judgement; it tunes the monitor's thresholds (see `tuning.py`)."""
    with transaction.atomic():
        alert.status = AlertStatus.RELEVANT if relevant else AlertStatus.NOT_RELEVANT
        alert.marked_by, alert.marked_at = user, timezone.now()
        alert.save(update_fields=["status", "marked_by", "marked_at"])
        monitor = Monitor.objects.select_for_update().get(pk=alert.monitor_id)
        return tuning.retune(monitor)


def view_evidence(tenant, user, alert: Alert) -> list[Post]:
    """The raw posts behind an alert. Every shown post is a processing-log entry (data subject: its author, by
    pseudonym), written in the same transaction as the read."""
    with transaction.atomic():
        posts = list(alert.evidence.order_by("published_at", "pk"))
        for post in posts:
            log_processing(activity=ACTIVITY_VIEW, name="openbaar bericht ingezien bij een alert",
                           subject_type="auteur (pseudoniem)", subject_id=post.author_pseudonym or f"bericht:{post.pk}",
                           municipality_id=tenant.municipality_id, actor_id=user.pk)
    return posts
