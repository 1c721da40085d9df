"""Thresholds tuned by the analysts' marks (ADR 12), per monitor, within fixed bounds.

After every mark the last `WINDOW` marked alerts of the monitor are counted:
- more than half marked *not relevant* → the monitor is too sensitive: `min_count` + 1 and `p_threshold` ÷ 2;
- at least `MIN_MARKS` marks and 80 % or more *relevant* → it may be more sensitive: `min_count` − 1
  (never below the default: a relevant surge is no reason to alert on fewer posts than that).
Bounds: `min_count` 3…50, `p_threshold` 1e-6…1e-2. Every change is recorded with its reason (`ThresholdChange`),
and the marks only ever move thresholds, never delete or hide alerts.
"""

from __future__ import annotations

from .models import AlertStatus, Monitor, ThresholdChange

WINDOW = 10
MIN_MARKS = 5
DEFAULT_MIN_COUNT = 5
MIN_COUNT_BOUNDS = (3, 50)
P_BOUNDS = (1e-6, 1e-2)


def propose(min_count: int, p_threshold: float, marks: list[str]) -> tuple[int, float, str] | None:
    """The new thresholds for these recent marks (newest first), or None when nothing changes."""
    marks = marks[:WINDOW]
    not_relevant = sum(1 for m in marks if m == AlertStatus.NOT_RELEVANT)
    relevant = sum(1 for m in marks if m == AlertStatus.RELEVANT)
    if marks and not_relevant * 2 > len(marks):
        new = (min(min_count + 1, MIN_COUNT_BOUNDS[1]), max(p_threshold / 2, P_BOUNDS[0]))
        reason = f"{not_relevant} van de laatste {len(marks)} alerts niet relevant: drempels verhoogd"
    elif len(marks) >= MIN_MARKS and relevant * 5 >= 4 * len(marks):
        new = (max(min_count - 1, DEFAULT_MIN_COUNT, MIN_COUNT_BOUNDS[0]), p_threshold)
        reason = f"{relevant} van de laatste {len(marks)} alerts relevant: minimum verlaagd"
    else:
        return None
    if new == (min_count, p_threshold):
        return None
    return new[0], new[1], reason


def retune(monitor: Monitor) -> ThresholdChange | None:
    marks = list(monitor.alerts.exclude(status=AlertStatus.OPEN).order_by("-marked_at", "-pk")
                 .values_list("status", flat=True)[:WINDOW])
    proposal = propose(monitor.min_count, monitor.p_threshold, marks)
    if proposal is None:
        return None
    monitor.min_count, monitor.p_threshold, reason = proposal
    monitor.save(update_fields=["min_count", "p_threshold"])
    return ThresholdChange.objects.create(municipality_id=monitor.municipality_id, monitor=monitor,
                                          min_count=monitor.min_count, p_threshold=monitor.p_threshold, reason=reason)
