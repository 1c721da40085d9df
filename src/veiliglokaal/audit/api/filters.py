"""Filters of the processing and security logs, with camelCase query keys (NL API Design Rules)."""

import django_filters

from veiliglokaal.api.filters import UtcIsoDateTimeFilter
from veiliglokaal.audit.models import ProcessingLogEntry, SecurityAction, SecurityEvent, SecurityResult


class ProcessingLogFilter(django_filters.FilterSet):
    traceId = django_filters.CharFilter(field_name="trace_id")
    processingActivity = django_filters.CharFilter(field_name="activity_key")
    startedFrom = UtcIsoDateTimeFilter(field_name="started_at", lookup_expr="gte")
    startedUntil = UtcIsoDateTimeFilter(field_name="started_at", lookup_expr="lte")

    class Meta:
        model = ProcessingLogEntry
        fields = []


class SecurityLogFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(choices=SecurityAction.choices)
    result = django_filters.ChoiceFilter(choices=SecurityResult.choices)
    occurredFrom = UtcIsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    occurredUntil = UtcIsoDateTimeFilter(field_name="occurred_at", lookup_expr="lte")

    class Meta:
        model = SecurityEvent
        fields = []
