"""Meldpunt online inhoud API: report harmful online content and read one's reports, with the same validation,
visibility and logging as the pages. Evidence files are added through the pages (uploads with a stated capture
time); the API lists their hashes. Notices and GIR registration are handler actions on the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.online import selectors, services
from veiliglokaal.online.defaults import ContentKind

FIELD_NAMES = {"target_user": "targetName", "target_name": "targetName", "target_function": "targetFunction"}


class EvidenceSerializer(serializers.Serializer):
    fileName = serializers.CharField(source="original_name")
    contentType = serializers.CharField(source="content_type")
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    capturedAt = serializers.DateTimeField(source="captured_at", help_text="Tijdstip van vastleggen volgens de melder.")
    uploadedAt = serializers.DateTimeField(source="uploaded_at")


class ContentReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField(help_text="Kenmerk, bijvoorbeeld OM-000042.")
    kind = serializers.ChoiceField(choices=ContentKind.choices)
    platform = serializers.CharField(source="platform.code", help_text="Code uit de platformlijst van de gemeente.")
    urls = serializers.SerializerMethodField()
    targetFunction = serializers.CharField(source="target_function")
    target = serializers.CharField(source="target_display", help_text="Naam en functie van de betrokkene.")
    onBehalf = serializers.BooleanField(source="on_behalf", help_text="Gemeld door iemand anders dan de betrokkene.")
    description = serializers.CharField()
    state = serializers.CharField()
    stateLabel = serializers.CharField(source="state_label")
    deadlineAt = serializers.DateTimeField(source="deadline_at", allow_null=True)
    createdAt = serializers.DateTimeField(source="created_at")
    evidence = EvidenceSerializer(many=True)

    def get_urls(self, report) -> list[str]:
        return [u.url for u in report.urls.all()]


class ContentReportCreateSerializer(serializers.Serializer):
    urls = serializers.ListField(child=serializers.CharField(max_length=2000), min_length=1,
                                 max_length=services.MAX_URLS, help_text="Exacte URL's (http of https).")
    platform = serializers.CharField(max_length=50)
    kind = serializers.ChoiceField(choices=ContentKind.choices)
    targetFunction = serializers.CharField(max_length=100)
    targetName = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default="",
        help_text="Alleen bij melden namens iemand anders; leeg: de melder is zelf de betrokkene.")
    description = serializers.CharField(max_length=20000)

    def to_service_data(self, user) -> dict:
        d = self.validated_data
        on_behalf = bool(d["targetName"].strip())
        return {"urls": "\n".join(d["urls"]), "platform": d["platform"], "kind": d["kind"],
                "target_user": None if on_behalf else user, "target_name": d["targetName"],
                "target_function": d["targetFunction"], "description": d["description"], "captured_at": None}


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
