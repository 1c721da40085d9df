from django.urls import path

from veiliglokaal.api.routers import Router

from . import views

router = Router()
router.register("memberships", views.MembershipViewSet, basename="membership")

urlpatterns = [path("me", views.MeView.as_view(), name="me"), *router.urls]
