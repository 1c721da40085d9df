"""Meldpunt online inhoud API: report harmful online content and read one's reports, with the same validation,
visibility and logging as the pages. Evidence files are added through the pages (uploads with a stated capture
time); the API lists their hashes. Notices and GIR registration are handler actions on the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.online import selectors, services

from .serializers import ContentReportCreateSerializer, ContentReportSerializer

FIELD_NAMES = {"target_user": "targetName", "target_name": "targetName", "target_function": "targetFunction"}


class ContentReportViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                           viewsets.GenericViewSet):
    """Meldingen van schadelijke online inhoud: eigen meldingen en meldingen over uzelf; behandelaars zien alle
    meldingen van de gemeente."""

    required_scope = Scope.ONLINE_REPORT
    serializer_class = ContentReportSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return (selectors.visible_reports(self.request.auth).select_related("platform", "target_user")
                .prefetch_related("urls", "evidence").order_by("-created_at", "-pk"))

    @extend_schema(summary=str(_("Meldingen online inhoud")))
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = selectors.log_list_read(request.auth, page, "meldingen online inhoud opgevraagd (API)")
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    @extend_schema(summary=str(_("Eén melding online inhoud")))
    def retrieve(self, request, *args, **kwargs):
        try:
            pk = int(kwargs["pk"])
        except ValueError:
            pk = 0
        report = selectors.read_report(request.auth, pk, name="melding online inhoud opgevraagd (API)")
        return Response(self.get_serializer(report).data)

    @extend_schema(request=ContentReportCreateSerializer, responses={201: ContentReportSerializer},
                   summary=str(_("Online inhoud melden")))
    def create(self, request, *args, **kwargs):
        payload = ContentReportCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            report = services.create_report(request.auth, request.user, payload.to_service_data(request.user))
        except DjangoValidationError as error:
            raise ValidationError({FIELD_NAMES.get(k, k): v for k, v in error.message_dict.items()}) from None
        report = selectors.read_report(request.auth, report.pk, name="melding online inhoud opgevraagd (API)")
        return Response(self.get_serializer(report).data, status=status.HTTP_201_CREATED)
