"""Caching of public pages: anonymous GETs, keyed by host + path + the query parameters the
view reads + full page or htmx fragment; every entry carries the version it was rendered at.

The version lives in the database (`claims_publicpageversion`, one row): services move it
after commit whenever something a reader can see changes, and every page is rendered afresh
on its next request. The cache holds a copy of the number for PUBLIC_PAGE_VERSION_SECONDS,
so a bump that could not reach the cache (a Redis blip), or a Redis restarted from an old
snapshot, serves old pages for at most that long, never for the pages' own lifetime.
Each cached page carries an ETag and a Last-Modified date, so browsers and proxies
revalidate with a conditional GET and get a 304 while nothing changed.

Each process also keeps its hottest pages, and the version they belong to, in its own
memory (`_LocalPages`): a hit on a hot page then costs no cache round trip at all, which
was a third of the cost of a cached page under load (py-spy on `make bench`). The version
is read again from the shared cache at most every `PUBLIC_PAGE_LOCAL_SECONDS` (1 s by
default; 0 turns this off): a change made through this process shows at once, a change
made through another app server within that time.

When the cache fails (Redis down), pages are rendered uncached and the failure is logged;
`/healthz` reports it.
"""

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections, router, transaction
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

logger = logging.getLogger(__name__)

PUBLIC_CACHE_VERSION_KEY = "public-pages-version"
NONCE_PLACEHOLDER = "__public-page-csp-nonce__"
# A history restore (the Back button) asks with HX-Request too, but gets the full page.
VARY = ("Cookie", "HX-Request", "HX-History-Restore-Request")
_BUMP_ATTEMPTS = 3


class _Throttled:
    """Log a failure at most once a minute per process, so an outage does not flood the log."""

    def __init__(self, what: str):
        self.what = what
        self._last = 0.0

    def __call__(self, error: BaseException) -> None:
        now = time.monotonic()
        if now - self._last >= 60:
            self._last = now
            logger.error("%s: %s: %s", self.what, type(error).__name__, error)


_log_cache_failure = _Throttled("Cache unavailable; public pages are served uncached")


def _version_table_alias() -> str:
    from claims.models import PublicPageVersion

    return router.db_for_read(PublicPageVersion)


def public_cache_database_version() -> int:
    """The version as the database has it (0 before the first change)."""
    from claims.models import PublicPageVersion

    number = PublicPageVersion.objects.using(_version_table_alias()).filter(pk=1).values_list("number", flat=True).first()
    return int(number or 0)


def public_cache_version() -> int:
    """The current version of every public page: the cache's copy, or the database's (then copied)."""
    version = cache.get(PUBLIC_CACHE_VERSION_KEY)
    if version is None:
        version = public_cache_database_version()
        cache.add(PUBLIC_CACHE_VERSION_KEY, version, timeout=settings.PUBLIC_PAGE_VERSION_SECONDS)
        version = cache.get(PUBLIC_CACHE_VERSION_KEY, version)
    return int(version)


def _bump_database_version() -> int:
    from claims.models import PublicPageVersion

    table = PublicPageVersion._meta.db_table
    with transaction.atomic(using="default"), connections["default"].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (id, number) VALUES (1, 1) "
            f"ON CONFLICT (id) DO UPDATE SET number = {table}.number + 1 RETURNING number"
        )
        return int(cursor.fetchone()[0])


def public_cache_bump() -> None:
    """Move every public page to a new version: the database first (it outlives the cache),
    then the cache's copy. Retried; a failure is logged, never raised at the user, whose
    change is committed already."""
    number = None
    for attempt in range(1, _BUMP_ATTEMPTS + 1):
        try:
            number = _bump_database_version()
            break
        except DatabaseError as error:
            if attempt == _BUMP_ATTEMPTS:
                logger.error("Public page version not moved in the database after %s attempts: %s", attempt, error)
            else:
                time.sleep(0.05 * attempt)
    if number is not None:
        for attempt in range(1, _BUMP_ATTEMPTS + 1):
            try:
                cache.set(PUBLIC_CACHE_VERSION_KEY, number, timeout=settings.PUBLIC_PAGE_VERSION_SECONDS)
                break
            except Exception as error:  # noqa: BLE001 - any cache failure: pages refresh within the copy's lifetime
                if attempt == _BUMP_ATTEMPTS:
                    logger.error(
                        "Public page version %s not copied to the cache (%s: %s); pages refresh within %s s.",
                        number, type(error).__name__, error, settings.PUBLIC_PAGE_VERSION_SECONDS,
                    )
                else:
                    time.sleep(0.05 * attempt)
    # This process sees its own change at once; other processes within PUBLIC_PAGE_LOCAL_SECONDS.
    forget_local_pages()


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


def _is_fragment(request) -> bool:
    """An htmx request for a piece of the page; a history restore (Back button) wants the whole page."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


def _cache_key(request, params: tuple[str, ...]) -> str:
    """One key per page: host, path, the query parameters the view reads (others are ignored,
    so `?utm=N` cannot fill the cache), full page or htmx fragment. The entry carries its version."""
    query = "&".join(f"{name}={value}" for name in sorted(params) for value in request.GET.getlist(name))
    kind = "fragment" if _is_fragment(request) else "page"
    address = f"{request.get_host()}|{request.path}|{query}|{kind}"
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


def public_page(view=None, *, timeout: int | None = None, params: tuple[str, ...] = ()):
    """Serve anonymous GETs of `view` from the cache; signed-in readers always get a fresh page.

    `params` names the query parameters the view reads: they are part of the key, any other
    parameter is ignored (the view must not read it).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or request.user.is_authenticated or _has_messages(request):
                return _finish(view(request, *args, **kwargs), None)
            key = _cache_key(request, params)
            try:
                entry, version = _cached_entry(key)
            except Exception as error:  # noqa: BLE001 - the cache is down: serve the page uncached
                _log_cache_failure(error)
                return _finish(view(request, *args, **kwargs), None)
            state = "hit"
            if entry is None:
                state = "miss"
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or getattr(response, "streaming", False):
                    return _finish(response, None)
                entry = {**_store(request, response), "version": version}
                try:
                    cache.set(key, entry, timeout if timeout is not None else settings.PUBLIC_PAGE_CACHE_SECONDS)
                except Exception as error:  # noqa: BLE001 - not stored; the page is still good
                    _log_cache_failure(error)
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
