"""Trace context of the current request or job (W3C trace ids), kept in context variables."""

import contextvars
import re
import secrets

_trace_id = contextvars.ContextVar("trace_id", default=None)
_span_id = contextvars.ContextVar("span_id", default=None)
_origin = contextvars.ContextVar("origin", default="")

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")


def new_trace_id() -> str:
    return secrets.token_hex(16)


def new_span_id() -> str:
    return secrets.token_hex(8)


def start(traceparent: str | None = None, origin: str = "") -> tuple[str, str | None]:
    """Begin a trace for a request. Returns (trace_id, parent_span_id)."""
    parent = None
    match = _TRACEPARENT.match(traceparent or "")
    trace_id = match.group(1) if match else new_trace_id()
    if match:
        parent = match.group(2)
    _trace_id.set(trace_id)
    _span_id.set(new_span_id())
    _origin.set(origin)
    return trace_id, parent


def trace_id() -> str:
    value = _trace_id.get()
    if value is None:  # outside a request (management command, job): one trace per process step
        value = new_trace_id()
        _trace_id.set(value)
    return value


def span_id() -> str:
    value = _span_id.get()
    if value is None:
        value = new_span_id()
        _span_id.set(value)
    return value


def origin() -> str:
    return _origin.get()
