"""Findings 1 and 14: the fetcher's wall-clock deadline, header cap, deny list and ports.

Slow servers here are local (127.0.0.1) threads that drip bytes; nothing else is contacted.
"""

import ipaddress
import socket
import threading
import time

import pytest

from claims.importing.errors import ImportInputError
from claims.importing.fetch import SPECIAL_PURPOSE_NETWORKS, FetchRefused, address_refusal, check_url, fetch_url


class DripServer:
    """Accepts connections and sends `head` then `body` one byte every `pause` seconds."""

    def __init__(self, head: bytes, body: bytes = b"", *, pause: float = 0.2, drip_head: bool = True):
        self.head, self.body, self.pause, self.drip_head = head, body, pause, drip_head
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        self.stopped = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while not self.stopped.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._drip, args=(connection,), daemon=True).start()

    def _drip(self, connection):
        with connection:
            try:
                connection.recv(65536)
                if not self.drip_head:
                    connection.sendall(self.head)
                for byte in (self.head if self.drip_head else b"") + self.body:
                    if self.stopped.is_set():
                        return
                    connection.sendall(bytes([byte]))
                    time.sleep(self.pause)
            except OSError:
                return

    def url(self, path="/"):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        self.stopped.set()
        self.listener.close()


@pytest.fixture
def loopback(settings):
    settings.IMPORT_ALLOW_PRIVATE_NETWORKS = ["127.0.0.1/32"]


def _timed_fetch(url, timeout):
    started = time.monotonic()
    with pytest.raises(ImportInputError, match="longer than") as raised:
        fetch_url(url, timeout=timeout)
    return time.monotonic() - started, raised


def test_a_server_dripping_its_headers_is_cut_off_at_the_deadline(loopback):
    # 60 header bytes at 0.2 s each would take 12 s; the fetch ends at its 1 s deadline.
    server = DripServer(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Slow: " + b"a" * 20 + b"\r\n\r\n")
    try:
        elapsed, _ = _timed_fetch(server.url(), timeout=1.0)
    finally:
        server.stop()
    assert elapsed < 4


def test_a_server_dripping_its_body_is_cut_off_at_the_deadline(loopback):
    body = b"The council said the ferry would run all winter. " * 2
    server = DripServer(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n" % len(body), body, drip_head=False)
    try:
        elapsed, _ = _timed_fetch(server.url(), timeout=1.0)
    finally:
        server.stop()
    assert elapsed < 4


def test_huge_headers_are_refused(loopback):
    headers = b"".join(b"X-Filler-%d: %s\r\n" % (number, b"b" * 8000) for number in range(20))
    server = DripServer(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + headers + b"Content-Length: 2\r\n\r\nok", drip_head=False)
    try:
        with pytest.raises(ImportInputError, match="KiB of headers"):
            fetch_url(server.url(), timeout=5)
    finally:
        server.stop()


@pytest.mark.parametrize("address", ["192.0.0.1", "192.0.0.9", "192.0.0.170", "192.0.0.254", "192.31.196.1", "192.175.48.1", "64:ff9b::8.8.8.8", "2001:db8::1", "3fff::1"])
def test_every_special_purpose_range_is_refused_whatever_python_says(address):
    assert address_refusal(ipaddress.ip_address(address)) is not None
    with pytest.raises(FetchRefused):
        check_url(f"http://{address if ':' not in address else f'[{address}]'}/")


def test_the_deny_list_does_not_refuse_ordinary_public_addresses():
    for address in ["93.184.215.14", "8.8.8.8", "2606:4700::1111"]:
        assert address_refusal(ipaddress.ip_address(address)) is None
    assert all(not network.overlaps(ipaddress.ip_network("8.8.8.0/24")) for network in SPECIAL_PURPOSE_NETWORKS if network.version == 4)


@pytest.mark.parametrize("url", ["http://93.184.215.14:8080/", "https://news.example:8443/story", "http://news.example:22/"])
def test_ports_other_than_80_and_443_are_refused(url, monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 8080))])
    with pytest.raises(FetchRefused, match="port"):
        check_url(url)
    with pytest.raises(FetchRefused, match="port"):
        fetch_url(url)


def test_allowed_ports_can_be_extended(settings, monkeypatch):
    settings.IMPORT_ALLOWED_PORTS = [80, 443, 8080]
    assert check_url("http://93.184.215.14:8080/") == "http://93.184.215.14:8080/"


def test_an_allowed_private_network_may_be_reached_on_any_port(settings, monkeypatch):
    settings.IMPORT_ALLOW_PRIVATE_NETWORKS = ["10.20.0.0/16"]
    assert check_url("http://10.20.1.2:8081/feed") == "http://10.20.1.2:8081/feed"
    with pytest.raises(FetchRefused):
        check_url("http://10.21.1.2:8081/feed")
    # A public address still may not use another port.
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 8081))])
    with pytest.raises(FetchRefused, match="port"):
        fetch_url("http://news.example:8081/")
