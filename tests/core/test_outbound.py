"""core.outbound: fetches only reach public hosts, over real HTTP(S) against a local server.

Loopback is refused by default; the tests that talk to their local server switch it on with
`OUTBOUND_ALLOW_LOOPBACK_FOR_TESTS`, and the refusal tests prove that without it the same server is unreachable.
"""

import ipaddress
import logging
import socket

import pytest

from tests.core.test_configuration import _import_production
from tests.local_http import LocalServer, Slow, self_signed_certificate
from veiliglokaal.core import outbound

GENERIC = "De bron kon niet worden opgehaald."
OK = (200, {"Content-Type": "text/plain"}, b"hallo")


@pytest.fixture
def loopback(settings):
    settings.OUTBOUND_ALLOW_LOOPBACK_FOR_TESTS = True
    settings.OUTBOUND_MAX_REDIRECTS = 3
    return settings


def _fetch(url, **kwargs):
    kwargs.setdefault("max_bytes", 1000)
    kwargs.setdefault("timeout", 5)
    return outbound.fetch(url, **kwargs)


@pytest.mark.parametrize("host", [
    "127.0.0.1", "2130706433", "0177.0.0.1", "0x7f.0.0.1", "127.1", "[::1]", "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]", "10.0.0.8", "172.16.3.4", "192.168.1.1", "169.254.169.254", "[fe80::1]", "[fd00:ec2::254]",
    "100.100.100.200", "100.64.0.1", "0.0.0.0", "[::]", "224.0.0.251", "[ff02::1]", "240.0.0.1",
    "255.255.255.255", "[2002:a9fe:a9fe::]", "[64:ff9b::a00:1]", "[fc00::1]",
])
def test_literal_non_public_hosts_are_refused_without_network(host, settings):
    settings.OUTBOUND_ALLOW_LOOPBACK_FOR_TESTS = False
    with pytest.raises(outbound.UnsafeURL):
        outbound.check_url(f"http://{host}/feed")
    with pytest.raises(outbound.OutboundError) as refused:
        _fetch(f"http://{host}/feed")
    assert str(refused.value) == GENERIC


@pytest.mark.parametrize("url", ["https://example.org/feed.xml", "http://8.8.8.8/x", "https://[2001:4860::8888]/"])
def test_public_literals_and_names_pass_the_form_check(url):
    outbound.check_url(url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://example.org/",
                                 "https://user:secret@example.org/", "https:///nohost", "http://example.org:99999/"])
def test_other_schemes_user_info_and_bad_urls_are_refused(url):
    with pytest.raises(outbound.UnsafeURL):
        outbound.check_url(url)


def test_loopback_is_refused_unless_the_test_setting_allows_it(settings):
    with LocalServer({"/": OK}) as server:
        settings.OUTBOUND_ALLOW_LOOPBACK_FOR_TESTS = False
        with pytest.raises(outbound.OutboundError, match=GENERIC):
            _fetch(server.url("/"))
        with pytest.raises(outbound.OutboundError):
            _fetch(server.url("/", host="localhost"))  # a name that resolves to loopback
        assert server.requests == []
        settings.OUTBOUND_ALLOW_LOOPBACK_FOR_TESTS = True
        assert _fetch(server.url("/")).body == b"hallo"
        assert len(server.requests) == 1


def _fake_resolver(monkeypatch, answers: dict[str, list[str]]):
    """Resolve the given names to queued answers (one per call); numeric hosts go to the real resolver."""
    real = socket.getaddrinfo
    calls = []

    def resolve(host, port, *args, **kwargs):
        if host in answers:
            calls.append(host)
            address = answers[host].pop(0) if len(answers[host]) > 1 else answers[host][0]
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (address, port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    return calls


def test_the_connection_goes_to_the_checked_address_with_the_right_host_header(loopback, monkeypatch):
    """DNS rebinding: the name resolves to a permitted address first and to a private one afterwards. The fetch
    resolves once and connects to the address it checked, while the Host header names the host."""
    calls = _fake_resolver(monkeypatch, {"feed.test": ["127.0.0.1", "10.0.0.1", "10.0.0.1"]})
    with LocalServer({"/feed": OK}) as server:
        assert _fetch(f"http://feed.test:{server.port}/feed").body == b"hallo"
    assert calls == ["feed.test"]
    assert server.requests[0]["headers"]["Host"] == f"feed.test:{server.port}"


def test_a_name_with_any_private_address_is_refused(monkeypatch, caplog):
    _fake_resolver(monkeypatch, {"intern.test": ["10.1.2.3"]})
    with caplog.at_level(logging.WARNING, logger="veiliglokaal.outbound"):
        with pytest.raises(outbound.OutboundError) as refused:
            _fetch("https://intern.test/geheim?token=abc")
    assert str(refused.value) == GENERIC
    assert "private" in refused.value.reason
    assert "host=intern.test" in caplog.text and "private" in caplog.text
    assert "geheim" not in caplog.text and "token" not in caplog.text  # no path or query in the log


def test_redirects_are_checked_again_and_limited(loopback):
    with LocalServer() as server:
        server.routes.update({
            "/feed": OK,
            "/same": (302, {"Location": "/feed"}, b""),
            "/to-metadata": (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b""),
            "/to-private-name": (301, {"Location": "http://[::ffff:10.0.0.1]/"}, b""),
            "/loop": (302, {"Location": "/loop"}, b""),
            "/no-location": (302, {}, b""),
        })
        assert _fetch(server.url("/same")).body == b"hallo"
        for path in ("/to-metadata", "/to-private-name", "/loop", "/no-location"):
            with pytest.raises(outbound.OutboundError, match=GENERIC):
                _fetch(server.url(path))
        loop_requests = [r for r in server.requests if r["path"] == "/loop"]
        assert len(loop_requests) == 4  # the first request and three redirects, then refused


def test_https_is_never_downgraded_to_http(loopback, tmp_path):
    cert, key = self_signed_certificate(tmp_path)
    loopback.OUTBOUND_CA_FILE = str(cert)
    with LocalServer({"/plain": OK}) as plain, LocalServer(tls_cert=(cert, key)) as tls:
        tls.routes.update({"/feed": OK, "/down": (302, {"Location": plain.url("/plain")}, b""),
                           "/up": (302, {"Location": tls.url("/feed", host="localhost")}, b"")})
        # SNI and certificate check use the name, the connection the checked address
        assert _fetch(tls.url("/feed", host="localhost")).body == b"hallo"
        assert _fetch(tls.url("/up")).body == b"hallo"
        with pytest.raises(outbound.OutboundError) as refused:
            _fetch(tls.url("/down", host="localhost"))
        assert "https to another scheme" in refused.value.reason
        assert plain.requests == []
        loopback.OUTBOUND_CA_FILE = ""  # the system CAs do not know this certificate
        with pytest.raises(outbound.OutboundError, match=GENERIC):
            _fetch(tls.url("/feed", host="localhost"))


def test_size_time_status_and_content_type_are_capped(loopback):
    big = b"x" * 5000
    with LocalServer({
        "/big": (200, {"Content-Type": "text/plain"}, big),
        "/big-unannounced": lambda handler: (200, {"Content-Type": "text/plain", "Content-Length": "10"}, big),
        "/slow": Slow(3, OK),
        "/missing": (404, {"Content-Type": "text/plain"}, b"weg"),
        "/html": (200, {"Content-Type": "text/html; charset=utf-8"}, b"<html></html>"),
        "/json": (200, {"Content-Type": "application/json; charset=utf-8"}, b"[]"),
    }) as server:
        assert len(_fetch(server.url("/big"), max_bytes=5000).body) == 5000
        for path, kwargs in [("/big", {"max_bytes": 4999}), ("/slow", {"timeout": 0.5}), ("/missing", {}),
                             ("/html", {"content_types": ["application/json"]})]:
            with pytest.raises(outbound.OutboundError, match=GENERIC):
                _fetch(server.url(path), **kwargs)
        assert _fetch(server.url("/big-unannounced")).body == b"x" * 10  # never more than announced
        assert _fetch(server.url("/json"), content_types=["application/json"]).content_type == "application/json"


def test_address_policy_uses_is_global_for_everything_else():
    assert outbound.address_refusal(ipaddress.ip_address("93.184.216.34")) == ""
    assert outbound.address_refusal(ipaddress.ip_address("2001:db8::1"))  # documentation range
    assert outbound.address_refusal(ipaddress.ip_address("192.0.2.1"))


def test_production_refuses_the_loopback_test_switch():
    result = _import_production({"SECRET_KEY": "x" * 50, "OUTBOUND_ALLOW_LOOPBACK_FOR_TESTS": "true"})
    assert result.returncode != 0
    assert "OUTBOUND_ALLOW_LOOPBACK_FOR_TESTS is for tests only" in result.stderr
