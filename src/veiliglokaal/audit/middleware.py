from . import context


class TraceMiddleware:
    """Give every request a trace id (or continue the caller's W3C traceparent) for both logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        trace_id, _ = context.start(request.headers.get("traceparent"), origin=request.META.get("REMOTE_ADDR", ""))
        request.trace_id = trace_id
        response = self.get_response(request)
        response["traceparent"] = f"00-{trace_id}-{context.span_id()}-01"
        return response
