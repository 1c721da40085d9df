"""k-anonymity of the incidents kept after retention (issue 20; ADR 0007 amendment "anonymised incidents").

After retention an incident keeps only its statistical skeleton: municipality, month, victim role, location, channel
and types. In combination those still identify people — a municipality has one burgemeester and one griffier, so
"burgemeester, March 2020, bedreiging, thuis" is about one person. The rule, applied per municipality over *all* its
anonymised incidents (the whole retained table, not one batch):

- the victim role is always reduced to its class: office holders (raadslid, wethouder, burgemeester, griffier) or
  employees — a class with several holders in every municipality;
- then every combination of the kept columns (the quasi-identifiers) must occur at least `K` times. Incidents in a
  smaller group are generalised one step at a time, each step coarser than the last:
  month → year, location → onbekend, channel → onbekend, types → onbekend, role class → onbekend;
- an incident still in a group below `K` with everything generalised is removed: it then survives only in the frozen
  national release (which never changes) and in the deletion record's count.

Generalisation only ever goes further (a stored level is never lowered), so adding incidents later cannot undo it.
`levels()` is the pure rule (property-tested); `enforce()` applies it to the database.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

K = 5
MONTH, YEAR, NO_LOCATION, NO_CHANNEL, NO_TYPES, NO_ROLE, REMOVED = range(7)
UNKNOWN = "geanonimiseerd-onbekend"
OFFICE_HOLDERS = {"raadslid", "wethouder", "burgemeester", "griffier", "gemeentesecretaris",
                  "klasse-ambtsdrager"}
ROLE_CLASSES = {  # code -> label of the generalised victim role
    "klasse-ambtsdrager": "Ambtsdrager of griffier (geanonimiseerd)",
    "klasse-medewerker": "Medewerker (geanonimiseerd)",
}
UNKNOWN_LABEL = "Onbekend (geanonimiseerd)"


@dataclass(frozen=True)
class Kept:
    """The quasi-identifiers of one anonymised incident, as stored."""

    month: datetime.date  # first day of the month
    role: str
    location: str
    channel: str
    types: frozenset[str]
    level: int = MONTH


def role_class(code: str) -> str:
    if code == UNKNOWN or code in ROLE_CLASSES:
        return code
    return "klasse-ambtsdrager" if code in OFFICE_HOLDERS else "klasse-medewerker"


def released(row: Kept, level: int) -> tuple:
    """What the table shows of a row at a generalisation level."""
    return (row.month if level == MONTH else row.month.year,
            row.role if level < NO_ROLE else UNKNOWN,
            row.location if level < NO_LOCATION else UNKNOWN,
            row.channel if level < NO_CHANNEL else UNKNOWN,
            row.types if level < NO_TYPES else frozenset({UNKNOWN}),
            level == MONTH)


def levels(rows: dict[int, Kept], k: int = K) -> dict[int, int]:
    """The generalisation level of every row such that every released combination occurs at least k times."""
    level = {key: row.level for key, row in rows.items()}
    while True:
        live = [key for key in rows if level[key] < REMOVED]
        sizes = Counter(released(rows[key], level[key]) for key in live)
        small = [key for key in live if sizes[released(rows[key], level[key])] < k]
        if not small:
            return level
        for key in small:
            level[key] += 1


# ------------------------------------------------------------------------------------------------ the database

def _option(municipality_id: int, kind: str, code: str, label: str):
    from .models import IncidentOption

    option, _created = IncidentOption.objects.get_or_create(
        municipality_id=municipality_id, kind=kind, code=code,
        defaults={"label": label, "is_active": False, "position": 999})
    return option


def generalise_role(incident) -> None:
    """Reduce the victim role to its class (always, at anonymisation)."""
    from .models import Incident, OptionKind

    code = role_class(incident.victim_role.code)
    if code != incident.victim_role.code:
        option = _option(incident.municipality_id, OptionKind.VICTIM_ROLE, code, ROLE_CLASSES[code])
        Incident.objects.filter(pk=incident.pk).update(victim_role=option)


def enforce(municipality_id: int, remove, k: int = K) -> dict[str, int]:
    """Apply the rule to all anonymised incidents of one municipality; returns how many were generalised further
    and how many were removed. `remove(ids)` deletes incidents (the retention runner's, which alone may delete
    their history). Call inside the retention transaction."""
    from .models import Incident, OptionKind

    incidents = list(Incident.objects.filter(municipality_id=municipality_id, anonymised_at__isnull=False)
                     .select_related("victim_role", "location", "channel").prefetch_related("types"))
    rows = {i.pk: Kept(month=timezone.localtime(i.occurred_at).date().replace(day=1), role=i.victim_role.code,
                       location=i.location.code, channel=i.channel.code,
                       types=frozenset(t.code for t in i.types.all()), level=i.generalisation_level)
            for i in incidents}
    target = levels(rows, k)
    changed = {pk: level for pk, level in target.items() if level != rows[pk].level}
    removed = [pk for pk, level in changed.items() if level == REMOVED]
    if removed:
        remove(removed)
    unknown = {}

    def unknown_option(kind):
        if kind not in unknown:
            unknown[kind] = _option(municipality_id, kind, UNKNOWN, UNKNOWN_LABEL)
        return unknown[kind]

    by_pk = {i.pk: i for i in incidents}
    for pk, level in changed.items():
        if level == REMOVED:
            continue
        update = {"generalisation_level": level}
        if level >= YEAR:
            year_start = timezone.localtime(by_pk[pk].occurred_at).replace(month=1, day=1, hour=12, minute=0,
                                                                          second=0, microsecond=0)
            update.update(occurred_at=year_start, created_at=year_start)
        if level >= NO_LOCATION:
            update["location"] = unknown_option(OptionKind.LOCATION)
        if level >= NO_CHANNEL:
            update["channel"] = unknown_option(OptionKind.CHANNEL)
        if level >= NO_ROLE:
            update["victim_role"] = unknown_option(OptionKind.VICTIM_ROLE)
        Incident.objects.filter(pk=pk).update(**update)
        if level >= NO_TYPES:
            by_pk[pk].types.set([unknown_option(OptionKind.TYPE)])
    return {"generalised": len(changed) - len(removed), "removed": len(removed)}
