"""Fetch an article by URL without letting the URL reach inside our own network.

Every hop is checked the same way: the scheme must be http or https, the host name is
resolved here, every address it resolves to must be a public one, and the connection
goes to the address that was checked (never a second lookup, so a DNS answer cannot
change between the check and the connection). Redirects are followed by hand, at most
MAX_REDIRECTS of them, each one checked again. The whole fetch has one deadline, the
body is read in chunks and abandoned past the size limit, and only text-like content
types are accepted.
"""

from __future__ import annotations

import ipaddress
import socket
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
_CHUNK = 64 * 1024


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


def _private_allowance():
    """The private networks the fetcher may reach: IMPORT_ALLOW_PRIVATE_NETWORKS (the environment's
    comma-separated list, empty by default) plus the tests' IMPORT_ALLOW_PRIVATE_ADDRESSES
    (False, True for any, or a list of networks)."""
    value = getattr(settings, "IMPORT_ALLOW_PRIVATE_ADDRESSES", False)
    if value is True:
        return True
    networks = [ipaddress.ip_network(str(network).strip(), strict=False)
                for network in getattr(settings, "IMPORT_ALLOW_PRIVATE_NETWORKS", ()) if str(network).strip()]
    if value:
        networks += [ipaddress.ip_network(network) for network in value]
    return networks


def _inside_allowance(address) -> bool:
    allowance = _private_allowance()
    return allowance is True or any(address in network for network in allowance)


def _check_port(address, host: str, port: int) -> None:
    """Public servers are reached on IMPORT_ALLOWED_PORTS (80 and 443); allowed private networks on any port."""
    allowed = getattr(settings, "IMPORT_ALLOWED_PORTS", (80, 443))
    if port in allowed or _inside_allowance(address):
        return
    shown = ", ".join(str(number) for number in allowed)
    raise FetchRefused(f"Refused to fetch {host}: port {port} is not a web server port we fetch from ({shown}).")


def address_refusal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why `address` must not be fetched from, or None when it is an ordinary public address."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return "an IPv4-mapped IPv6 address"
        if address.sixtofour is not None or address.teredo is not None:
            return "a tunnelled IPv6 address"
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


def _check_address(address, host: str) -> None:
    reason = address_refusal(address)
    if reason is None:
        return
    if _inside_allowance(address):
        return
    raise FetchRefused(f"Refused to fetch {host}: it points to {reason} ({address}), not a public web server.")


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
    _parts, _scheme, host, _port = _split_url(url)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return url.strip()
    _check_address(address, host)
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
        _check_address(address, host)
        addresses.append(address)
    if not addresses:
        raise ImportInputError(f"Could not find the server {host!r} (DNS lookup returned nothing).")
    return addresses[0]


def _content_type(headers) -> tuple[str, str | None]:
    message = Message()
    message["content-type"] = headers.get("Content-Type", "")
    return message.get_content_type().lower() if headers.get("Content-Type") else "", message.get_param("charset")


def _open(parts, scheme: str, host: str, port: int, address, timeout, extra_headers: dict | None = None):
    pool_class = urllib3.HTTPSConnectionPool if scheme == "https" else urllib3.HTTPConnectionPool
    pool_options = {"server_hostname": host, "assert_hostname": host} if scheme == "https" else {}
    pool = pool_class(host=str(address), port=port, maxsize=1, retries=False, timeout=timeout, **pool_options)
    default_port = 443 if scheme == "https" else 80
    host_header = f"[{host}]" if ":" in host else host
    if port != default_port:
        host_header = f"{host_header}:{port}"
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
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
    return pool, response


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
    Accept; a 304 answer then comes back as a FetchedPage with status 304 and no content."""
    timeout = float(timeout if timeout is not None else settings.IMPORT_FETCH_TIMEOUT)
    max_bytes = int(max_bytes if max_bytes is not None else settings.IMPORT_MAX_BYTES)
    deadline = time.monotonic() + timeout
    current = url.strip()
    for hop in range(MAX_REDIRECTS + 1):
        parts, scheme, host, port = _split_url(current)
        address = resolve_checked(host, port)
        _check_port(address, host, port)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ImportInputError(f"The server took longer than {timeout:g} seconds to answer.")
        try:
            pool, response = _open(
                parts, scheme, host, port, address, urllib3.Timeout(connect=remaining, read=remaining), headers
            )
        except urllib3.exceptions.SSLError as error:
            raise ImportInputError(f"Could not make a secure connection to {host}: {error.__class__.__name__}.") from error
        except urllib3.exceptions.NewConnectionError as error:  # before TimeoutError: urllib3 makes it a subclass
            raise ImportInputError(f"Could not connect to {host} (the connection was refused or failed).") from error
        except (urllib3.exceptions.TimeoutError, TimeoutError) as error:
            raise ImportInputError(f"The server {host} did not answer within {timeout:g} seconds.") from error
        except (urllib3.exceptions.HTTPError, OSError) as error:
            raise ImportInputError(f"Could not connect to {host}.") from error
        try:
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
                    if time.monotonic() > deadline:
                        raise ImportInputError(f"The page took longer than {timeout:g} seconds to download.")
            except (urllib3.exceptions.TimeoutError, TimeoutError) as error:
                raise ImportInputError(f"The page took longer than {timeout:g} seconds to download.") from error
            except (urllib3.exceptions.HTTPError, OSError) as error:
                raise ImportInputError(f"The connection to {host} broke off while downloading.") from error
            return FetchedPage(url=current, content=bytes(body), content_type=content_type, charset=charset,
                               etag=response.headers.get("ETag", ""), last_modified=response.headers.get("Last-Modified", ""))
        finally:
            response.release_conn()
            response.close()
            pool.close()
    raise FetchRefused(f"Too many redirects (more than {MAX_REDIRECTS}); giving up.")  # pragma: no cover


def _too_large(max_bytes: int) -> str:
    return f"The page is larger than the {max_bytes // 1024:,} KiB import limit."
