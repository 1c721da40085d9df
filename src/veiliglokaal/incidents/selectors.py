"""Reads of GIR, always scoped with `for_tenant`. Reading an incident's personal data logs the processing."""

from __future__ import annotations

from django.db import transaction
from django.db.models import CharField, Count, Q, Value
from django.http import Http404
from django.utils import timezone

from veiliglokaal.accounts.models import Membership
from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.audit.services import log_processing, processing

from .models import Aftercare, Incident, IncidentEvent, Measure, Offender
from .services import REGISTRATION, _subject


def visible_incidents(tenant):
    return Incident.objects.for_tenant(tenant)


def incident_list(tenant, view: str):
    """`mine`: reported by or about the user; `team`: the manager's department; `all`: the coordinator's view."""
    incidents = visible_incidents(tenant).select_related("location", "victim_role", "channel", "aftercare",
                                                         "victim_user").prefetch_related("types")
    if view == "mine":
        return incidents.filter(Q(reported_by_id=tenant.user_id) | Q(victim_user_id=tenant.user_id))
    if view == "team":
        from veiliglokaal.accounts.models import User

        own = User.objects.filter(pk=tenant.user_id).exclude(department="").values("department")
        return incidents.filter(department__in=own)
    return incidents


def log_list_read(tenant, incidents, name: str) -> list[Incident]:
    """Evaluate a page of incidents and log one processing per incident shown, in one transaction."""
    with transaction.atomic():
        rows = list(incidents)
        for incident in rows:
            log_processing(activity=REGISTRATION, name=name, municipality_id=tenant.municipality_id,
                           actor_id=tenant.user_id, **_subject(incident))
    return rows


def read_incident(tenant, pk: int, name: str = "melding bekeken") -> Incident:
    """One incident, or 404 (also for another municipality's). The read is logged in the same transaction."""
    incident = (visible_incidents(tenant).select_related("location", "victim_role", "channel", "victim_user",
                                                        "reported_by", "municipality")
                .prefetch_related("types").filter(pk=pk).first())
    if incident is None:
        raise Http404
    with processing(activity=REGISTRATION, name=name, municipality_id=tenant.municipality_id,
                    actor_id=tenant.user_id, **_subject(incident)):
        incident.description_visible = description_visible(incident, tenant)
    return incident


def description_visible(incident: Incident, tenant) -> bool:
    """The reporter may ask that their manager does not read the description; the coordinator always may."""
    if tenant.has_scope(Scope.INCIDENTS_MANAGE):
        return True
    if tenant.user_id in (incident.reported_by_id, incident.victim_user_id):
        return True
    return not incident.hide_description_from_manager


def offender_of(tenant, incident: Incident) -> Offender | None:
    """Only with the offender scope (the coordinator); anyone else gets None, in SQL."""
    return Offender.objects.for_tenant(tenant).filter(incident=incident).first()


def repeat_matches(tenant, offender: Offender) -> list[Offender]:
    """Earlier incidents in the same municipality with the same offender (normalised name or identifier)."""
    keys = Q(pk__in=[])
    if offender.name_key:
        keys |= Q(name_key=offender.name_key)
    if offender.identifier_key:
        keys |= Q(identifier_key=offender.identifier_key)
    return list(Offender.objects.for_tenant(tenant).filter(keys).exclude(pk=offender.pk)
                .filter(incident__occurred_at__lte=offender.incident.occurred_at)
                .select_related("incident").order_by("-incident__occurred_at"))


ATTACHMENT_EVENT = "Bijlage toegevoegd"


def history(tenant, incident: Incident):
    events = IncidentEvent.objects.filter(incident=incident).select_related("actor")
    if not tenant.has_scope(Scope.INCIDENTS_OFFENDERS):
        events = events.filter(coordinator_only=False)
    if not description_visible(incident, tenant):
        events = events.exclude(text__startswith=ATTACHMENT_EVENT)  # file names are part of what was hidden
    return events


def aftercare_of(tenant, incident: Incident) -> Aftercare | None:
    return Aftercare.objects.for_tenant(tenant).filter(incident=incident).select_related("owner").first()


def measures_of(tenant, incident: Incident):
    return Measure.objects.for_tenant(tenant).filter(incident=incident).select_related("owner")


def handlers(tenant):
    """Who can own aftercare or a measure: the managers and coordinators of the municipality."""
    from veiliglokaal.accounts.models import User

    users = Membership.objects.active().filter(municipality_id=tenant.municipality_id,
                                               role__in=["manager", "coordinator"]).values("user_id")
    return User.objects.filter(pk__in=users).order_by("first_name", "last_name", "username")


def overdue(tenant, now=None, owner_id: int | None = None):
    """The coordinator's worklist: aftercare and measures past their deadline, in one (indexed) query.
    With `owner_id`: only the steps that person owns (their own "Vandaag")."""
    now = now or timezone.now()
    columns = ["incident_id", "state", "deadline_at", "kind", "owner__first_name", "owner__last_name"]
    late = Q(deadline_at__lt=now) & (Q(owner_id=owner_id) if owner_id is not None else Q())
    aftercare = (Aftercare.objects.for_tenant(tenant).filter(late)
                 .annotate(kind=Value("aftercare", output_field=CharField())).order_by().values(*columns))
    measures = Measure.objects.for_tenant(tenant).filter(late).order_by().values(*columns)
    return aftercare.union(measures, all=True).order_by("deadline_at")


def overview(tenant, year: int | None = None) -> dict:
    """Counts for the management overview: by type, victim role, location, channel, department and month.

    Three queries whatever the size: one grouped scan of the covering index `incident_overview` (role, location,
    channel, department and month bucket at once; months as a CASE over local month boundaries, no per-row
    function), one grouped count of the type links, and the municipality's option labels. An incident counts once
    per section; with several types it counts once under each type."""
    import datetime
    from zoneinfo import ZoneInfo

    from django.conf import settings
    from django.db.models import Case, IntegerField, Max, Min, When

    from .models import IncidentOption

    incidents = Incident.objects.for_tenant(tenant).order_by()
    if year:
        tz = ZoneInfo(settings.TIME_ZONE)
        incidents = incidents.filter(occurred_at__gte=datetime.datetime(year, 1, 1, tzinfo=tz),
                                     occurred_at__lt=datetime.datetime(year + 1, 1, 1, tzinfo=tz))
    span = incidents.aggregate(first=Min("occurred_at"), last=Max("occurred_at"))
    months = []
    if span["first"]:
        first, last = timezone.localtime(span["first"]), timezone.localtime(span["last"])
        index = first.year * 12 + first.month - 1
        while index <= last.year * 12 + last.month - 1:
            months.append(datetime.datetime(index // 12, index % 12 + 1, 1, tzinfo=first.tzinfo))
            index += 1
    bucket = Case(*[When(occurred_at__lt=(months[i + 1] if i + 1 < len(months) else months[i] + datetime.timedelta(
        days=32)).replace(day=1), then=i) for i in range(len(months))], default=len(months) - 1,
        output_field=IntegerField()) if months else None
    columns = ["victim_role_id", "location_id", "channel_id", "department"]
    rows = (incidents.annotate(bucket=bucket).values_list(*columns, "bucket").annotate(n=Count("pk"))
            if months else [])
    labels = dict(IncidentOption.objects.filter(municipality_id=tenant.municipality_id).values_list("pk", "label"))
    tally = {column: {} for column in columns}
    per_month = [0] * len(months)
    total = 0
    for *keys, b, n in rows:
        total += n
        per_month[b] += n
        for column, key in zip(columns, keys):
            label = key if column == "department" else labels.get(key)
            tally[column][label] = tally[column].get(label, 0) + n
    through = Incident.types.through.objects.order_by()
    if year or not tenant.has_scope(Scope.INCIDENTS_MANAGE):  # otherwise: every link to the municipality's options
        through = through.filter(incident__in=incidents)
    types: dict[str, int] = {}
    for option_id, n in (through.filter(incidentoption__municipality_id=tenant.municipality_id)
                         .values_list("incidentoption_id").annotate(n=Count("pk")).values_list("incidentoption_id", "n")):
        types[labels.get(option_id)] = types.get(labels.get(option_id), 0) + n

    def ordered(counts):
        return [{"label": label, "count": n} for label, n in
                sorted(counts.items(), key=lambda item: (-item[1], item[0] or ""))]

    return {
        "total": total,
        "sections": [
            ("type", "Soort incident", ordered(types)),
            ("victim_role", "Functie getroffene", ordered(tally["victim_role_id"])),
            ("location", "Plaats", ordered(tally["location_id"])),
            ("channel", "Kanaal", ordered(tally["channel_id"])),
            ("department", "Afdeling", ordered(tally["department"])),
        ],
        "months": [{"month": m, "count": n} for m, n in zip(months, per_month) if n],
    }


def content_report_of(tenant, incident: Incident):
    """The meldpunt report this incident was registered from, if the viewer may see that report (its own rules)."""
    from django.apps import apps

    ContentReport = apps.get_model("online", "ContentReport")  # noqa: N806  (GIR does not import the meldpunt)
    return ContentReport.objects.for_tenant(tenant).filter(gir_incident=incident).first()
