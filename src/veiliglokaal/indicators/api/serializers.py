"""Serializers of the veiligheidsbeeld API (open data)."""

from rest_framework import serializers


class IndicatorSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    unit = serializers.CharField()
    scale = serializers.IntegerField()
    denominator = serializers.CharField()
    definition = serializers.CharField()
    source = serializers.CharField()
    tableId = serializers.CharField(source="table_id")
    years = serializers.ListField(child=serializers.IntegerField())
    unavailableReason = serializers.CharField(
        source="unavailable_reason",
        help_text="Leeg als de indicator te berekenen is; anders waarom niet (bijvoorbeeld 'tabel HALT ontbreekt').")


class IndicatorValueSerializer(serializers.Serializer):
    municipality = serializers.CharField(source="code", help_text="CBS-gemeentecode, bijvoorbeeld GM0233.")
    name = serializers.CharField()
    population = serializers.IntegerField()
    year = serializers.IntegerField()
    numerator = serializers.FloatField(allow_null=True)
    value = serializers.FloatField(allow_null=True)
    provisional = serializers.BooleanField()
