"""The real client address behind a reverse proxy, and whether a request came through a trusted one.

`X-Forwarded-For` (and a caller's `traceparent`) are believed only when the direct peer (`REMOTE_ADDR`) is one of
`TRUSTED_PROXIES`; the client is then the right-most forwarded address that is not itself a trusted proxy (the
left part of the header is whatever the client chose to send). Anyone else is taken at their socket address.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=16)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _parse(address: str):
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def is_trusted_proxy(address: str) -> bool:
    ip = _parse(address or "")
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    return ip is not None and any(ip in network for network in networks)


def from_trusted_proxy(request) -> bool:
    return is_trusted_proxy(request.META.get("REMOTE_ADDR", ""))


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(remote):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for address in reversed(forwarded):
        if _parse(address) is None:
            break  # garbage in the chain: stop trusting it here
        if not is_trusted_proxy(address):
            return address
    return remote


def axes_client_ip(request, *args) -> str:
    """AXES_CLIENT_IP_CALLABLE: django-axes keys its per-address records on the real client."""
    return client_ip(request)
