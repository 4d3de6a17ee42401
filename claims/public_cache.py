"""Caching of public pages: anonymous GETs, keyed by host + path + a global version.

Services call `public_cache_bump()` after commit whenever something a reader can see
changes; the version moves and every page is rendered afresh on its next request.
Each cached page carries an ETag and a Last-Modified date, so browsers and proxies
revalidate with a conditional GET and get a 304 while nothing changed.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from claims.services import PUBLIC_CACHE_VERSION_KEY

NONCE_PLACEHOLDER = "__public-page-csp-nonce__"
VARY = ("Cookie", "HX-Request")


def public_cache_version() -> int:
    """The current version of every public page (starts at 1)."""
    version = cache.get(PUBLIC_CACHE_VERSION_KEY)
    if version is None:
        cache.add(PUBLIC_CACHE_VERSION_KEY, 1, timeout=None)
        version = cache.get(PUBLIC_CACHE_VERSION_KEY, 1)
    return int(version)


def _cache_key(request) -> str:
    """One key per page (host, path, full page or htmx partial); the entry carries its version."""
    address = f"{request.get_host()}|{request.get_full_path()}|{'htmx' if request.headers.get('HX-Request') else 'page'}"
    return f"public-page:{hashlib.sha256(address.encode()).hexdigest()}"


def _cached_entry(key: str) -> tuple[dict | None, int]:
    """(the cached page if it is of the current version, the current version) in ONE cache round trip.

    A hit used to cost two (the version, then the page under a versioned key); with Redis
    every round trip is a network call, so the version and the page are fetched together.
    """
    found = cache.get_many([PUBLIC_CACHE_VERSION_KEY, key])
    version = found.get(PUBLIC_CACHE_VERSION_KEY)
    if version is None:
        return None, public_cache_version()
    entry = found.get(key)
    if entry is None or entry.get("version") != int(version):
        return None, int(version)
    return entry, int(version)


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
            conditional = get_conditional_response(request, etag=entry["etag"], last_modified=entry["last_modified"])
            if conditional is not None:
                conditional["X-Public-Cache"] = state
                return _finish(conditional, entry)
            response = HttpResponse(_with_nonce(entry["content"], request), content_type=entry["content_type"])
            response["X-Public-Cache"] = state
            return _finish(response, entry)

        return wrapped

    return decorator(view) if view is not None else decorator
