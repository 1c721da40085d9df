from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from veiliglokaal.api.docs import api_docs

handler403 = "veiliglokaal.core.errors.forbidden"
handler404 = "veiliglokaal.core.errors.not_found"
handler500 = "veiliglokaal.core.errors.server_error"

urlpatterns = [
    path("", include("veiliglokaal.core.urls")),
    path("", include("veiliglokaal.accounts.urls")),
    path("", include("veiliglokaal.audit.urls")),
    path("", include("veiliglokaal.indicators.urls")),
    path("", include("veiliglokaal.incidents.urls")),
    path("", include("veiliglokaal.irregularities.urls")),
    path("", include("veiliglokaal.enforcement.urls")),
    path("", include("veiliglokaal.online.urls")),
    path("", include("veiliglokaal.monitoring.urls")),
    path("api/v1/", include("veiliglokaal.api.urls")),
    path("api-documentatie", api_docs, name="api-docs"),
    path("platformbeheer/", admin.site.urls),
]

if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
