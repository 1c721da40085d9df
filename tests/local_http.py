"""A tiny real HTTP(S) server for tests: 127.0.0.1, an ephemeral port, a bounded request loop, stopped at the end.

Routes map a path to `(status, headers, body)` or to a callable `(handler) -> (status, headers, body)`; a route may
also be `Slow(seconds, response)`, which waits (interruptibly) before answering. Every request is recorded
(`server.requests`: method, path, headers, body) so a test can assert what the client really sent.
"""

from __future__ import annotations

import datetime
import http.server
import ipaddress
import ssl
import threading
from dataclasses import dataclass
from pathlib import Path

MAX_REQUESTS = 200  # the loop ends by itself after this many requests, or when the test ends


@dataclass
class Slow:
    seconds: float
    response: tuple


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self):
        server = self.server
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        server.owner.requests.append({"method": self.command, "path": self.path, "headers": dict(self.headers),
                                      "body": body})
        route = server.owner.routes.get(self.path.split("?", 1)[0])
        if route is None:
            status, headers, payload = 404, {"Content-Type": "text/plain"}, b"not found"
        else:
            if isinstance(route, Slow):
                if server.owner.stopping.wait(route.seconds):
                    return
                route = route.response
            status, headers, payload = route(self) if callable(route) else route
        self.send_response(status)
        headers = dict(headers)
        headers.setdefault("Content-Length", str(len(payload)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(payload)
        except OSError:  # the client gave up (size cap, timeout): that is what some tests check
            pass

    do_GET = do_POST = _answer

    def log_message(self, *args):  # keep test output clean
        pass


class LocalServer:
    def __init__(self, routes: dict | None = None, *, tls_cert: tuple[Path, Path] | None = None):
        self.routes = dict(routes or {})
        self.requests: list[dict] = []
        self.stopping = threading.Event()
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._httpd.timeout = 0.1
        self._httpd.owner = self
        self.scheme = "http"
        if tls_cert:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls_cert)
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
            self.scheme = "https"
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self):
        served = 0
        while not self.stopping.is_set() and served < MAX_REQUESTS:
            before = len(self.requests)
            try:
                self._httpd.handle_request()
            except (OSError, ssl.SSLError):
                pass
            served += 1 if len(self.requests) > before else 0

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self._thread.join(timeout=5)
        self._httpd.server_close()
        return False


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A throw-away certificate for `localhost` and 127.0.0.1 (its own CA), written as PEM files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([
            x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path
