"""Filters with camelCase query keys (NL API Design Rules)."""

import django_filters

from veiliglokaal.audit.models import ProcessingLogEntry, SecurityAction, SecurityEvent, SecurityResult
from veiliglokaal.core.models import Municipality, SizeClass


class MunicipalityFilter(django_filters.FilterSet):
    sizeClass = django_filters.ChoiceFilter(field_name="size_class", choices=SizeClass.choices)
    safetyRegion = django_filters.CharFilter(field_name="safety_region__code")
    province = django_filters.CharFilter(field_name="province__name", lookup_expr="iexact")

    class Meta:
        model = Municipality
        fields = []


class ProcessingLogFilter(django_filters.FilterSet):
    traceId = django_filters.CharFilter(field_name="trace_id")
    processingActivity = django_filters.CharFilter(field_name="activity_key")
    startedFrom = django_filters.IsoDateTimeFilter(field_name="started_at", lookup_expr="gte")
    startedUntil = django_filters.IsoDateTimeFilter(field_name="started_at", lookup_expr="lte")

    class Meta:
        model = ProcessingLogEntry
        fields = []


class SecurityLogFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(choices=SecurityAction.choices)
    result = django_filters.ChoiceFilter(choices=SecurityResult.choices)
    occurredFrom = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    occurredUntil = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="lte")

    class Meta:
        model = SecurityEvent
        fields = []
