from veiliglokaal.api.routers import Router

from . import views

router = Router()
router.register("monitoring-alerts", views.MonitoringAlertViewSet, basename="monitoring-alert")

urlpatterns = router.urls
