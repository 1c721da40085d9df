"""Serializers of the platform core. JSON property names are camelCase (NL API Design Rules)."""

from rest_framework import serializers

from veiliglokaal.accounts.models import Membership
from veiliglokaal.audit.models import ProcessingActivity, ProcessingLogEntry, SecurityEvent
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


class MembershipSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username")
    fullName = serializers.CharField(source="user.display_name")
    municipality = serializers.CharField(source="municipality.code")
    isActive = serializers.BooleanField(source="is_active")
    validUntil = serializers.DateField(source="valid_until", allow_null=True)

    class Meta:
        model = Membership
        fields = ["id", "username", "fullName", "municipality", "role", "isActive", "validUntil"]


class ProcessingActivitySerializer(serializers.ModelSerializer):
    legalBasis = serializers.CharField(source="legal_basis")
    dataSubjects = serializers.CharField(source="data_subjects")
    dataCategories = serializers.CharField(source="data_categories")

    class Meta:
        model = ProcessingActivity
        fields = ["key", "module", "name", "purpose", "legalBasis", "dataSubjects", "dataCategories",
                  "recipients", "retention"]


class ProcessingLogEntrySerializer(serializers.ModelSerializer):
    traceId = serializers.CharField(source="trace_id")
    spanId = serializers.CharField(source="span_id")
    parentSpanId = serializers.CharField(source="parent_span_id")
    startedAt = serializers.DateTimeField(source="started_at")
    endedAt = serializers.DateTimeField(source="ended_at")
    processingActivity = serializers.CharField(source="activity_key")
    dataSubjectId = serializers.CharField(source="data_subject_id")
    dataSubjectType = serializers.CharField(source="data_subject_type")
    actorId = serializers.IntegerField(source="actor_id", allow_null=True)

    class Meta:
        model = ProcessingLogEntry
        fields = ["sequence", "traceId", "spanId", "parentSpanId", "name", "startedAt", "endedAt", "status",
                  "processingActivity", "dataSubjectId", "dataSubjectType", "actorId"]


class SecurityEventSerializer(serializers.ModelSerializer):
    occurredAt = serializers.DateTimeField(source="occurred_at")
    objectType = serializers.CharField(source="object_type")
    objectId = serializers.CharField(source="object_id")
    actorName = serializers.CharField(source="actor_name")
    traceId = serializers.CharField(source="trace_id")

    class Meta:
        model = SecurityEvent
        fields = ["sequence", "occurredAt", "action", "result", "objectType", "objectId", "origin", "actorName", "traceId"]


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    fullName = serializers.CharField()
    municipality = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    scopes = serializers.ListField(child=serializers.CharField())
