"""Fetch an article by URL without letting the URL reach inside our own network.

Every hop is checked the same way: the scheme must be http or https, the host name is
resolved here, every address it resolves to must be a public one, and the connection
goes to the address that was checked (never a second lookup, so a DNS answer cannot
change between the check and the connection). Redirects are followed by hand, at most
MAX_REDIRECTS of them, each one checked again. Special-purpose addresses are refused by
an explicit list of IANA's special-purpose ranges (Python's own `is_global` differs between
versions), and only ports 80 and 443 are fetched from (IMPORT_ALLOWED_PORTS) unless the
address lies in one of IMPORT_ALLOW_PRIVATE_NETWORKS, which may be reached on any port.

The whole fetch (every hop: connect, TLS, headers, body) has one wall-clock deadline: a
watchdog shuts the sockets when it passes, because a server dripping a byte at a time
resets every per-read timeout. Headers are capped at MAX_HEADER_BYTES, the body is read in
chunks and abandoned past the size limit, and only text-like content types are accepted.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings

from claims.importing.errors import ImportInputError

MAX_REDIRECTS = 5
ALLOWED_CONTENT_TYPES = ("text/html", "text/plain", "application/xhtml+xml")
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
USER_AGENT = "ClaimTracker/1.0 (article import; +https://example.invalid/claim-tracker)"
_CHUNK = 16 * 1024
MAX_HEADER_BYTES = 64 * 1024

# IANA's IPv4 and IPv6 special-purpose address registries (as of 2025), plus multicast and
# the deprecated IPv6 site-local block: none of them is an ordinary web server on the
# internet. Kept here so the answer does not depend on the Python version's `ipaddress`
# (3.12.1 counts most of 192.0.0.0/24 as global).
SPECIAL_PURPOSE_NETWORKS = tuple(
    ipaddress.ip_network(network)
    for network in (
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24", "192.88.99.0/24",
        "192.168.0.0/16", "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
        "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
        "::/128", "::1/128", "::ffff:0:0/96", "::/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64",
        "2001::/23", "2001:db8::/32", "2002::/16", "2620:4f:8000::/48", "3fff::/20", "5f00::/16",
        "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    )
)


class FetchRefused(ImportInputError):
    """The URL or an address it leads to is not one we fetch from."""


@dataclass(frozen=True)
class FetchedPage:
    """What the server sent: the final URL after redirects, the body and its declared type."""

    url: str
    content: bytes
    content_type: str
    charset: str | None
    status: int = 200  # 304 when a conditional GET found the page unchanged (content is then empty)
    etag: str = ""
    last_modified: str = ""


def allowed_private_networks() -> list:
    """IMPORT_ALLOW_PRIVATE_NETWORKS as networks: private ranges the operator lets the fetcher reach."""
    return [ipaddress.ip_network(str(network).strip(), strict=False) for network in getattr(settings, "IMPORT_ALLOW_PRIVATE_NETWORKS", []) if str(network).strip()]


def _in_allowed_network(address) -> bool:
    return any(address.version == network.version and address in network for network in allowed_private_networks())


def allowed_ports() -> set[int]:
    return {int(port) for port in getattr(settings, "IMPORT_ALLOWED_PORTS", [80, 443])}


def address_refusal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why `address` must not be fetched from, or None when it is an ordinary public address."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return "an IPv4-mapped IPv6 address"
        if address.sixtofour is not None or address.teredo is not None:
            return "a tunnelled IPv6 address"
    if any(address.version == network.version and address in network for network in SPECIAL_PURPOSE_NETWORKS):
        if address.is_loopback:
            return "a loopback address"
        if address.is_link_local:
            return "a link-local address"
        if address.is_multicast:
            return "a multicast address"
        if address.is_private:
            return "a private address"
        return "a special-purpose address"
    checks = (
        ("is_loopback", "a loopback address"),
        ("is_unspecified", "an unspecified address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private address"),
        ("is_reserved", "a reserved address"),
        ("is_site_local", "a site-local address"),
    )
    for attribute, reason in checks:
        if getattr(address, attribute, False):
            return reason
    if not address.is_global:
        return "a special-purpose address"
    return None


def _check_address(address, host: str, port: int | None = None) -> None:
    """Refuse a special-purpose address outside the allowed networks, and any port but the
    allowed ones (80, 443) unless the address lies inside an allowed network."""
    inside_allowed = _in_allowed_network(address)
    reason = address_refusal(address)
    if reason is not None and not inside_allowed:
        raise FetchRefused(f"Refused to fetch {host}: it points to {reason} ({address}), not a public web server.")
    if port is not None and not inside_allowed:
        _check_port(port, host)


def _check_port(port: int, host: str) -> None:
    ports = allowed_ports()
    if port not in ports:
        shown = " and ".join(str(allowed) for allowed in sorted(ports))
        raise FetchRefused(f"Refused to fetch {host} on port {port}: only port{'s' if len(ports) != 1 else ''} {shown} can be fetched from.")


def _split_url(url: str):
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise FetchRefused(f"That is not a valid URL: {error}.") from error
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"{scheme}:" if scheme else "no scheme"
        raise FetchRefused(f"Only http:// and https:// addresses can be fetched ({shown} given).")
    if not parts.hostname:
        raise FetchRefused("That URL has no host name.")
    try:
        # International names travel as IDNA (xn--...) in DNS and in the Host header.
        host = parts.hostname.encode("idna").decode("ascii") if not parts.hostname.isascii() else parts.hostname
    except UnicodeError as error:
        raise FetchRefused(f"{parts.hostname!r} is not a valid host name.") from error
    return parts, scheme, host, port or (443 if scheme == "https" else 80)


def check_url(url: str) -> str:
    """Refuse at once what can be refused without the network: other schemes, no host, special IP literals."""
    _parts, _scheme, host, port = _split_url(url)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        # A host name: its addresses are checked when it is resolved; an odd port can be
        # refused now unless some allowed network might be behind the name.
        if not allowed_private_networks():
            _check_port(port, host)
        return url.strip()
    _check_address(address, host, port)
    return url.strip()


def resolve_checked(host: str, port: int):
    """Resolve `host` once and return one address to connect to; refuse if ANY answer is special."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise ImportInputError(f"Could not find the server {host!r} (DNS lookup failed).") from error
    addresses = []
    for _family, _type, _proto, _canonname, sockaddr in answers:
        address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        _check_address(address, host, port)
        addresses.append(address)
    if not addresses:
        raise ImportInputError(f"Could not find the server {host!r} (DNS lookup returned nothing).")
    return addresses[0]


def _content_type(headers) -> tuple[str, str | None]:
    message = Message()
    message["content-type"] = headers.get("Content-Type", "")
    return message.get_content_type().lower() if headers.get("Content-Type") else "", message.get_param("charset")


class _Deadline:
    """One fetch's wall-clock deadline: when it passes, every socket the fetch opened is shut
    down, so a read blocked on a slow server returns at once whatever the server sends."""

    def __init__(self, seconds: float):
        self.expired = False
        self._finished = False
        self._descriptors: list[int] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0.0), self._expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if self.expired:
                _shut(sock.fileno())
            else:
                self._descriptors.append(sock.fileno())

    def _expire(self) -> None:
        with self._lock:
            if self._finished:
                return
            self.expired = True
            for descriptor in self._descriptors:
                _shut(descriptor)

    def release(self) -> None:
        """Forget the sockets opened so far (they are about to be closed)."""
        with self._lock:
            self._descriptors.clear()

    def finish(self) -> None:
        """Call before closing the sockets: the watchdog never touches a descriptor after this."""
        with self._lock:
            self._finished = True
        self._timer.cancel()


def _shut(descriptor: int) -> None:
    # By descriptor: a TLS socket takes over the plain socket's descriptor and detaches it.
    try:
        view = socket.socket(fileno=descriptor)
    except OSError:
        return
    try:
        view.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        view.detach()


class _Watched:
    """A connection whose sockets the fetch's deadline watches."""

    def __init__(self, *args, deadline: _Deadline, **kwargs):
        self._deadline = deadline
        super().__init__(*args, **kwargs)

    def _new_conn(self):
        sock = super()._new_conn()
        self._deadline.watch(sock)
        return sock


class _WatchedHTTPConnection(_Watched, urllib3.connection.HTTPConnection):
    pass


class _WatchedHTTPSConnection(_Watched, urllib3.connection.HTTPSConnection):
    pass


class _HTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _HTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


def _open(parts, scheme: str, host: str, port: int, address, timeout, deadline: _Deadline, extra_headers: dict | None = None):
    pool_class = _HTTPSPool if scheme == "https" else _HTTPPool
    pool_options = {"server_hostname": host, "assert_hostname": host} if scheme == "https" else {}
    pool = pool_class(host=str(address), port=port, maxsize=1, retries=False, timeout=timeout, deadline=deadline, **pool_options)
    default_port = 443 if scheme == "https" else 80
    host_header = f"[{host}]" if ":" in host else host
    if port != default_port:
        host_header = f"{host_header}:{port}"
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    try:
        response = pool.urlopen(
            "GET",
            path,
            headers={
                "Host": host_header,
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9",
                "Accept-Encoding": "gzip, deflate",
                **(extra_headers or {}),
            },
            redirect=False,
            retries=False,
            preload_content=False,
            decode_content=True,
            assert_same_host=False,
        )
    except BaseException:
        deadline.release()
        pool.close()
        raise
    return pool, response


def _header_bytes(headers) -> int:
    return sum(len(name) + len(value) + 4 for name, value in headers.items())


def fetch_url(
    url: str,
    *,
    timeout: float | None = None,
    max_bytes: int | None = None,
    headers: dict | None = None,
    content_types: tuple[str, ...] = ALLOWED_CONTENT_TYPES,
) -> FetchedPage:
    """GET `url` safely; raise ImportInputError (FetchRefused for refusals) with a message fit to show.

    `headers` may add conditional-GET headers (If-None-Match, If-Modified-Since) and another
    Accept; a 304 answer then comes back as a FetchedPage with status 304 and no content.

    Everything after the first DNS lookup, over every redirect, ends within `timeout` seconds
    of wall-clock time (IMPORT_FETCH_TIMEOUT), however slowly the server sends.
    """
    timeout = float(timeout if timeout is not None else settings.IMPORT_FETCH_TIMEOUT)
    max_bytes = int(max_bytes if max_bytes is not None else settings.IMPORT_MAX_BYTES)
    started = time.monotonic()
    deadline = _Deadline(timeout)
    try:
        return _fetch(
            url.strip(), timeout=timeout, max_bytes=max_bytes, ends_at=started + timeout, deadline=deadline,
            headers=headers, content_types=content_types,
        )
    finally:
        deadline.finish()


def _fetch(
    current: str, *, timeout: float, max_bytes: int, ends_at: float, deadline: _Deadline,
    headers: dict | None, content_types: tuple[str, ...],
) -> FetchedPage:
    too_slow = f"The server took longer than {timeout:g} seconds to send the page; nothing was imported."
    for hop in range(MAX_REDIRECTS + 1):
        parts, scheme, host, port = _split_url(current)
        address = resolve_checked(host, port)
        remaining = ends_at - time.monotonic()
        if remaining <= 0 or deadline.expired:
            raise ImportInputError(too_slow)
        try:
            pool, response = _open(parts, scheme, host, port, address, urllib3.Timeout(connect=remaining, read=remaining), deadline, headers)
        except urllib3.exceptions.SSLError as error:
            if deadline.expired:
                raise ImportInputError(too_slow) from error
            raise ImportInputError(f"Could not make a secure connection to {host}: {error.__class__.__name__}.") from error
        except urllib3.exceptions.NewConnectionError as error:  # before TimeoutError: urllib3 makes it a subclass
            raise ImportInputError(f"Could not connect to {host} (the connection was refused or failed).") from error
        except (urllib3.exceptions.TimeoutError, TimeoutError) as error:
            raise ImportInputError(too_slow) from error
        except (urllib3.exceptions.HTTPError, OSError) as error:
            if deadline.expired:
                raise ImportInputError(too_slow) from error
            raise ImportInputError(f"Could not connect to {host}.") from error
        try:
            if _header_bytes(response.headers) > MAX_HEADER_BYTES:
                raise ImportInputError(f"{host} sent more than {MAX_HEADER_BYTES // 1024} KiB of headers; nothing was imported.")
            if response.status in REDIRECT_STATUSES:
                location = response.headers.get("Location")
                if not location:
                    raise ImportInputError(f"{host} answered with a redirect but no address to go to.")
                if hop == MAX_REDIRECTS:
                    raise FetchRefused(f"Too many redirects (more than {MAX_REDIRECTS}); giving up.")
                current = urljoin(current, location)
                continue
            if response.status == 304 and headers:
                return FetchedPage(url=current, content=b"", content_type="", charset=None, status=304,
                                   etag=response.headers.get("ETag", ""), last_modified=response.headers.get("Last-Modified", ""))
            if response.status != 200:
                raise ImportInputError(f"{host} answered with HTTP status {response.status}; nothing was imported.")
            content_type, charset = _content_type(response.headers)
            if content_type not in content_types:
                shown = content_type or "no content type"
                raise ImportInputError(f"That page is {shown}, not an article (HTML or plain text expected).")
            declared_length = response.headers.get("Content-Length", "")
            if declared_length.isdigit() and int(declared_length) > max_bytes:
                raise ImportInputError(_too_large(max_bytes))
            body = bytearray()
            try:
                for chunk in response.stream(_CHUNK, decode_content=True):
                    body.extend(chunk)
                    if len(body) > max_bytes:
                        raise ImportInputError(_too_large(max_bytes))
                    if deadline.expired or time.monotonic() > ends_at:
                        raise ImportInputError(too_slow)
            except (urllib3.exceptions.TimeoutError, TimeoutError) as error:
                raise ImportInputError(too_slow) from error
            except (urllib3.exceptions.HTTPError, OSError) as error:
                if deadline.expired:
                    raise ImportInputError(too_slow) from error
                raise ImportInputError(f"The connection to {host} broke off while downloading.") from error
            if deadline.expired:  # the watchdog cut the body short: what arrived is not the page
                raise ImportInputError(too_slow)
            return FetchedPage(url=current, content=bytes(body), content_type=content_type, charset=charset,
                               etag=response.headers.get("ETag", ""), last_modified=response.headers.get("Last-Modified", ""))
        finally:
            deadline.release()  # before the descriptors close and can be reused elsewhere
            response.release_conn()
            response.close()
            pool.close()
    raise FetchRefused(f"Too many redirects (more than {MAX_REDIRECTS}); giving up.")  # pragma: no cover


def _too_large(max_bytes: int) -> str:
    return f"The page is larger than the {max_bytes // 1024:,} KiB import limit."
