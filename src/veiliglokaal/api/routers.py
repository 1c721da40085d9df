"""The router every module's `api/urls.py` uses: no trailing slash, no root view, no format suffixes."""

from rest_framework.routers import DefaultRouter


class Router(DefaultRouter):
    include_root_view = False
    include_format_suffixes = False

    def __init__(self):
        super().__init__(trailing_slash=False)
