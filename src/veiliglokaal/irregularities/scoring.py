"""Scoring service: the only writer of ScoringRun, Signal and AreaAggregate.

`score_municipality` records a run and enqueues the `run_scoring` task after commit (django-tasks; a background job
of core.jobs with progress in percent and the pipeline step as its phase). The task loads the municipality's source rows, runs the pipeline, and writes the ranked signals
with their explanation and the area aggregates, inside one processing-log entry (audit in the same transaction).
"""

from __future__ import annotations

import logging
import math

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from veiliglokaal.audit.services import processing
from veiliglokaal.core import jobs
from veiliglokaal.core.models import Municipality

from .models import AreaAggregate, IndicatorSetting, RiskBranchExtension, ScoringRun, Signal
from .pipeline import ALGORITHM_VERSION, PipelineSettings, run_pipeline
from .pipeline import geo, sbi
from .pipeline.engine import configured_engine
from .pipeline.features import SCORE_FEATURES, ForbiddenInputError, UnknownInputError
from .pipeline.indicators import BY_CODE, INDICATORS, clean_params
from .pipeline.loader import load_frames
from .pipeline.schema import SchemaError
from .pipeline.scores import PEER_LEVEL_BUURT, PEER_LEVEL_MUNICIPALITY, breakdown

logger = logging.getLogger(__name__)

ACTIVITY = "irregularities.scoring"
_SOURCE_DATE_KEY = {"persons_per_100m2": "brp", "moves_12m": "brp", "woz_per_m2": "woz", "establishments": "kvk"}
BATCH = 2000


def pipeline_settings(municipality: Municipality) -> PipelineSettings:
    """The municipality's IndicatorSetting rows as pipeline settings (re-validated: a bad row is refused)."""
    overrides = {}
    for setting in IndicatorSetting.objects.filter(municipality=municipality):
        overrides[setting.indicator] = {"enabled": setting.enabled,
                                        "params": clean_params(setting.indicator, setting.params or {})}
    extra = sorted(RiskBranchExtension.objects.filter(municipality=municipality, removed_at=None)
                   .values_list("sbi_code", flat=True))
    return PipelineSettings(overrides={municipality.code: overrides},
                            extra_risk_branches={municipality.code: extra} if extra else {})


def score_municipality(municipality: Municipality, user=None) -> ScoringRun:
    """Record a run and enqueue it; returns the run (finished already when tasks run immediately)."""
    run = ScoringRun.objects.create(municipality=municipality, requested_by=user, engine=configured_engine(),
                                    algorithm_version=ALGORITHM_VERSION, total=100, phase=_("In de wachtrij"))
    jobs.enqueue_after_commit(run, run_scoring)
    return run


@task()
def run_scoring(run_id: int) -> None:
    try:
        execute_run(ScoringRun.objects.select_related("municipality").get(pk=run_id))
    except jobs.JobInterrupted:  # failed and cleaned up by recovery meanwhile
        logger.warning("DOOK scoring run %s was interrupted", run_id)


def execute_run(run: ScoringRun, progress_callback=None) -> ScoringRun:
    """Run the pipeline for one run; `progress_callback(done, total)` follows its percentage (the command's bar)."""

    def step(percent: int, phase: str) -> None:
        jobs.progress(run, percent, 100, phase)
        if progress_callback:
            progress_callback(percent, 100)

    municipality = run.municipality
    jobs.start(run, total=100, phase=_("Bronnen inlezen"))
    step(5, _("Bronnen inlezen"))
    audit = {"activity": ACTIVITY, "subject_type": "adressen van gemeente", "subject_id": municipality.code,
             "municipality_id": municipality.pk, "actor_id": run.requested_by_id}
    try:
        settings = pipeline_settings(municipality)
        # Two short logged transactions (read, then write) instead of one long one, so progress stays visible.
        with processing(name="bronnen gelezen voor de berekening van signalen", **audit):
            frames, reference_dates = load_frames(municipality)
        step(30, _("Kenmerken, indicatoren en scores berekenen"))
        result = run_pipeline(frames, settings, engine=run.engine)
        step(70, _("Signalen en kaartlagen opslaan"))
        with processing(name="signalen van onregelmatigheden berekend en opgeslagen", **audit):
            signals = _write_signals(run, result, frames, reference_dates)
            _write_aggregates(run, result)
            jobs.succeed(run, addresses=len(frames.addresses), signals=signals, reference_dates=reference_dates,
                         parameters={"settings": settings.overrides.get(municipality.code, {}), "engine": run.engine,
                                     "extra_risk_branches": settings.extra_risk_branches.get(municipality.code, []),
                                     "sbi_tables": {"gebruiksdoel": sbi.purpose_table().version,
                                                    "risicobranches": sbi.risk_table().version},
                                     "dask_scheduler_configured": bool(
                                         getattr(django_settings, "DOOK_DASK_SCHEDULER", ""))})
    except jobs.JobInterrupted:
        raise
    except Exception as error:  # noqa: BLE001 - any failure is recorded on the run and shown to the user
        logger.exception("DOOK scoring run %s failed", run.pk)
        jobs.fail(run, _failure_message(error), done=100)
        return run
    if progress_callback:
        progress_callback(100, 100)
    return run


def _failure_message(error: Exception) -> str:
    """Dutch for the user: our own validation messages as they are, anything else as an internal error."""
    if isinstance(error, (ValidationError, ForbiddenInputError, UnknownInputError, SchemaError)):
        return " ".join(getattr(error, "messages", [str(error)]))[:2000]
    return str(_("Interne fout bij de berekening (%(kind)s); de details staan in het applicatielog.")
               % {"kind": type(error).__name__})


# --- signals ----------------------------------------------------------------------------------------------------

def _number(value):
    """JSON-safe float: None for NaN/inf (PostgreSQL's JSON has no NaN), rounded for readability."""
    if value is None:
        return None
    value = float(value)
    return round(value, 6) if math.isfinite(value) else None


def _peer_label(peer) -> str:
    """'buurt BU… × woning × 75-150 m²'; the fallbacks 'gemeente GM… × woning × 75-150 m²' and 'gemeente GM… × woning'."""
    area = peer.get("area_class", "")
    area = "" if peer["level"] == PEER_LEVEL_MUNICIPALITY or not area else (
        " × oppervlakte onbekend" if area == "onbekend" else f" × {area} m²")
    if peer["level"] == PEER_LEVEL_BUURT:
        return f"buurt {peer['neighbourhood']} × {peer['building_type']}{area}"[:80]
    return f"gemeente {peer['municipality']} × {peer['building_type']}{area}"[:80]


def _write_signals(run: ScoringRun, result, frames, reference_dates: dict) -> int:
    addresses = result.addresses
    chosen = addresses[addresses["signal"]].sort_values("rank")
    inputs = frames.addresses.set_index("id")
    peers = result.peers.to_dict("records")
    batch = []
    for row in chosen.to_dict("records"):
        peer = peers[row["peer"]]
        batch.append(_signal(run, row, peer, inputs.loc[row["id"]], reference_dates))
        if len(batch) >= BATCH:
            Signal.objects.bulk_create(batch)
            batch = []
    Signal.objects.bulk_create(batch)
    return len(chosen)


def _signal(run, row, peer, source, reference_dates) -> Signal:
    fired = [indicator for indicator in INDICATORS if row[f"{indicator.code}_fired"]]
    features = {}
    parts = {part.feature: part for part in breakdown(
        {feature.name: row[f"{feature.name}_contribution"] for feature in SCORE_FEATURES})}
    for feature in SCORE_FEATURES:
        part = parts[feature.name]
        features[feature.name] = {
            "title": str(feature.title), "unit": feature.unit, "value": _number(row[feature.name]),
            "robust_z": _number(row[f"{feature.name}_z"]),
            "tail_probability": _number(math.exp(-row[f"{feature.name}_contribution"])),
            "direction": feature.direction, "source": feature.source,
            "share": _number(part.share), "small": part.small,
            "peer_median": _number(peer[f"{feature.name}_median"]),
            "reference_date": reference_dates.get(_SOURCE_DATE_KEY[feature.name]),
        }
    features["inputs"] = {"persons": _number(source["persons"]), "floor_area": _number(source["floor_area"]),
                          "woz_value": _number(source["woz_value"]), "moves_in": _number(source["moves_in"]),
                          "moves_out": _number(source["moves_out"]), "building_type": str(source["building_type"])}
    peer_stats = {"level": peer["level"], "size": int(peer["size"]), "purpose_class": peer["building_type"],
                  "area_class": peer.get("area_class", "")}
    for feature in SCORE_FEATURES:
        peer_stats[feature.name] = {"median": _number(peer[f"{feature.name}_median"]),
                                    "mad": _number(peer[f"{feature.name}_mad"]), "n": int(peer[f"{feature.name}_n"])}
    return Signal(
        municipality_id=run.municipality_id, run=run, address_id=int(row["id"]),
        themes=sorted({indicator.theme for indicator in fired}),
        indicators=[{"code": i.code, "theme": i.theme, "title": str(i.title), "unit": str(i.unit),
                     "value": _number(row[f"{i.code}_value"]), "threshold": _number(row[f"{i.code}_threshold"])}
                    for i in fired],
        anomaly_score=_number(row["score"]) or 0.0,
        contributions={feature.name: _number(row[f"{feature.name}_contribution"]) for feature in SCORE_FEATURES},
        features=features, peer_group=_peer_label(peer), peer_stats=peer_stats,
        priority=_number(row["priority"]) or 0.0, rank=int(row["rank"]),
    )


# --- aggregates -----------------------------------------------------------------------------------------------

def _write_aggregates(run: ScoringRun, result) -> None:
    rows = result.aggregates
    boundaries = {}
    batch = []
    for row in rows.to_dict("records"):
        boundary = None
        if row["area_kind"] == "hex":
            if row["area_code"] not in boundaries:
                _prefix, q, r = row["area_code"].split("_")
                boundaries[row["area_code"]] = geo.hex_boundary(int(q), int(r))
            boundary = boundaries[row["area_code"]]
        batch.append(AreaAggregate(municipality_id=run.municipality_id, run=run, area_kind=row["area_kind"],
                                   area_code=row["area_code"], theme=row["theme"], indicator=row["indicator"],
                                   addresses=int(row["addresses"]), signals=int(row["signals"]), boundary=boundary))
        if len(batch) >= BATCH:
            AreaAggregate.objects.bulk_create(batch)
            batch = []
    AreaAggregate.objects.bulk_create(batch)


def indicator_titles() -> dict[str, str]:
    return {code: str(indicator.title) for code, indicator in BY_CODE.items()}


def add_risk_branch(tenant, user, *, sbi_code: str, label: str, reason: str) -> RiskBranchExtension:
    """Add a branch to the municipality's risk-branch list (validated again here: the service is the writer)."""
    code = str(sbi_code).strip()
    if not (code.isdigit() and 2 <= len(code) <= 5):
        raise ValidationError({"sbi_code": [_("Een SBI-code bestaat uit 2 tot 5 cijfers.")]})
    if code in sbi.risk_table().prefixes:
        raise ValidationError({"sbi_code": [_("SBI-code %(code)s staat al op de standaardlijst.") % {"code": code}]})
    if not label.strip() or not reason.strip():
        raise ValidationError(_("Geef een omschrijving en een reden met bron."))
    with transaction.atomic():
        if RiskBranchExtension.objects.for_tenant(tenant).filter(sbi_code=code, removed_at=None).exists():
            raise ValidationError({"sbi_code": [_("SBI-code %(code)s staat al op de lijst van de gemeente.")
                                                % {"code": code}]})
        return RiskBranchExtension.objects.create(municipality_id=tenant.municipality_id, sbi_code=code,
                                                  label=label.strip(), reason=reason.strip(), added_by=user)


def remove_risk_branch(tenant, user, extension: RiskBranchExtension) -> None:
    """Take a branch off the municipality's list; the row stays as history (who, when)."""
    if extension.municipality_id != tenant.municipality_id or extension.removed_at is not None:
        raise ValidationError(_("Deze branche staat niet (meer) op de lijst van de gemeente."))
    extension.removed_at = timezone.now()
    extension.removed_by = user
    extension.save(update_fields=["removed_at", "removed_by"])


def save_indicator_setting(tenant, user, code: str, *, enabled: bool, params: dict) -> IndicatorSetting:
    """Store a municipality's choice for one indicator (params validated again here: the service is the writer)."""
    cleaned = clean_params(code, params)
    setting, _created = IndicatorSetting.objects.update_or_create(
        municipality_id=tenant.municipality_id, indicator=code,
        defaults={"enabled": enabled, "params": cleaned, "updated_by": user})
    return setting
