"""Searching the logs of one municipality. Always scoped through `for_tenant`."""

from .models import ProcessingActivity, ProcessingLogEntry, SecurityEvent
from .services import pseudonyms_of


def search_processing_log(tenant, *, date_from=None, date_to=None, activity="", trace_id="",
                          subject_type="", subject_id=""):
    entries = ProcessingLogEntry.objects.for_tenant(tenant)
    if date_from:
        entries = entries.filter(started_at__date__gte=date_from)
    if date_to:
        entries = entries.filter(started_at__date__lte=date_to)
    if activity:
        entries = entries.filter(activity_key=activity)
    if trace_id:
        entries = entries.filter(trace_id=trace_id.strip().lower())
    if subject_type and subject_id:
        # A data subject's request (AVG art. 15): their records in every context whose link still exists.
        entries = entries.filter(data_subject_id__in=pseudonyms_of(subject_type, subject_id.strip()))
    return entries.order_by("-sequence")


def search_security_log(tenant, *, date_from=None, date_to=None, action="", result="", actor=""):
    events = SecurityEvent.objects.for_tenant(tenant)
    if date_from:
        events = events.filter(occurred_at__date__gte=date_from)
    if date_to:
        events = events.filter(occurred_at__date__lte=date_to)
    if action:
        events = events.filter(action=action)
    if result:
        events = events.filter(result=result)
    if actor:
        events = events.filter(actor_name__iexact=actor.strip())
    return events.order_by("-sequence")


def register():
    return ProcessingActivity.objects.all()
