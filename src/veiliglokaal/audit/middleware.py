from veiliglokaal.core.proxies import client_ip, from_trusted_proxy

from . import context


class TraceMiddleware:
    """Give every request a trace id for both logs. A caller's W3C `traceparent` is continued only when the request
    came through a trusted proxy (TRUSTED_PROXIES); anyone else could otherwise choose the trace id of their
    records and mix them into someone else's trace. The origin is the real client address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        traceparent = request.headers.get("traceparent") if from_trusted_proxy(request) else None
        trace_id, _ = context.start(traceparent, origin=client_ip(request))
        request.trace_id = trace_id
        response = self.get_response(request)
        response["traceparent"] = f"00-{trace_id}-{context.span_id()}-01"
        return response
