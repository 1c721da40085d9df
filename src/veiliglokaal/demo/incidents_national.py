"""Synthetic GIR incidents for all municipalities (demo national figures and the benchmark), clearly labelled.

Minimal rows: municipality, month, types, victim role, location, channel; the description is "[DEMO] …" and the
reporter is one inactive synthetic user. Numbers per municipality follow the population; nothing is real.
"""

import datetime
import random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from veiliglokaal.accounts.models import User
from veiliglokaal.core.models import Municipality

from veiliglokaal.incidents import defaults, national, services
from veiliglokaal.incidents.models import Incident, IncidentOption

DEMO_TEXT = "[DEMO] synthetische melding voor de landelijke cijfers"
REPORTER = "demo-gir-synthetisch"
ROLE_WEIGHTS = [30, 15, 25, 15, 6, 4, 3, 2]
CHANNEL_WEIGHTS = [45, 20, 15, 5, 12, 3]
TYPE_WEIGHTS = [40, 25, 12, 10, 4, 5, 4]
LOCATION_FOR_CHANNEL = {"face-to-face": "balie", "telefoon": "telefoon", "e-mail": "e-mail", "brief": "brief",
                        "sociale-media": "sociale-media", "overig-online": "overig"}


def _options() -> dict[tuple[int, str, str], int]:
    return {(m, k, c): pk for pk, m, k, c in IncidentOption.objects.values_list("pk", "municipality_id", "kind", "code")}


def synthetic_reporter() -> User:
    user, created = User.objects.get_or_create(username=REPORTER, defaults={
        "first_name": "[DEMO]", "last_name": "synthetisch", "is_active": False})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def generate(total: int, months: int, last_month: datetime.date, seed: int = 342, exclude=("GM0233",),
             batch: int = 5000, progress=None) -> int:
    """Create about `total` synthetic incidents over the `months` months up to `last_month`, spread over every
    municipality by population (bulk inserts; returns the number created)."""
    municipalities = list(Municipality.objects.without_boundaries().exclude(code__in=exclude)
                          .values_list("pk", "population"))
    for pk in [pk for pk, _p in municipalities]:
        services.ensure_configuration(Municipality(pk=pk))
    options = _options()
    reporter = synthetic_reporter()
    rng = random.Random(seed)
    population = sum(p for _pk, p in municipalities)
    tz = ZoneInfo(settings.TIME_ZONE)
    first_index = last_month.year * 12 + last_month.month - 1 - (months - 1)
    roles = [c for c, _l in defaults.VICTIM_ROLES]
    channels = [c for c, _l, _o in defaults.CHANNELS]
    types = [c for c, _l in defaults.TYPES]
    Through = Incident.types.through
    created = 0
    pending: list[tuple[Incident, list[int]]] = []

    def flush():
        nonlocal created
        with transaction.atomic():
            rows = Incident.objects.bulk_create([i for i, _t in pending], batch_size=batch)
            Through.objects.bulk_create([Through(incident_id=i.pk, incidentoption_id=t)
                                         for i, ts in zip(rows, [t for _i, t in pending]) for t in ts],
                                        batch_size=batch)
        created += len(pending)
        pending.clear()
        if progress:
            progress(created)

    for pk, inhabitants in municipalities:
        n = max(1, round(total * inhabitants / population))
        for _ in range(n):
            index = first_index + rng.randrange(months)
            when = datetime.datetime(index // 12, index % 12 + 1, rng.randint(1, 28), rng.randint(8, 17),
                                     rng.randint(0, 59), tzinfo=tz)
            role = rng.choices(roles, ROLE_WEIGHTS)[0]
            channel = rng.choices(channels, CHANNEL_WEIGHTS)[0]
            chosen = {rng.choices(types, TYPE_WEIGHTS)[0]}
            if rng.random() < 0.25:
                chosen.add(rng.choices(types, TYPE_WEIGHTS)[0])
            incident = Incident(
                municipality_id=pk, reported_by=reporter, occurred_at=when, description=DEMO_TEXT,
                location_id=options[(pk, "location", LOCATION_FOR_CHANNEL[channel])],
                victim_role_id=options[(pk, "victim_role", role)], channel_id=options[(pk, "channel", channel)],
                retain_until=services.add_years(when.date(), defaults.RETENTION_YEARS))
            pending.append((incident, [options[(pk, "type", t)] for t in sorted(chosen)]))
            if len(pending) >= batch:
                flush()
    if pending:
        flush()
    return created


def load_national_demo(total: int = 4000, months: int = 24) -> tuple[int, int]:
    """The demo: synthetic incidents for every municipality (except Ermelo, which has its own story) over the last
    `months` settled months, then the national snapshots. Idempotent. Returns (incidents, months frozen)."""
    if not settings.DEMO_MODE:
        raise RuntimeError("Demodata alleen in demomodus.")
    created = 0
    if not Incident.objects.filter(description=DEMO_TEXT).exists():
        created = generate(total, months, national.publishable_until())
    return created, national.freeze_months()
