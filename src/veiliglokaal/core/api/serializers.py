"""Serializers of the municipality registry. JSON property names are camelCase (NL API Design Rules)."""

from rest_framework import serializers

from veiliglokaal.core.models import Municipality, SafetyRegion


class SafetyRegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = SafetyRegion
        fields = ["code", "name"]


class MunicipalitySerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.name")
    safetyRegion = SafetyRegionSerializer(source="safety_region")
    populationReferenceDate = serializers.DateField(source="population_reference_date")
    landAreaKm2 = serializers.DecimalField(source="land_area_km2", max_digits=8, decimal_places=2, coerce_to_string=False)
    densityPerKm2 = serializers.DecimalField(source="density_per_km2", max_digits=8, decimal_places=1, coerce_to_string=False)
    sizeClass = serializers.CharField(source="size_class")
    sizeClassLabel = serializers.CharField(source="get_size_class_display")

    class Meta:
        model = Municipality
        fields = ["code", "name", "province", "safetyRegion", "population", "populationReferenceDate",
                  "landAreaKm2", "densityPerKm2", "sizeClass", "sizeClassLabel"]
