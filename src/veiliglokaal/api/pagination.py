from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 50
    page_query_param = "page"
    page_size_query_param = "pageSize"  # camelCase query keys (NL API Design Rules)
    max_page_size = 500
