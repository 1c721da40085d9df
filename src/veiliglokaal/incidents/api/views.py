"""National GIR trends (landelijk analist): the same suppressed monthly marginals as the page and CSV (ADR 7)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.incidents import national


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
