"""URL import (SSRF): the forms the import helper's tests do not cover yet.

Alternative IPv4 spellings, more IPv6 forms (mapped, 6to4, NAT64, zone ids), DNS names that
resolve to private or IPv6 loopback answers, and redirects to each of them. No test here
opens a connection to anything but the local test server.
"""

import socket

import pytest

from claims.importing.errors import ImportInputError
from claims.importing.fetch import FetchRefused, fetch_url
from tests.importing.conftest import local_server  # noqa: F401 (fixture)


def _no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the fetcher tried to connect")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr("urllib3.util.connection.create_connection", refuse)


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/",            # 127.0.0.1 as one decimal number
        "http://0x7f000001/",            # ... as hex
        "http://0177.0.0.1/",            # ... with an octal first part
        "http://127.1/",                 # ... shortened
        "http://0/",                     # 0.0.0.0
        "http://[::]/",
        "http://[::ffff:7f00:1]/",       # IPv4-mapped loopback, hex form
        "http://[0:0:0:0:0:ffff:127.0.0.1]/",
        "http://[::ffff:169.254.169.254]/",  # mapped cloud metadata address
        "http://[2002:7f00:1::]/",       # 6to4 wrapping 127.0.0.1
        "http://[2001:0::1]/",           # Teredo
        "http://[fe80::1%25eth0]/",      # link-local with a zone id
        "http://[ff02::1]/",             # multicast
        "http://[::127.0.0.1]/",         # IPv4-compatible (deprecated) form
    ],
)
def test_other_spellings_of_special_addresses_are_refused(url, monkeypatch):
    _no_network(monkeypatch)
    # A zone id is no host name at all: it fails the lookup (ImportInputError), still unfetched.
    with pytest.raises(ImportInputError if "%25" in url else FetchRefused):
        fetch_url(url)


@pytest.mark.parametrize(
    "answers",
    [
        [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::1", 80, 0, 0))],
        [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("fd00::5", 80, 0, 0))],
        [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("169.254.169.254", 80))],
        [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::ffff:10.0.0.1", 80, 0, 0))],
        [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 80)),
         (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("fe80::1%eth0", 80, 0, 2))],
    ],
    ids=["ipv6-loopback", "ipv6-unique-local", "metadata", "mapped-private", "one-link-local-among-public"],
)
def test_dns_names_that_resolve_to_private_answers_are_refused(answers, monkeypatch):
    _no_network(monkeypatch)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: answers)
    with pytest.raises(FetchRefused, match="Refused to fetch sneaky.example"):
        fetch_url("http://sneaky.example/story")


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST", "localhost.", "ip6-localhost"])
def test_local_host_names_are_refused(host, monkeypatch):
    _no_network(monkeypatch)
    real = socket.getaddrinfo

    def resolve(name, *args, **kwargs):
        if name.lower().rstrip(".") in ("localhost", "ip6-localhost"):
            return real("localhost", *args, **kwargs)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(FetchRefused):
        fetch_url(f"http://{host}/")


@pytest.fixture
def only_the_test_server(settings, local_server):  # noqa: F811
    """The local server's exact address is reachable; every other private address is not."""
    settings.IMPORT_ALLOW_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    return local_server


@pytest.mark.parametrize(
    "target",
    [
        "http://[::1]/admin",
        "http://2130706434/",             # 127.0.0.2
        "http://127.0.0.2/",
        "http://[::ffff:127.0.0.2]/",
        "http://internal.example/",       # resolves privately (patched below)
        "http://10.0.0.1:8080/",
        "file:///etc/passwd",
        "gopher://127.0.0.2/",
    ],
)
def test_redirects_to_special_addresses_are_refused(only_the_test_server, target, monkeypatch):
    real = socket.getaddrinfo

    def resolve(name, *args, **kwargs):
        if name == "internal.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.9.8.7", 80))]
        return real(name, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    only_the_test_server.routes["/hop"] = (302, {"Location": target}, b"")
    only_the_test_server.routes["/start"] = (301, {"Location": "/hop"}, b"")
    with pytest.raises(FetchRefused):
        fetch_url(only_the_test_server.url("/start"))


def test_the_test_server_itself_is_reachable_under_that_setting(only_the_test_server):
    only_the_test_server.routes["/story"] = (200, {"Content-Type": "text/plain"}, b"A plain story.")
    assert fetch_url(only_the_test_server.url("/story")).content == b"A plain story."
