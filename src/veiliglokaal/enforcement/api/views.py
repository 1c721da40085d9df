"""Enforcement API: read-only, the cases of the caller's municipality (scope `enforcement.work`).

The list is the worklist (as the page, by deadline); reading one case is logged as on the page. Evidence, links
and history stay on the pages; steps are taken there (the shared transition page).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.enforcement import selectors, services

from .serializers import EnforcementCaseSerializer


class EnforcementCaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Handhavingstrajecten van de eigen gemeente, op termijn gesorteerd."""

    required_scope = Scope.ENFORCEMENT_WORK
    serializer_class = EnforcementCaseSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return selectors.cases(self.request.auth).order_by("deadline_at", "pk")

    @extend_schema(summary=str(_("Handhavingstrajecten")))
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary=str(_("Eén handhavingstraject")))
    def retrieve(self, request, *args, **kwargs):
        case = services.read_case(request.auth, int(kwargs["pk"]), name="handhavingstraject opgevraagd (API)")
        if case is None:
            raise NotFound()
        return Response(self.get_serializer(case).data)
