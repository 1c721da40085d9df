"""Content-Security-Policy on every response.

The policy allows only the app's own scripts, styles, fonts and connections: an HTML injection that slips past
escaping can neither run a script (inline or from another host) nor load a style, post a form elsewhere or frame
the app. Templates therefore carry no inline `<script>` (JSON data goes through `json_script`, which is not
executed), no `style=` attributes and no `on*=` handlers; sizes and colours from data are data attributes applied
through the CSSOM by `static/js/vl.js`. Leaflet positions its layers through the CSSOM as well, which CSP allows.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers

PDOK_TILE_ORIGIN = "https://service.pdok.nl"


def policy() -> str:
    img = ["'self'", "data:", "blob:"]
    if getattr(settings, "MAP_PDOK_TILES", False):
        img.append(PDOK_TILE_ORIGIN)
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": img,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class ContentSecurityPolicyMiddleware:
    """Set the policy on every response (pages, API, errors, static files served by the app)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", policy())
        return response


class NoStoreWhenAuthenticatedMiddleware:
    """Every response to a logged-in user or an API key holder may carry personal data: no browser or proxy may
    keep it (`Cache-Control: no-store`, private). Anonymous pages and static files keep their caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.META.get("HTTP_AUTHORIZATION"):
            add_never_cache_headers(response)
        return response
