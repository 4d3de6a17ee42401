"""Caching of public pages: anonymous GETs, keyed by host + path + a global version.

Services call `public_cache_bump()` after commit whenever something a reader can see
changes; the version moves and every page is rendered afresh on its next request.
Each cached page carries an ETag and a Last-Modified date, so browsers and proxies
revalidate with a conditional GET and get a 304 while nothing changed.

Each process also keeps its hottest pages, and the version they belong to, in its own
memory (`_LocalPages`): a hit on a hot page then costs no cache round trip at all, which
was a third of the cost of a cached page under load (py-spy on `make bench`). The version
is read again from the shared cache at most every `PUBLIC_PAGE_LOCAL_SECONDS` (1 s by
default; 0 turns this off): a change made through this process shows at once, a change
made through another app server within that time.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from claims.services import PUBLIC_CACHE_VERSION_KEY, public_cache_first_version

NONCE_PLACEHOLDER = "__public-page-csp-nonce__"
VARY = ("Cookie", "HX-Request")


def public_cache_version() -> int:
    """The current version of every public page (a fresh number whenever the cache has none)."""
    version = cache.get(PUBLIC_CACHE_VERSION_KEY)
    if version is None:
        first = public_cache_first_version()
        cache.add(PUBLIC_CACHE_VERSION_KEY, first, timeout=None)
        version = cache.get(PUBLIC_CACHE_VERSION_KEY, first)
    return int(version)


class _LocalPages:
    """This process's copy of its most-read pages, all of one version, trusted for a short while."""

    MAX_PAGES = 256
    MAX_BYTES = 32 * 1024 * 1024

    def __init__(self):
        self._lock = threading.Lock()
        self._pages: OrderedDict[str, dict] = OrderedDict()
        self._bytes = 0
        self._version: int | None = None
        self._checked = 0.0

    def _fresh(self) -> bool:
        seconds = settings.PUBLIC_PAGE_LOCAL_SECONDS
        return seconds > 0 and self._version is not None and time.monotonic() - self._checked < seconds

    def get(self, key: str) -> tuple[dict | None, int | None]:
        """(the page, the version) when the version is recent enough to trust; else (None, None)."""
        with self._lock:
            if not self._fresh():
                return None, None
            entry = self._pages.get(key)
            if entry is not None:
                self._pages.move_to_end(key)
            return entry, self._version

    def note_version(self, version: int) -> None:
        """The version just read from the shared cache; pages of any other version are dropped."""
        with self._lock:
            if version != self._version:
                self._drop_pages()
                self._version = version
            self._checked = time.monotonic()

    def put(self, key: str, entry: dict) -> None:
        if settings.PUBLIC_PAGE_LOCAL_SECONDS <= 0 or len(entry["content"]) > self.MAX_BYTES // 8:
            return
        with self._lock:
            if entry["version"] != self._version:
                return
            previous = self._pages.pop(key, None)
            if previous is not None:
                self._bytes -= len(previous["content"])
            self._pages[key] = entry
            self._bytes += len(entry["content"])
            while len(self._pages) > self.MAX_PAGES or self._bytes > self.MAX_BYTES:
                _key, dropped = self._pages.popitem(last=False)
                self._bytes -= len(dropped["content"])

    def forget(self) -> None:
        with self._lock:
            self._drop_pages()
            self._version = None

    def _drop_pages(self) -> None:
        self._pages.clear()
        self._bytes = 0


_local_pages = _LocalPages()


def forget_local_pages() -> None:
    """Drop this process's copies: the next request reads the version from the shared cache."""
    _local_pages.forget()


def _cache_key(request) -> str:
    """One key per page (host, path, full page or htmx partial); the entry carries its version."""
    address = f"{request.get_host()}|{request.get_full_path()}|{'htmx' if request.headers.get('HX-Request') else 'page'}"
    return f"public-page:{hashlib.sha256(address.encode()).hexdigest()}"


def _cached_entry(key: str) -> tuple[dict | None, int]:
    """(the cached page if it is of the current version, the current version) in at most ONE
    cache round trip, and none for a page this process holds of a recently read version.

    A hit used to cost two (the version, then the page under a versioned key); with Redis
    every round trip is a network call, so the version and the page are fetched together.
    """
    entry, version = _local_pages.get(key)
    if entry is not None:
        return entry, version
    found = cache.get_many([PUBLIC_CACHE_VERSION_KEY, key])
    version = found.get(PUBLIC_CACHE_VERSION_KEY)
    version = public_cache_version() if version is None else int(version)
    _local_pages.note_version(version)
    entry = found.get(key)
    if entry is None or entry.get("version") != version:
        return None, version
    _local_pages.put(key, entry)
    return entry, version


def _has_messages(request) -> bool:
    """A one-off message ("You have been logged out") must not be cached for everyone."""
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0  # len() loads without marking them read


def _with_nonce(content: bytes, request) -> bytes:
    if NONCE_PLACEHOLDER.encode() not in content:
        return content
    nonce = get_nonce(request)
    return content.replace(NONCE_PLACEHOLDER.encode(), str(nonce).encode() if nonce is not None else b"")


def _store(request, response) -> dict:
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    content = response.content
    nonce = get_nonce(request)
    if nonce:  # generated while rendering: keep a placeholder so each reader gets their own
        content = content.replace(str(nonce).encode(), NONCE_PLACEHOLDER.encode())
    return {
        "content": content,
        "content_type": response["Content-Type"],
        "etag": f'"{hashlib.sha256(content).hexdigest()[:32]}"',
        "last_modified": int(time.time()),
    }


def _finish(response, entry: dict | None):
    if entry is not None:
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["last_modified"])
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, VARY)
    return response


def public_page(view=None, *, timeout: int | None = None):
    """Serve anonymous GETs of `view` from the cache; signed-in readers always get a fresh page."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or request.user.is_authenticated or _has_messages(request):
                return _finish(view(request, *args, **kwargs), None)
            key = _cache_key(request)
            entry, version = _cached_entry(key)
            state = "hit"
            if entry is None:
                state = "miss"
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or getattr(response, "streaming", False):
                    return _finish(response, None)
                entry = {**_store(request, response), "version": version}
                cache.set(key, entry, timeout if timeout is not None else settings.PUBLIC_PAGE_CACHE_SECONDS)
                _local_pages.put(key, entry)
            conditional = get_conditional_response(request, etag=entry["etag"], last_modified=entry["last_modified"])
            if conditional is not None:
                conditional["X-Public-Cache"] = state
                return _finish(conditional, entry)
            response = HttpResponse(_with_nonce(entry["content"], request), content_type=entry["content_type"])
            response["X-Public-Cache"] = state
            return _finish(response, entry)

        return wrapped

    return decorator(view) if view is not None else decorator
