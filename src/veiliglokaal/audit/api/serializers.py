"""Serializers of the register and the logs. JSON property names are camelCase (NL API Design Rules)."""

from rest_framework import serializers

from veiliglokaal.audit.models import ProcessingActivity, ProcessingLogEntry, SecurityEvent


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
