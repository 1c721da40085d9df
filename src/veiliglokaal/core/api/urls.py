from veiliglokaal.api.routers import Router

from . import views

router = Router()
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")

urlpatterns = router.urls
