from veiliglokaal.api.routers import Router

from . import views

router = Router()
router.register("incidents", views.IncidentViewSet, basename="incident")
router.register("incident-trends", views.IncidentTrendViewSet, basename="incident-trend")

urlpatterns = router.urls
