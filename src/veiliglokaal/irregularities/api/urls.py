from django.urls import path

from veiliglokaal.api.routers import Router

from . import views

router = Router()
router.register("irregularity-areas", views.IrregularityAreaViewSet, basename="irregularity-area")

urlpatterns = [
    path("algorithm-register", views.AlgorithmRegisterView.as_view(), name="algorithm-register"),
    *router.urls,
]
