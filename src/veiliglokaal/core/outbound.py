"""Outbound HTTP(S) fetches to public hosts only (SSRF protection); every module that fetches a URL uses this.

Rules, checked for the first URL and again for every redirect target:
- scheme http or https; no user info in the URL; a redirect never goes from https to http;
- the host is resolved once and *every* address it resolves to must be global: private, loopback, link-local,
  multicast, reserved, unspecified, shared (CGNAT) and cloud-metadata addresses are refused, for IPv4 and IPv6,
  including IPv4 embedded in IPv6 (mapped, 6to4, Teredo, NAT64) and numeric spellings such as `2130706433` or
  `0177.0.0.1` (the resolver turns those into addresses, and the addresses are checked);
- the connection goes to the address that was checked (no second DNS lookup, so no DNS-rebinding window), while
  the `Host` header and TLS SNI/certificate check use the host name;
- at most `OUTBOUND_MAX_REDIRECTS` redirects, a body of at most `max_bytes` (Content-Length and the bytes actually
  read), one deadline of `timeout` seconds for the whole exchange, and optionally an allow-list of content types.

A refusal raises `OutboundError`: its text is one generic Dutch sentence for users (it reveals nothing about
reachability); the technical reason goes to the log `veiliglokaal.outbound`, without the URL's path or query.

Loopback is allowed only with `OUTBOUND_ALLOW_LOOPBACK_FOR_TESTS` (tests with a local server); production
settings refuse to start with it.
"""

from __future__ import annotations

import http.client
import ipaddress
import logging
import socket
import ssl
import time
import urllib.parse
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger("veiliglokaal.outbound")

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# Named explicitly (most are also link-local, private or shared): instance metadata of AWS, GCP, Azure, OpenStack,
# Oracle (169.254.169.254), AWS IPv6 (fd00:ec2::254), Alibaba (100.100.100.200).
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200"))
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")


def generic_message() -> str:
    return _("De bron kon niet worden opgehaald.")


class OutboundError(Exception):
    """A fetch was refused or failed. `str()` is the generic Dutch text for users; `reason` is for the log."""

    def __init__(self, reason: str):
        super().__init__(generic_message())
        self.reason = reason


class UnsafeURL(ValueError):
    """A URL that may not be fetched, found without network access (form-time validation)."""


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    content_type: str
    body: bytes


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        return address.teredo[1]
    if address in NAT64_PREFIX:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def address_refusal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """Why an address may not be contacted ("" when it may)."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return "scoped IPv6 address"
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            reason = address_refusal(embedded)
            return f"embedded IPv4: {reason}" if reason else ""
    if address.is_loopback:
        return "" if getattr(settings, "OUTBOUND_ALLOW_LOOPBACK_FOR_TESTS", False) else "loopback address"
    if address in METADATA_ADDRESSES:
        return "cloud metadata address"
    for name in ("is_unspecified", "is_link_local", "is_multicast", "is_reserved", "is_private"):
        if getattr(address, name):
            return name.removeprefix("is_").replace("_", "-") + " address"
    if not address.is_global:
        return "non-global address"
    return ""


def _literal_address(host: str):
    """The address a host name spells literally, in any notation the resolver accepts; None for a real name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if host and all(ch in "0123456789abcdefx." for ch in host.lower()):
        try:  # inet_aton accepts 2130706433, 0x7f000001, 0177.0.0.1, 127.1 — exactly what getaddrinfo would
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def _split(url: str) -> urllib.parse.SplitResult:
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a bad port)
    except ValueError as error:
        raise UnsafeURL(f"unparsable URL: {error}") from error
    if parts.scheme not in ("http", "https"):
        raise UnsafeURL(f"scheme {parts.scheme or '(none)'!r} not allowed")
    if not parts.hostname:
        raise UnsafeURL("no host")
    if parts.username is not None or parts.password is not None:
        raise UnsafeURL("user info in URL")
    return parts


def check_url(url: str) -> None:
    """Validation without network access (forms, services): http(s), a host, and not a literal non-public IP."""
    parts = _split(url)
    literal = _literal_address(parts.hostname)
    if literal is not None:
        reason = address_refusal(literal)
        if reason:
            raise UnsafeURL(reason)


def _resolve(host: str, port: int) -> list[str]:
    """All addresses of the host; refused when any of them is not public (a name must not straddle both)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise OutboundError(f"host does not resolve ({error.__class__.__name__})") from error
    addresses = []
    for info in infos:
        text = info[4][0]
        address = ipaddress.ip_address(text.split("%", 1)[0])
        reason = address_refusal(address)
        if reason:
            raise OutboundError(f"resolves to a refused address: {reason}")
        if text not in addresses:
            addresses.append(text)
    if not addresses:
        raise OutboundError("host has no addresses")
    return addresses


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to a checked address; the Host header still names the host."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """Connects to a checked address; SNI and certificate verification use the host name."""

    def __init__(self, host, port, address, timeout, context):
        super().__init__(host, port, timeout=timeout, context=context)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _ssl_context() -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=getattr(settings, "OUTBOUND_CA_FILE", "") or None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise OutboundError("timeout")
    return left


def _exchange(parts, addresses, headers, deadline, max_bytes):
    """One GET to the first reachable checked address. Returns (status, headers, body or None for redirects)."""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    path = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    last_error = None
    for address in addresses:
        timeout = _remaining(deadline)
        if parts.scheme == "https":
            connection = _PinnedHTTPSConnection(parts.hostname, port, address, timeout, _ssl_context())
        else:
            connection = _PinnedHTTPConnection(parts.hostname, port, address, timeout)
        try:
            connection.connect()
        except ssl.SSLError as error:
            connection.close()
            raise OutboundError(f"TLS failure ({error.__class__.__name__})") from error
        except OSError as error:
            connection.close()
            last_error = error
            continue
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            if response.status in REDIRECT_STATUSES:
                return response.status, response.headers, None
            length = response.headers.get("Content-Length")
            if length and length.strip().isdigit() and int(length) > max_bytes:
                raise OutboundError(f"Content-Length {int(length)} above the limit of {max_bytes} bytes")
            body = bytearray()
            while True:
                connection.sock.settimeout(_remaining(deadline))
                chunk = response.read(min(65536, max_bytes + 1 - len(body)) or 1)
                if not chunk:
                    break
                body += chunk
                if len(body) > max_bytes:
                    raise OutboundError(f"body above the limit of {max_bytes} bytes")
            return response.status, response.headers, bytes(body)
        except (TimeoutError, socket.timeout) as error:
            raise OutboundError("timeout") from error
        except (OSError, http.client.HTTPException) as error:
            raise OutboundError(f"connection failed ({error.__class__.__name__})") from error
        finally:
            connection.close()
    raise OutboundError(f"connection failed ({last_error.__class__.__name__})")


def _fetch(url, *, max_bytes, timeout, max_redirects, content_types, accept, user_agent) -> Response:
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": user_agent, "Accept": accept, "Accept-Encoding": "identity"}
    redirects = 0
    while True:
        try:
            parts = _split(url)
            check_url(url)
        except UnsafeURL as error:
            raise OutboundError(str(error)) from error
        addresses = _resolve(parts.hostname, parts.port or 0)
        status, response_headers, body = _exchange(parts, addresses, headers, deadline, max_bytes)
        if body is None:
            location = response_headers.get("Location", "")
            if not location:
                raise OutboundError(f"redirect {status} without Location")
            redirects += 1
            if redirects > max_redirects:
                raise OutboundError(f"more than {max_redirects} redirects")
            target = urllib.parse.urljoin(url, location.strip())
            if parts.scheme == "https" and urllib.parse.urlsplit(target).scheme != "https":
                raise OutboundError("redirect from https to another scheme")
            url = target
            continue
        if status != 200:
            raise OutboundError(f"HTTP status {status}")
        content_type = (response_headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
        if content_types is not None and content_type not in content_types:
            raise OutboundError(f"content type {content_type or '(none)'!r} not accepted")
        return Response(url=url, status=status, content_type=content_type, body=body)


def fetch(url: str, *, max_bytes: int, timeout: float, content_types=None, accept: str = "*/*",
          max_redirects: int | None = None, user_agent: str = "VeiligLokaal/1.0") -> Response:
    """GET `url` under the rules above. Raises `OutboundError` (generic text; reason logged)."""
    if max_redirects is None:
        max_redirects = settings.OUTBOUND_MAX_REDIRECTS
    try:
        return _fetch(url, max_bytes=max_bytes, timeout=timeout, max_redirects=max_redirects,
                      content_types=None if content_types is None else {t.lower() for t in content_types},
                      accept=accept, user_agent=user_agent)
    except OutboundError as error:
        host = urllib.parse.urlsplit(url).hostname or ""  # the first host only: paths and queries stay out
        logger.warning("outbound fetch refused: host=%s reason=%s", host, error.reason)
        raise
