"""A small fixed-window rate limiter for views, counted in the cache.

    @rate_limit(scope="import", rate_setting="RATELIMIT_IMPORT", methods=("POST",))
    def import_article(request): ...

The rate is "<requests>/<seconds>" read from settings on every request (so tests and
operators can tune it). Requests are counted per signed-in user, or per client address
when anonymous. With Redis as the cache the limit holds across app servers; with the
local-memory cache it is per process. A request over the limit gets 429 with a message
saying how long to wait, and the view does not run. When the cache fails (Redis down) the
requests are counted in this process's memory instead, and the failure is logged.
"""

from __future__ import annotations

import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render

logger = logging.getLogger(__name__)

# Where requests are counted while the shared cache is unreachable.
_fallback = LocMemCache("ratelimit-fallback", {"OPTIONS": {"MAX_ENTRIES": 100_000}})
_last_failure_logged = [0.0]


def parse_rate(rate: str) -> tuple[int, int]:
    """"30/3600" -> (30, 3600): at most 30 requests in each 3600-second window."""
    try:
        count, _, seconds = rate.partition("/")
        parsed = int(count), int(seconds)
    except (AttributeError, ValueError):
        raise ImproperlyConfigured(f"A rate limit must look like '30/3600' (requests/seconds), not {rate!r}.") from None
    if parsed[0] < 1 or parsed[1] < 1:
        raise ImproperlyConfigured(f"A rate limit needs at least one request per at least one second, not {rate!r}.")
    return parsed


def client_address(request, *, proxies: int | None = None) -> str:
    """The client's IP: REMOTE_ADDR, or the address the `proxies` trusted proxies appended
    (RATELIMIT_TRUSTED_PROXY_COUNT unless given; the login lockout passes its own count)."""
    if proxies is None:
        proxies = getattr(settings, "RATELIMIT_TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")


def _who(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"address:{client_address(request)}"


def hit(*, scope: str, who: str, limit: int, window: int, now: float | None = None) -> tuple[bool, int]:
    """Count one request; returns (allowed, seconds until the window resets)."""
    now = time.time() if now is None else now
    window_start = int(now // window) * window
    key = f"ratelimit:{scope}:{who}:{window_start}"
    try:
        count = _count(cache, key, window)
    except Exception as error:  # noqa: BLE001 - the shared cache is down: count here
        if time.monotonic() - _last_failure_logged[0] >= 60:
            _last_failure_logged[0] = time.monotonic()
            logger.error("Cache unavailable; rate limits are counted per process: %s: %s", type(error).__name__, error)
        count = _count(_fallback, key, window)
    retry_after = max(1, int(window_start + window - now))
    return count <= limit, retry_after


def _count(store, key: str, window: int) -> int:
    if store.add(key, 1, timeout=window + 1):
        return 1
    try:
        return store.incr(key)
    except ValueError:  # expired between add() and incr()
        store.set(key, 1, timeout=window + 1)
        return 1


def rate_limit(*, scope: str, rate_setting: str, methods: tuple[str, ...] = ("GET", "HEAD", "POST")):
    """View decorator: refuse requests over the configured rate with 429."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if getattr(settings, "RATELIMIT_ENABLED", True) and request.method in methods:
                limit, window = parse_rate(getattr(settings, rate_setting))
                allowed, retry_after = hit(scope=scope, who=_who(request), limit=limit, window=window)
                if not allowed:
                    return too_many_requests(request, scope=scope, retry_after=retry_after, limit=limit, window=window)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def too_many_requests(request, *, scope: str, retry_after: int, limit: int, window: int):
    minutes = max(1, round(retry_after / 60)) if retry_after >= 60 else None
    wait = f"{minutes} minute{'s' if minutes != 1 else ''}" if minutes else f"{retry_after} second{'s' if retry_after != 1 else ''}"
    message = f"Too many {scope} requests: at most {limit} every {window} seconds. Please wait {wait} and try again."
    htmx = getattr(request, "htmx", None)
    # An htmx request gets the message in place of the element it meant to replace (same id,
    # so the next request finds its target again); base.html lets htmx swap a 429.
    target = (htmx.target if htmx else None) or "message"
    template = "claims/ratelimited.html#message" if htmx else "claims/ratelimited.html"
    response = render(request, template, {"message": message, "retry_after": retry_after, "target": target}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
