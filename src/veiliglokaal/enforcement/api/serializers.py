"""Serializers of the enforcement API: the case and where it stands, without evidence, links or history."""

from rest_framework import serializers

from veiliglokaal.enforcement.legal_bases import LegalBasis


class EnforcementCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField(help_text="Kenmerk, bijvoorbeeld HH-000042.")
    title = serializers.CharField()
    state = serializers.CharField(help_text="Naam van de status in de gedeclareerde workflow.")
    stateLabel = serializers.CharField(source="state_label")
    stateEnteredAt = serializers.DateTimeField(source="state_entered_at")
    deadlineAt = serializers.DateTimeField(source="deadline_at", allow_null=True,
                                           help_text="Termijn van de huidige status; leeg als die er niet is.")
    legalBasis = serializers.ChoiceField(source="legal_basis", choices=LegalBasis.choices)
    owner = serializers.CharField(source="owner.display_name")
    createdAt = serializers.DateTimeField(source="created_at")
