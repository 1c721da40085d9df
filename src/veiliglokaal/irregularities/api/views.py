"""DOOK API: the aggregated map layer as rows (counts per buurt or hexagon), the same data as the map's table,
and the Algoritmeregister entry of DOOK scoring, generated from the code's own metadata (`algorithm.py`).

Counts only — never an address. Small counts (1–4) are `null` with `signalsShown` "< 5" for callers without
address-level access, as on the page.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.irregularities import algorithm, map_layer
from veiliglokaal.irregularities.models import AreaKind

from .serializers import AlgorithmRegisterEntrySerializer, AreaCountSerializer


class IrregularityAreaViewSet(viewsets.ViewSet):
    """Onregelmatigheden per gebied (geaggregeerd) uit de laatste geslaagde berekening."""

    required_scope = Scope.IRREGULARITIES_VIEW
    serializer_class = AreaCountSerializer

    @extend_schema(
        responses=AreaCountSerializer(many=True), summary=str(_("Aantal signalen per gebied")),
        parameters=[
            OpenApiParameter("areaKind", str, enum=AreaKind.values, description="buurt (standaard) of hex."),
            OpenApiParameter("theme", str, description="Thema; leeg: alle thema's."),
            OpenApiParameter("indicator", str, description="Indicatorcode; leeg: alle indicatoren."),
        ],
    )
    def list(self, request):
        kind = request.query_params.get("areaKind", AreaKind.NEIGHBOURHOOD)
        if kind not in AreaKind.values:
            raise ValidationError({"areaKind": [_("Kies buurt of hex.")]})
        tenant = request.auth
        run = map_layer.latest_run(tenant)
        reveal = tenant.has_scope(Scope.IRREGULARITIES_ADDRESSES)
        layer = map_layer.area_layer(tenant, run, kind=kind, theme=request.query_params.get("theme", ""),
                                     indicator=request.query_params.get("indicator", ""), reveal_small=reveal)
        rows = [{**row, "run": run.pk,
                 "signals": row["signals"] if reveal or not 0 < row["signals"] < map_layer.SMALL_COUNT else None}
                for row in layer["rows"]]
        return Response(AreaCountSerializer(rows, many=True).data)


class AlgorithmRegisterView(APIView):
    """Algoritmeregister: beschrijving van de DOOK-signalering, gemaakt uit de code zelf."""

    required_scope = Scope.IRREGULARITIES_VIEW

    @extend_schema(responses=AlgorithmRegisterEntrySerializer, summary=str(_("Algoritmeregister DOOK")),
                   operation_id="algorithm_register_retrieve")
    def get(self, request):
        return Response(AlgorithmRegisterEntrySerializer(algorithm.as_json()).data)
