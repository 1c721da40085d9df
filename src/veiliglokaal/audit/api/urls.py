from veiliglokaal.api.routers import Router

from . import views

router = Router()
router.register("processing-activities", views.ProcessingActivityViewSet, basename="processing-activity")
router.register("processing-log", views.ProcessingLogViewSet, basename="processing-log")
router.register("security-log", views.SecurityLogViewSet, basename="security-log")

urlpatterns = router.urls
