"""Thin viewsets of the platform core. Every municipal list goes through `for_tenant(request.auth)`."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from veiliglokaal.accounts.models import Membership
from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.audit.models import ProcessingActivity, ProcessingLogEntry, SecurityEvent
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


class MembershipViewSet(viewsets.ReadOnlyModelViewSet):
    """Users and roles of the caller's own municipality (functioneel beheerder)."""

    required_scope = Scope.MEMBERS_MANAGE
    serializer_class = serializers.MembershipSerializer

    def get_queryset(self):
        return Membership.objects.for_tenant(self.request.auth).select_related("user", "municipality").order_by("id")


class ProcessingActivityViewSet(viewsets.ReadOnlyModelViewSet):
    """The register of processing activities."""

    required_scope = Scope.REGISTER_VIEW
    serializer_class = serializers.ProcessingActivitySerializer
    queryset = ProcessingActivity.objects.order_by("key")
    lookup_field = "key"
    lookup_value_regex = "[a-z0-9._-]+"


class ProcessingLogViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The processing log of the caller's municipality (Logboek Dataverwerkingen)."""

    required_scope = Scope.AUDIT_VIEW
    serializer_class = serializers.ProcessingLogEntrySerializer
    filterset_class = filters.ProcessingLogFilter

    def get_queryset(self):
        return ProcessingLogEntry.objects.for_tenant(self.request.auth).order_by("-sequence")


class SecurityLogViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The security log of the caller's municipality (BIO)."""

    required_scope = Scope.AUDIT_VIEW
    serializer_class = serializers.SecurityEventSerializer
    filterset_class = filters.SecurityLogFilter

    def get_queryset(self):
        return SecurityEvent.objects.for_tenant(self.request.auth).order_by("-sequence")


class MeView(APIView):
    """Who the caller is, in which municipality, with which roles and scopes."""

    required_scope = None

    @extend_schema(responses=serializers.MeSerializer, summary=str(_("Huidige gebruiker")))
    def get(self, request):
        tenant = request.auth
        data = {"username": request.user.username, "fullName": request.user.display_name,
                "municipality": tenant.municipality_code, "roles": sorted(tenant.roles), "scopes": sorted(tenant.scopes)}
        return Response(serializers.MeSerializer(data).data)
