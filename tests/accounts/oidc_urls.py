"""The project's URLs plus the OIDC routes (which the project adds only when OIDC_ENABLED is set at start-up)."""

from django.urls import include, path

from veiliglokaal.urls import handler403, handler404, handler500, urlpatterns as project_urlpatterns  # noqa: F401

urlpatterns = [*project_urlpatterns, path("oidc/", include("mozilla_django_oidc.urls"))]
