"""Reads for review: the worklist, one signal with its explanation and provenance, earlier and similar signals,
and the per-indicator precision of decisions. Everything through `for_tenant`; nothing here logs (the views log
through `services_review.log_address_views`, once per address shown)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from ..labels import feature_label, indicator_label
from ..pipeline.scores import breakdown
from ..models import (
    RELEVANT_OUTCOMES, Address, Decision, Establishment, PropertyValue, RegistrationCount, Signal, SourceImport,
)

WORKLIST_PAGE = 50
SIMILAR_LIMIT = 5
SIMILAR_SCAN = 500  # the most recent decisions searched for similar signals


def _codes(signal_indicators) -> list[str]:
    return [item.get("code", "") for item in signal_indicators or [] if isinstance(item, dict) and item.get("code")]


def latest_decisions():
    return Prefetch("decisions", queryset=Decision.objects.order_by("-decided_at", "-pk"))


def worklist(tenant, run, *, theme: str = "", indicator: str = ""):
    """Signals of the run by rank (the pipeline's priority order), optionally narrowed to a theme or indicator."""
    if run is None:
        return Signal.objects.none()
    rows = Signal.objects.for_tenant(tenant).filter(run=run).select_related("address")
    if theme or indicator:
        # JSON containment differs per database; the run is the unit, so narrow in Python on ids (small lists).
        ids = [pk for pk, themes, indicators in rows.values_list("pk", "themes", "indicators")
               if (not theme or theme in (themes or [])) and (not indicator or indicator in _codes(indicators))]
        rows = rows.filter(pk__in=ids)
    return rows.prefetch_related(latest_decisions()).order_by("rank", "pk")


def signal(tenant, pk: int) -> Signal | None:
    return (Signal.objects.for_tenant(tenant).select_related("address", "run", "address__source_import")
            .prefetch_related(latest_decisions()).filter(pk=pk).first())


# ------------------------------------------------------------------------------------------ explanation

def indicator_rows(sig: Signal) -> list[dict]:
    rows = []
    for item in sig.indicators or []:
        if not isinstance(item, dict):
            continue
        label = indicator_label(item.get("code", ""))
        rows.append({"code": label.code, "title": label.title, "explanation": label.explanation,
                     "value": item.get("value"), "threshold": item.get("threshold")})
    return rows


def _peer_value(peer: dict, feature: str, key: str):
    """A peer-group statistic of a feature: stored per feature ({feature: {median, mad, n}}, what the pipeline
    writes) or per statistic ({median: {feature: …}}, older explanations)."""
    per_feature = peer.get(feature)
    if isinstance(per_feature, dict) and key in per_feature:
        return per_feature[key]
    per_key = peer.get(key)
    return per_key.get(feature) if isinstance(per_key, dict) else None


def contribution_rows(sig: Signal) -> list[dict]:
    """One row per feature, largest first: its contribution, its share of the score, where the address stands in
    its peer group (robust z, group median, share of the group as extreme) and whether the part is small
    (< 10 % of the score, or at least 10 % of the group as extreme: scores.breakdown)."""
    parts = breakdown(sig.contributions or {})
    top = max((abs(p.contribution) for p in parts), default=0) or 1
    features, peer = sig.features or {}, sig.peer_stats or {}
    rows = []
    for part in parts:
        detail = features.get(part.feature) if isinstance(features.get(part.feature), dict) else {}
        rows.append({"feature": part.feature, "title": feature_label(part.feature).title, "value": part.contribution,
                     "percent": round(100 * abs(part.contribution) / top), "share": round(100 * part.share),
                     "group_share": round(100 * part.tail_probability), "small": part.small,
                     "address_value": detail.get("value"), "robust_z": detail.get("robust_z"),
                     "median": _peer_value(peer, part.feature, "median")})
    return rows


def main_reason(rows: list[dict]) -> dict | None:
    """The largest part of the score, named only when it is not small."""
    return rows[0] if rows and not rows[0]["small"] else None


def _import_for(tenant, source) -> SourceImport | None:
    if isinstance(source, int) or (isinstance(source, str) and source.isdigit()):
        return SourceImport.objects.for_tenant(tenant).filter(pk=int(source)).first()
    return None


def feature_rows(tenant, sig: Signal) -> list[dict]:
    """Each feature's value with the peer group's median and spread (MAD) and its source, as far as known."""
    peer = sig.peer_stats or {}
    rows = []
    for name, detail in (sig.features or {}).items():
        if name == "inputs":  # the source values behind the features, shown under provenance
            continue
        detail = detail if isinstance(detail, dict) else {"value": detail}
        value, median, spread = detail.get("value"), _peer_value(peer, name, "median"), _peer_value(peer, name, "mad")
        deviation = None
        if all(isinstance(x, (int, float)) for x in (value, median, spread)) and spread:
            deviation = round((value - median) / spread, 1)
        source = detail.get("source")
        rows.append({"feature": name, "title": feature_label(name).title, "value": value, "median": median,
                     "mad": spread, "deviation": deviation, "source": source, "import": _import_for(tenant, source),
                     "reference_date": _date(detail.get("reference_date"))})
    return rows


def _date(value):
    """An ISO date string from the explanation JSON as a date (shown in Dutch); anything else as it is."""
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value


@dataclass
class SourceValue:
    register: str
    values: list[tuple[str, object]]
    reference_date: object
    source_import: SourceImport | None


def source_values(tenant, address: Address) -> list[SourceValue]:
    """What each register says about the address, with the import (file, checksum, reference date) it came from."""
    found = [SourceValue("BAG", [("Gebruiksdoelen", address.purposes), ("Oppervlakte (m²)", address.floor_area),
                                 ("Bouwjaar", address.construction_year), ("Status", address.bag_status)],
                         address.source_import.reference_date, address.source_import)]
    for row in RegistrationCount.objects.for_tenant(tenant).filter(address=address).select_related("source_import"):
        found.append(SourceValue("BRP (aantallen)", [("Ingeschreven personen", row.persons),
                                                     ("Verhuizingen naar het adres (12 mnd)", row.moves_in_12m),
                                                     ("Verhuizingen van het adres (12 mnd)", row.moves_out_12m)],
                                 row.reference_date, row.source_import))
    for row in PropertyValue.objects.for_tenant(tenant).filter(address=address).select_related("source_import"):
        found.append(SourceValue("WOZ", [("WOZ-waarde (euro)", row.value_eur)], row.reference_date,
                                 row.source_import))
    for row in Establishment.objects.for_tenant(tenant).filter(address=address).select_related("source_import"):
        found.append(SourceValue("Handelsregister", [("Handelsnaam", row.trade_name), ("SBI-code", row.sbi_code),
                                                     ("Hoofdvestiging", "ja" if row.is_main_establishment else "nee"),
                                                     ("Datum einde", row.ended_on)],
                                 row.reference_date, row.source_import))
    return found


# ------------------------------------------------------------------------------------------ history

def earlier_signals(tenant, sig: Signal) -> list[Signal]:
    return list(Signal.objects.for_tenant(tenant).filter(address_id=sig.address_id).exclude(pk=sig.pk)
                .select_related("run").prefetch_related(latest_decisions()).order_by("-run__created_at", "-pk"))


@dataclass
class Similar:
    signal_id: int
    shared: list[str]
    overlap: float
    decision: Decision
    titles: list[str] = field(default_factory=list)


def similar_signals(tenant, sig: Signal) -> list[Similar]:
    """Decided signals elsewhere that share indicators with this one, most overlap first (Jaccard on codes).

    Only the signal, shared indicators and the decision are shown, never the other address (data minimisation).
    """
    mine = set(_codes(sig.indicators))
    if not mine:
        return []
    latest = _latest_per_signal(Decision.objects.for_tenant(tenant).exclude(signal_id=sig.pk)
                                .exclude(address_id=sig.address_id)[:SIMILAR_SCAN])
    found = []
    for decision in latest.values():
        theirs = set(decision.indicators or [])
        shared = mine & theirs
        if shared:
            found.append(Similar(decision.signal_id, sorted(shared), len(shared) / len(mine | theirs), decision,
                                 [indicator_label(c).title for c in sorted(shared)]))
    found.sort(key=lambda s: (-s.overlap, -s.decision.decided_at.timestamp()))
    return found[:SIMILAR_LIMIT]


def _latest_per_signal(decisions) -> dict[int, Decision]:
    latest: dict[int, Decision] = {}
    for decision in decisions:  # ordered newest first
        latest.setdefault(decision.signal_id, decision)
    return latest


# ------------------------------------------------------------------------------------------ precision

@dataclass
class Precision:
    code: str
    title: str
    decided: int
    relevant: int
    outcomes: dict[str, int]

    @property
    def share(self) -> float | None:
        return self.relevant / self.decided if self.decided else None


def precision(tenant) -> list[Precision]:
    """Per indicator: signals with a decision (the latest one counts) and how many were judged relevant.

    Relevant = registration error, further investigation or enforcement; not relevant = no action. A signal
    with several indicators counts once for each of them.
    """
    latest = _latest_per_signal(Decision.objects.for_tenant(tenant).only(
        "signal_id", "outcome", "indicators", "decided_at").order_by("-decided_at", "-pk"))
    decided, relevant = defaultdict(int), defaultdict(int)
    outcomes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for decision in latest.values():
        for code in set(decision.indicators or []):
            decided[code] += 1
            relevant[code] += decision.outcome in RELEVANT_OUTCOMES
            outcomes[code][decision.outcome] += 1
    return [Precision(code, indicator_label(code).title, decided[code], relevant[code], dict(outcomes[code]))
            for code in sorted(decided)]
