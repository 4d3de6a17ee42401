"""The URL fetcher refuses everything but public web servers, and fetches what it may."""

import socket

import pytest

from claims.importing.errors import ImportInputError
from claims.importing.fetch import FetchRefused, address_refusal, fetch_url
from tests.importing.conftest import ARTICLE_HTML


def _no_network(monkeypatch):
    """Fail loudly if a refusal test would open a connection."""

    def refuse(*args, **kwargs):
        raise AssertionError("the fetcher tried to connect")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr("urllib3.util.connection.create_connection", refuse)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.8.9.10:8080/page",
        "http://10.1.2.3/",
        "http://172.16.0.1/",
        "http://172.31.255.254/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[fc00::1]/",
        "http://[fd12:3456::1]/",
        "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
    ],
)
def test_fetching_a_special_address_is_refused(url, monkeypatch):
    _no_network(monkeypatch)
    with pytest.raises(FetchRefused, match="Refused to fetch"):
        fetch_url(url)


@pytest.mark.parametrize("url", ["ftp://example.com/file.txt", "file:///etc/passwd", "gopher://example.com/", "javascript:alert(1)", "example.com/page"])
def test_fetching_a_non_http_scheme_is_refused(url, monkeypatch):
    _no_network(monkeypatch)
    with pytest.raises(FetchRefused, match="Only http:// and https://"):
        fetch_url(url)


def test_a_hostname_resolving_to_loopback_is_refused(monkeypatch):
    _no_network(monkeypatch)
    calls = []

    def fake_getaddrinfo(host, port, *args, **kwargs):
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(FetchRefused, match="loopback"):
        fetch_url("https://innocent-news.example/story")
    assert calls == ["innocent-news.example"]


def test_a_hostname_with_one_private_answer_among_public_ones_is_refused(monkeypatch):
    _no_network(monkeypatch)

    def fake_getaddrinfo(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(FetchRefused, match="private"):
        fetch_url("http://mixed.example/")


def test_an_unknown_host_gives_a_clear_message(monkeypatch):
    def fake_getaddrinfo(host, port, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(ImportInputError, match="DNS lookup failed"):
        fetch_url("http://no-such-host.invalid/")


def test_public_addresses_are_not_refused():
    import ipaddress

    assert address_refusal(ipaddress.ip_address("93.184.216.34")) is None
    assert address_refusal(ipaddress.ip_address("2606:2800:220:1:248:1893:25c8:1946")) is None


def test_a_local_page_is_fetched_when_the_test_setting_allows_loopback(local_server, allow_loopback):
    local_server.routes["/story"] = (200, {"Content-Type": "text/html; charset=utf-8"}, ARTICLE_HTML.encode())
    page = fetch_url(local_server.url("/story"))
    assert page.content == ARTICLE_HTML.encode()
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"


def test_the_connection_goes_to_the_address_that_was_checked(local_server, allow_loopback, monkeypatch):
    """DNS rebinding: a second lookup would answer 10.0.0.1; only one lookup is made."""
    local_server.routes["/story"] = (200, {"Content-Type": "text/plain"}, b"Plain text body, long enough to read.")
    answers = iter(["127.0.0.1", "10.0.0.1"])
    calls = []
    real_getaddrinfo = socket.getaddrinfo

    def rebinding_getaddrinfo(host, port, *args, **kwargs):
        if host != "rebind.example":
            return real_getaddrinfo(host, port, *args, **kwargs)
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_getaddrinfo)
    page = fetch_url(f"http://rebind.example:{local_server.port}/story")
    assert page.content.startswith(b"Plain text body")
    assert calls == ["rebind.example"]


def test_a_redirect_to_a_private_address_is_refused(local_server, allow_loopback):
    local_server.routes["/go"] = (302, {"Location": "http://192.168.0.10/admin"}, b"")
    with pytest.raises(FetchRefused, match="private"):
        fetch_url(local_server.url("/go"))


def test_a_redirect_to_loopback_is_refused_when_private_addresses_are_not_allowed(monkeypatch):
    """Without the test setting even the first hop to the local server is refused."""
    _no_network(monkeypatch)
    with pytest.raises(FetchRefused):
        fetch_url("http://localhost:1/")


def test_redirects_are_followed_and_rechecked(local_server, allow_loopback):
    local_server.routes["/old"] = (301, {"Location": "/new"}, b"")
    local_server.routes["/new"] = (200, {"Content-Type": "text/plain; charset=iso-8859-1"}, "Caf\u00e9 owners said so.".encode("latin-1"))
    page = fetch_url(local_server.url("/old"))
    assert page.url == local_server.url("/new")
    assert page.charset == "iso-8859-1"


def test_too_many_redirects_are_refused(local_server, allow_loopback):
    for number in range(10):
        local_server.routes[f"/hop{number}"] = (302, {"Location": f"/hop{number + 1}"}, b"")
    local_server.routes["/hop10"] = (200, {"Content-Type": "text/plain"}, b"finally")
    with pytest.raises(FetchRefused, match="Too many redirects"):
        fetch_url(local_server.url("/hop0"))


def test_five_redirects_are_allowed(local_server, allow_loopback):
    for number in range(5):
        local_server.routes[f"/hop{number}"] = (302, {"Location": f"/hop{number + 1}"}, b"")
    local_server.routes["/hop5"] = (200, {"Content-Type": "text/plain"}, b"arrived")
    assert fetch_url(local_server.url("/hop0")).content == b"arrived"


def test_a_page_larger_than_the_limit_is_refused(local_server, allow_loopback):
    allow_loopback.IMPORT_MAX_BYTES = 1000
    local_server.routes["/big"] = (200, {"Content-Type": "text/plain"}, b"x" * 5000)
    with pytest.raises(ImportInputError, match="larger than"):
        fetch_url(local_server.url("/big"))


def test_a_page_that_hides_its_size_is_cut_off_at_the_limit(local_server, allow_loopback):
    allow_loopback.IMPORT_MAX_BYTES = 1000
    # No Content-Length: the body runs until the server closes the connection.
    local_server.routes["/stream"] = (200, {"Content-Type": "text/plain", "Content-Length": None, "Connection": "close"}, b"y" * 200_000)
    with pytest.raises(ImportInputError, match="larger than"):
        fetch_url(local_server.url("/stream"))


@pytest.mark.parametrize("content_type", ["image/png", "application/pdf", "application/octet-stream", "application/json"])
def test_a_non_text_content_type_is_refused(local_server, allow_loopback, content_type):
    local_server.routes["/file"] = (200, {"Content-Type": content_type}, b"\x89PNG\r\n\x1a\n....")
    with pytest.raises(ImportInputError, match="not an article"):
        fetch_url(local_server.url("/file"))


def test_an_error_status_is_reported(local_server, allow_loopback):
    assert "/missing" not in local_server.routes
    with pytest.raises(ImportInputError, match="HTTP status 404"):
        fetch_url(local_server.url("/missing"))


def test_a_server_that_does_not_answer_in_time_is_given_up(local_server, allow_loopback):
    import time

    def slow(handler):
        time.sleep(1.5)
        return 200, {"Content-Type": "text/plain"}, b"too late"

    local_server.routes["/slow"] = slow
    with pytest.raises(ImportInputError, match="seconds"):
        fetch_url(local_server.url("/slow"), timeout=0.5)


def test_an_international_host_name_is_looked_up_in_its_idna_form(monkeypatch):
    _no_network(monkeypatch)
    looked_up = []

    def fake_getaddrinfo(host, port, *args, **kwargs):
        looked_up.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.9.8.7", port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(FetchRefused):
        fetch_url("https://bücher.example/artikel")
    assert looked_up == ["xn--bcher-kva.example"]
