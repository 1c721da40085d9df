"""`/api/v1/`: the schema, plus the routes of every installed module that has an `api/urls.py`.

Each module owns its API (`<module>/api/{serializers,views,urls}.py`); this file only collects them. The routes
are included without a namespace of their own, so every name stays `api:<name>`.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView

app_name = "api"


def module_api_urls() -> list[str]:
    """Dotted paths of `<app>.api.urls` for every installed app that has one (this app excluded)."""
    names = [c.name for c in apps.get_app_configs() if c.name.startswith("veiliglokaal.") and c.name != __package__]
    return [f"{name}.api.urls" for name in names if find_spec(f"{name}.api") and find_spec(f"{name}.api.urls")]


urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    *(path("", include(import_module(dotted).urlpatterns)) for dotted in module_api_urls()),
]
