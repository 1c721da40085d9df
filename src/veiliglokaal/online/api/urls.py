from veiliglokaal.api.routers import Router

from . import views

router = Router()
router.register("content-reports", views.ContentReportViewSet, basename="content-report")

urlpatterns = router.urls
