"""Algoritmeregister entry of DOOK scoring, generated from the code's own metadata (irregularities.algorithm)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.irregularities import algorithm


class AlgorithmRegisterEntrySerializer(serializers.Serializer):
    name = serializers.CharField()
    version = serializers.CharField()
    organisation = serializers.CharField()
    status = serializers.CharField()
    type = serializers.CharField()
    description = serializers.CharField()
    goalAndImpact = serializers.CharField()
    legalBasis = serializers.CharField()
    humanIntervention = serializers.CharField()
    themes = serializers.ListField(child=serializers.DictField())
    sourceData = serializers.ListField(child=serializers.DictField(), help_text="De lijst van toegestane invoer.")
    forbiddenInputs = serializers.DictField(help_text="Gegevens die de code weigert.")
    indicators = serializers.ListField(child=serializers.DictField())
    methodsAndModels = serializers.DictField()
    knownLimits = serializers.ListField(child=serializers.CharField())
    riskManagement = serializers.ListField(child=serializers.CharField())
    dataProtection = serializers.DictField()


class AlgorithmRegisterView(APIView):
    """Algoritmeregister: beschrijving van de DOOK-signalering, gemaakt uit de code zelf."""

    required_scope = Scope.IRREGULARITIES_VIEW

    @extend_schema(responses=AlgorithmRegisterEntrySerializer, summary=str(_("Algoritmeregister DOOK")),
                   operation_id="algorithm_register_retrieve")
    def get(self, request):
        return Response(AlgorithmRegisterEntrySerializer(algorithm.as_json()).data)
