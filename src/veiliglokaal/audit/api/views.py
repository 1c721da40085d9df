"""The register of processing activities and both logs. Every municipal list goes through
`for_tenant(request.auth)`."""

from rest_framework import mixins, viewsets

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.audit.models import ProcessingActivity, ProcessingLogEntry, SecurityEvent

from . import filters, serializers


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
