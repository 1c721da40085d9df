from veiliglokaal.api.routers import Router

from . import views

router = Router()
router.register("indicators", views.IndicatorViewSet, basename="indicator")

urlpatterns = router.urls
