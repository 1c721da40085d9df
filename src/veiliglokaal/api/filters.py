"""Filters with camelCase query keys (NL API Design Rules)."""

import datetime

import django_filters
from django.core.exceptions import ValidationError
from django_filters.fields import IsoDateTimeField

from veiliglokaal.audit.models import ProcessingLogEntry, SecurityAction, SecurityEvent, SecurityResult
from veiliglokaal.core.models import Municipality, SizeClass


class UtcIsoDateTimeField(IsoDateTimeField):
    """ISO 8601, normalised to UTC. Python accepts offsets up to ±23:59 that PostgreSQL rejects (a 500), and a
    time near year 1 or 9999 can overflow once converted: both become a 400 instead."""

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            return parsed.astimezone(datetime.timezone.utc)
        except OverflowError as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


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
