"""Serializers of the DOOK API: counts per area (never an address) and the Algoritmeregister entry."""

from rest_framework import serializers


class AreaCountSerializer(serializers.Serializer):
    areaCode = serializers.CharField(source="area_code", help_text="Buurtcode (CBS) of code van de zeshoek.")
    name = serializers.CharField()
    addresses = serializers.IntegerField(help_text="Aantal adressen (verblijfsobjecten) in het gebied.")
    signals = serializers.IntegerField(allow_null=True, help_text="Adressen met een signaal; leeg bij 1 tot 4 "
                                                                  "zonder recht op adresniveau.")
    signalsShown = serializers.CharField(source="shown", help_text="Zoals getoond: een getal of '< 5'.")
    countClass = serializers.CharField(source="klass", help_text="Klasse van de legenda, bijvoorbeeld '5–9'.")
    run = serializers.IntegerField(help_text="Id van de berekening waaruit de aantallen komen.")


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
