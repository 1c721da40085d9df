from django.conf import settings
from django.utils.translation import gettext as _

from .problems import problem_json


class ApiVersionHeaderMiddleware:
    """NL API Design Rules: every API response carries the full version in `API-Version`. Under `/api/` an error
    is always problem+json: a body above `DATA_UPLOAD_MAX_MEMORY_SIZE` is refused up front with 413, and an HTML
    error page produced outside DRF (URL not found, Django's own 400/500) is replaced by its problem+json form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            response = problem_json(413, _("Het verzoek is groter dan deze API aanneemt."), request.path)
        else:
            response = self.get_response(request)
            content_type = response.get("Content-Type", "")
            if response.status_code >= 400 and content_type.startswith("text/html"):
                response = problem_json(response.status_code, "", request.path)
        response["API-Version"] = settings.API_VERSION
        return response
