"""GIR API: create and read incidents (e.g. from a field app), with the same validation and tenancy as the pages.

Every read of an incident is logged in the processing log; the description is `null` for a manager when the
reporter asked that their manager does not read it. Offender details are not part of this API.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.incidents import selectors, services
from veiliglokaal.incidents.models import Injury

FIELD_NAMES = {  # service field -> API property (camelCase)
    "occurred_at": "occurredAt", "victim_role": "victimRole", "victim_user": "victimName",
    "victim_name": "victimName", "absence_days": "absenceDays", "damage_description": "damageDescription",
    "damage_amount": "damageAmount", "hide_description_from_manager": "hideDescriptionFromManager",
}


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


class IncidentViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    """Meldingen van agressie en geweld (GIR), zichtbaar volgens de rol: eigen, afdeling of de hele gemeente."""

    required_scope = Scope.INCIDENTS_REPORT
    serializer_class = IncidentSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return (selectors.visible_incidents(self.request.auth)
                .select_related("location", "victim_role", "channel", "victim_user", "aftercare")
                .prefetch_related("types").order_by("-occurred_at", "-pk"))

    @extend_schema(summary=str(_("Meldingen")))
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = selectors.log_list_read(request.auth, page, "meldingen opgevraagd (API)")
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    @extend_schema(summary=str(_("Eén melding")))
    def retrieve(self, request, *args, **kwargs):
        try:
            pk = int(kwargs["pk"])
        except ValueError:
            pk = 0
        incident = selectors.read_incident(request.auth, pk, name="melding opgevraagd (API)")
        return Response(self.get_serializer(incident).data)

    @extend_schema(request=IncidentCreateSerializer, responses={201: IncidentSerializer},
                   summary=str(_("Melding registreren")))
    def create(self, request, *args, **kwargs):
        payload = IncidentCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            incident = services.create_incident(request.auth, request.user, payload.to_service_data(request.user))
        except DjangoValidationError as error:
            raise ValidationError({FIELD_NAMES.get(k, k): v for k, v in error.message_dict.items()}) from None
        incident = selectors.read_incident(request.auth, incident.pk, name="melding opgevraagd (API)")
        return Response(self.get_serializer(incident).data, status=status.HTTP_201_CREATED)
