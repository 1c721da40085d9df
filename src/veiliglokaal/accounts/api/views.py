"""The caller and the memberships of the caller's municipality. Lists go through `for_tenant(request.auth)`."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from veiliglokaal.accounts.models import Membership
from veiliglokaal.accounts.scopes import Scope

from . import serializers


class MembershipViewSet(viewsets.ReadOnlyModelViewSet):
    """Users and roles of the caller's own municipality (functioneel beheerder)."""

    required_scope = Scope.MEMBERS_MANAGE
    serializer_class = serializers.MembershipSerializer

    def get_queryset(self):
        return Membership.objects.for_tenant(self.request.auth).select_related("user", "municipality").order_by("id")


class MeView(APIView):
    """Who the caller is, in which municipality, with which roles and scopes."""

    required_scope = None

    @extend_schema(responses=serializers.MeSerializer, summary=str(_("Huidige gebruiker")))
    def get(self, request):
        tenant = request.auth
        data = {"username": request.user.username, "fullName": request.user.display_name,
                "municipality": tenant.municipality_code, "roles": sorted(tenant.roles), "scopes": sorted(tenant.scopes)}
        return Response(serializers.MeSerializer(data).data)
