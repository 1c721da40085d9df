"""Shared filter parts. Module filters (in `<module>/api/filters.py`) use camelCase query keys (NL API Design
Rules)."""

import datetime

import django_filters
from django.core.exceptions import ValidationError
from django_filters.fields import IsoDateTimeField


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
