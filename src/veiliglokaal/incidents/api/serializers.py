"""Serializers of the GIR API: incidents (read and create) and the national trend cells (ADR 7)."""

from rest_framework import serializers

from veiliglokaal.incidents import national, selectors
from veiliglokaal.incidents.models import Injury

class IncidentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField(help_text="Kenmerk, bijvoorbeeld GIR-000042.")
    occurredAt = serializers.DateTimeField(source="occurred_at")
    location = serializers.CharField(source="location.code", help_text="Code uit de lijst van plaatsen van de gemeente.")
    victimRole = serializers.CharField(source="victim_role.code")
    types = serializers.SerializerMethodField()
    channel = serializers.CharField(source="channel.code")
    platform = serializers.CharField()
    description = serializers.SerializerMethodField(
        help_text="Leeg (null) voor een leidinggevende als de melder dat vroeg.")
    injury = serializers.ChoiceField(choices=Injury.choices)
    absenceDays = serializers.IntegerField(source="absence_days", allow_null=True)
    damageDescription = serializers.CharField(source="damage_description")
    damageAmount = serializers.DecimalField(source="damage_amount", max_digits=10, decimal_places=2,
                                            allow_null=True, coerce_to_string=False)
    witnesses = serializers.CharField()
    hideDescriptionFromManager = serializers.BooleanField(source="hide_description_from_manager")
    department = serializers.CharField()
    victimName = serializers.CharField(source="victim_display")
    status = serializers.SerializerMethodField()
    createdAt = serializers.DateTimeField(source="created_at")
    retainUntil = serializers.DateField(source="retain_until")

    def get_types(self, incident) -> list[str]:
        return sorted(t.code for t in incident.types.all())

    def get_description(self, incident) -> str | None:
        return incident.description if selectors.description_visible(incident, self.context["request"].auth) else None

    def get_status(self, incident) -> str:
        aftercare = getattr(incident, "aftercare", None)
        return f"nazorg: {aftercare.state_label}" if aftercare else "gemeld"


class IncidentCreateSerializer(serializers.Serializer):
    occurredAt = serializers.DateTimeField()
    location = serializers.CharField(max_length=50)
    victimRole = serializers.CharField(max_length=50)
    types = serializers.ListField(child=serializers.CharField(max_length=50), min_length=1, max_length=20)
    channel = serializers.CharField(max_length=50)
    platform = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    description = serializers.CharField(max_length=20000)
    injury = serializers.ChoiceField(choices=Injury.choices, required=False, default=Injury.NONE)
    absenceDays = serializers.IntegerField(min_value=0, max_value=365, required=False, allow_null=True)
    damageDescription = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    damageAmount = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, required=False,
                                            allow_null=True)
    witnesses = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    hideDescriptionFromManager = serializers.BooleanField(required=False, default=False)
    department = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    victimName = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default="",
        help_text="Alleen bij melden namens iemand anders; leeg: de melder is zelf getroffen.")

    def to_service_data(self, user) -> dict:
        d = self.validated_data
        on_behalf = bool(d["victimName"].strip())
        return {
            "occurred_at": d["occurredAt"], "location": d["location"], "victim_role": d["victimRole"],
            "types": d["types"], "channel": d["channel"], "platform": d["platform"], "description": d["description"],
            "injury": d["injury"], "absence_days": d.get("absenceDays"), "damage_description": d["damageDescription"],
            "damage_amount": d.get("damageAmount"), "witnesses": d["witnesses"],
            "hide_description_from_manager": d["hideDescriptionFromManager"], "department": d["department"],
            "victim_user": None if on_behalf else user, "victim_name": d["victimName"],
        }


class TrendCellSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="Maand, JJJJ-MM.")
    dimension = serializers.ChoiceField(choices=["total", *national.ALL_DIMENSIONS],
                                        help_text="Indeling: total, victim_role, channel, type, size_class of region.")
    category = serializers.CharField(help_text="Code van de categorie (landelijke standaardcode, grootteklasse of "
                                               "veiligheidsregio); 'anders' voor eigen codes van gemeenten.")
    label = serializers.CharField()
    count = serializers.IntegerField(allow_null=True, help_text="Aantal meldingen; null = onderdrukt (minder dan 5, "
                                                                "of onderdrukt om terugrekenen te voorkomen).")
    suppressed = serializers.BooleanField()
