"""Online monitoring API: alerts as aggregates (place, topic, hour, counts, judgement). No posts, no text, no
authors — and no filter but `status`: any other query key (e.g. `author`) is refused with a 400 (ADR 12)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.monitoring import selectors
from veiliglokaal.monitoring.models import AlertStatus

from .serializers import MonitoringAlertSerializer

ALLOWED_QUERY_KEYS = {"status", "page", "pageSize"}


STATUS_PARAMETER = OpenApiParameter("status", OpenApiTypes.STR, enum=AlertStatus.values, required=False,
                                    description="Beoordeling: open, relevant of not_relevant.")


@extend_schema_view(list=extend_schema(parameters=[STATUS_PARAMETER], summary=str(_("Alerts online monitoring"))),
                    retrieve=extend_schema(summary=str(_("Eén alert"))))
class MonitoringAlertViewSet(viewsets.ReadOnlyModelViewSet):
    """Alerts of online monitoring of the caller's municipality, for the roles the protocol names."""

    required_scope = Scope.ONLINE_MONITOR
    serializer_class = MonitoringAlertSerializer
    filter_backends = []

    def get_queryset(self):
        unknown = sorted(set(self.request.query_params) - ALLOWED_QUERY_KEYS)
        if unknown:
            raise ValidationError({key: [str(_("Onbekende parameter: monitoring filtert niet op afzenders of "
                                               "personen."))] for key in unknown})
        status = self.request.query_params.get("status")
        if status and status not in AlertStatus.values:
            raise ValidationError({"status": [str(_("Kies open, relevant of not_relevant."))]})
        return selectors.alerts(self.request.auth, status or None).order_by("-window_start", "-pk")
