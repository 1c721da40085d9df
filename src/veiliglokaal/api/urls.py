from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import DefaultRouter

from . import algorithm_register, content_reports, incidents, indicators, irregularities, monitoring, national, views


class Router(DefaultRouter):
    include_root_view = False
    include_format_suffixes = False


router = Router(trailing_slash=False)
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("processing-activities", views.ProcessingActivityViewSet, basename="processing-activity")
router.register("processing-log", views.ProcessingLogViewSet, basename="processing-log")
router.register("security-log", views.SecurityLogViewSet, basename="security-log")
router.register("indicators", indicators.IndicatorViewSet, basename="indicator")
router.register("incidents", incidents.IncidentViewSet, basename="incident")
router.register("incident-trends", national.IncidentTrendViewSet, basename="incident-trend")
router.register("content-reports", content_reports.ContentReportViewSet, basename="content-report")
router.register("monitoring-alerts", monitoring.MonitoringAlertViewSet, basename="monitoring-alert")
router.register("irregularity-areas", irregularities.IrregularityAreaViewSet, basename="irregularity-area")

app_name = "api"

urlpatterns = [
    path("me", views.MeView.as_view(), name="me"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("algorithm-register", algorithm_register.AlgorithmRegisterView.as_view(), name="algorithm-register"),
    path("", include(router.urls)),
]
