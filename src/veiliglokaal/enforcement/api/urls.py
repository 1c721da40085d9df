from veiliglokaal.api.routers import Router

from . import views

router = Router()
router.register("enforcement-cases", views.EnforcementCaseViewSet, basename="enforcement-case")

urlpatterns = router.urls
