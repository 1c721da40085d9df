from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 50
    page_query_param = "page"
    page_size_query_param = "pageSize"  # camelCase query keys (NL API Design Rules)
    max_page_size = 500

    def get_page_size(self, request):
        """A given `pageSize` must be a whole number of at least 1 (above the maximum it is capped); anything else
        (null, 0, negative, text, empty) is a 400 instead of a silent fallback to the default."""
        if self.page_size_query_param not in request.query_params:
            return self.page_size
        raw = request.query_params[self.page_size_query_param]
        if not raw.isdigit() or int(raw) < 1:
            raise exceptions.ValidationError({self.page_size_query_param: [
                _("Geef een geheel getal van 1 tot en met %(max)s.") % {"max": self.max_page_size}]})
        return min(int(raw), self.max_page_size)
