"""Filters of the municipality registry, with camelCase query keys (NL API Design Rules)."""

import django_filters

from veiliglokaal.core.models import Municipality, SizeClass


class MunicipalityFilter(django_filters.FilterSet):
    sizeClass = django_filters.ChoiceFilter(field_name="size_class", choices=SizeClass.choices)
    safetyRegion = django_filters.CharFilter(field_name="safety_region__code")
    province = django_filters.CharFilter(field_name="province__name", lookup_expr="iexact")

    class Meta:
        model = Municipality
        fields = []
