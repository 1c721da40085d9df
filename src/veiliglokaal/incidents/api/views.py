"""GIR API: create and read incidents (e.g. from a field app), with the same validation and tenancy as the pages,
and the national trends of the landelijk analist (the same suppressed monthly marginals as the page and CSV, ADR 7).

Every read of an incident is logged in the processing log; the description is `null` for a manager when the
reporter asked that their manager does not read it. Offender details are not part of this API.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.incidents import national, selectors, services

from .serializers import IncidentCreateSerializer, IncidentSerializer, TrendCellSerializer

FIELD_NAMES = {  # service field -> API property (camelCase)
    "occurred_at": "occurredAt", "victim_role": "victimRole", "victim_user": "victimName",
    "victim_name": "victimName", "absence_days": "absenceDays", "damage_description": "damageDescription",
    "damage_amount": "damageAmount", "hide_description_from_manager": "hideDescriptionFromManager",
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


class IncidentTrendViewSet(viewsets.ViewSet):
    """Landelijke trends van agressie en geweld: alleen onderdrukte aantallen per maand, nooit een gemeente of melding."""

    required_scope = Scope.INCIDENTS_NATIONAL
    serializer_class = TrendCellSerializer

    @extend_schema(
        responses=TrendCellSerializer(many=True), summary=str(_("Landelijke maandcijfers van één jaar")),
        parameters=[OpenApiParameter("year", int, description="Jaar (standaard het laatste jaar met cijfers).")],
    )
    def list(self, request):
        years = national.available_years()
        raw = request.query_params.get("year")
        if raw is None:
            year = years[0] if years else None
        elif raw.isdigit() and int(raw) in years:
            year = int(raw)
        else:
            raise ValidationError({"year": [_("Kies een van de jaren %(years)s.") % {
                "years": ", ".join(map(str, years)) or "-"}]})
        data = [{"month": c["month"].strftime("%Y-%m"), "dimension": c["dimension"], "category": c["category"],
                 "label": c["label"], "count": c["count"], "suppressed": c["count"] is None}
                for c in (national.cells(year) if year else [])]
        return Response(TrendCellSerializer(data, many=True).data)
