"""Serializers of the meldpunt API. JSON property names are camelCase (NL API Design Rules)."""

from rest_framework import serializers

from veiliglokaal.online import services
from veiliglokaal.online.defaults import ContentKind


class EvidenceSerializer(serializers.Serializer):
    fileName = serializers.CharField(source="original_name")
    contentType = serializers.CharField(source="content_type")
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    capturedAt = serializers.DateTimeField(source="captured_at", help_text="Tijdstip van vastleggen volgens de melder.")
    uploadedAt = serializers.DateTimeField(source="uploaded_at")


class ContentReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField(help_text="Kenmerk, bijvoorbeeld OM-000042.")
    kind = serializers.ChoiceField(choices=ContentKind.choices)
    platform = serializers.CharField(source="platform.code", help_text="Code uit de platformlijst van de gemeente.")
    urls = serializers.SerializerMethodField()
    targetFunction = serializers.CharField(source="target_function")
    target = serializers.CharField(source="target_display", help_text="Naam en functie van de betrokkene.")
    onBehalf = serializers.BooleanField(source="on_behalf", help_text="Gemeld door iemand anders dan de betrokkene.")
    description = serializers.CharField()
    state = serializers.CharField()
    stateLabel = serializers.CharField(source="state_label")
    deadlineAt = serializers.DateTimeField(source="deadline_at", allow_null=True)
    createdAt = serializers.DateTimeField(source="created_at")
    evidence = EvidenceSerializer(many=True)

    def get_urls(self, report) -> list[str]:
        return [u.url for u in report.urls.all()]


class ContentReportCreateSerializer(serializers.Serializer):
    urls = serializers.ListField(child=serializers.CharField(max_length=2000), min_length=1,
                                 max_length=services.MAX_URLS, help_text="Exacte URL's (http of https).")
    platform = serializers.CharField(max_length=50)
    kind = serializers.ChoiceField(choices=ContentKind.choices)
    targetFunction = serializers.CharField(max_length=100)
    targetName = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default="",
        help_text="Alleen bij melden namens iemand anders; leeg: de melder is zelf de betrokkene.")
    description = serializers.CharField(max_length=20000)

    def to_service_data(self, user) -> dict:
        d = self.validated_data
        on_behalf = bool(d["targetName"].strip())
        return {"urls": "\n".join(d["urls"]), "platform": d["platform"], "kind": d["kind"],
                "target_user": None if on_behalf else user, "target_name": d["targetName"],
                "target_function": d["targetFunction"], "description": d["description"], "captured_at": None}
