"""Veiligheidsbeeld API: declared indicators and their values for every municipality (open data)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.indicators import definitions, selectors

from .serializers import IndicatorSerializer, IndicatorValueSerializer


def _indicator_data(indicator):
    return {"key": indicator.key, "title": str(indicator.title), "unit": str(indicator.unit),
            "scale": indicator.scale, "denominator": indicator.denominator_text, "definition": str(indicator.definition),
            "unavailable_reason": selectors.availability(indicator),
            "source": str(indicator.source), "table_id": indicator.table_id,
            "years": [int(p[:4]) for p in indicator.periods]}


def _get(key):
    try:
        return definitions.get(key)
    except KeyError:
        raise NotFound(_("Onbekende indicator.")) from None


class IndicatorViewSet(viewsets.ViewSet):
    """Indicatoren van het veiligheidsbeeld (open statistieken van politie en CBS)."""

    required_scope = Scope.INDICATORS_VIEW
    lookup_field = "key"
    lookup_value_regex = "[a-z0-9-]+"
    serializer_class = IndicatorSerializer

    @extend_schema(responses=IndicatorSerializer(many=True), summary=str(_("Alle indicatoren")))
    def list(self, request):
        return Response(IndicatorSerializer([_indicator_data(i) for i in definitions.INDICATORS], many=True).data)

    @extend_schema(responses=IndicatorSerializer, summary=str(_("Eén indicator met definitie en bron")))
    def retrieve(self, request, key=None):
        return Response(IndicatorSerializer(_indicator_data(_get(key))).data)

    @extend_schema(
        responses=IndicatorValueSerializer(many=True), summary=str(_("Waarden per gemeente in één jaar")),
        parameters=[OpenApiParameter("year", int, description="Jaar (standaard het laatste beschikbare jaar).")],
    )
    @action(detail=True, methods=["get"], url_path="values", url_name="values")
    def values(self, request, key=None):
        indicator = _get(key)
        years = [int(p[:4]) for p in indicator.periods]
        year = request.query_params.get("year", str(years[-1]))
        if not year.isdigit() or int(year) not in years:
            raise ValidationError({"year": [_("Kies een van de jaren %(years)s.") % {"years": ", ".join(map(str, years))}]})
        rows = selectors.values_for_period(indicator, f"{year}JJ00")
        data = [{"code": r.code, "name": r.name, "population": r.population, "year": int(year),
                 "numerator": r.numerator, "value": r.value, "provisional": r.provisional} for r in rows]
        return Response(IndicatorValueSerializer(data, many=True).data)
