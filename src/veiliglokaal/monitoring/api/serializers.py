"""Serializers of the monitoring API: alerts as aggregates, never posts, text or authors (ADR 12)."""

from rest_framework import serializers

from veiliglokaal.monitoring.models import AlertStatus


class MonitoringAlertSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    monitor = serializers.CharField(source="monitor.name")
    place = serializers.CharField()
    topic = serializers.CharField()
    hourStart = serializers.DateTimeField(source="window_start")
    observed = serializers.IntegerField(help_text="Berichten over deze plaats en dit onderwerp in dit uur.")
    expected = serializers.FloatField(help_text="Verwacht aantal volgens de eigen basislijn.")
    pValue = serializers.FloatField(source="p_value")
    distinctSenders = serializers.IntegerField(source="distinct_authors", help_text="Aantal, nooit wie.")
    status = serializers.ChoiceField(choices=AlertStatus.choices)
