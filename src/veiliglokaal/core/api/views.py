"""The registry of municipalities (open data) as an API."""

from rest_framework import viewsets

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.core.models import Municipality

from . import filters, serializers


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    """The registry of all 342 municipalities (open data: CBS/PDOK)."""

    required_scope = Scope.REGISTRY_VIEW
    serializer_class = serializers.MunicipalitySerializer
    filterset_class = filters.MunicipalityFilter
    lookup_field = "code"
    lookup_value_regex = "GM[0-9]{4}"
    queryset = Municipality.objects.without_boundaries().select_related("province", "safety_region").order_by("code")
