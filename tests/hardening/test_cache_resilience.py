"""Findings 4-7: the public page cache when Redis blips or is down, its keys, and htmx.

"Redis down" is a closed port on 127.0.0.1; the real Redis (127.0.0.1:6379, db 9, own key
prefix, cleaned up) is used where its TTL is the subject.
"""

import logging
import uuid

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client
from django.urls import reverse

from claims import public_cache, services
from claims.models import Claim
from tests import factories
from tests.hardening.servers import free_port, redis_reachable
from tests.public.conftest import add_appearance, published_claim

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "resilience-tests"}}
    cache.clear()
    public_cache.forget_local_pages()
    yield
    cache.clear()
    public_cache.forget_local_pages()


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": {"BACKEND": "factcheck.cache.RedisCache", "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    if hasattr(public_cache, "_log_cache_failure"):
        public_cache._log_cache_failure._last = 0.0
    yield
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "resilience-tests"}}
    public_cache.forget_local_pages()


@pytest.fixture
def real_redis(settings):
    if not redis_reachable():
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"resilience-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {"BACKEND": "factcheck.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/9", "KEY_PREFIX": prefix}}
    yield caches["default"]
    client = caches["default"]._cache.get_client()
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


class _Wrapped:
    """The configured cache with `set` replaced (for the module that uses it)."""

    def __init__(self, set_):
        self.set = set_

    def __getattr__(self, name):
        return getattr(cache, name)


def _story():
    claim = published_claim(text="The ferry will run every hour from June")
    add_appearance(claim)
    return claim


# Finding 5: Redis down.


def test_public_pages_render_uncached_when_redis_is_down_and_it_is_logged(redis_down, caplog):
    claim = _story()
    with caplog.at_level(logging.ERROR, logger="claims.public_cache"):
        for url in ["/", claim.get_absolute_url(), claim.speaker.get_absolute_url(), "/search/?q=ferry", "/api/claims.json", "/sitemap.xml", "/feeds/claims.atom"]:
            response = Client().get(url)
            assert response.status_code == 200, url
            assert "X-Public-Cache" not in response
    assert "Cache unavailable" in caplog.text


def test_rate_limits_fall_back_to_process_memory_when_redis_is_down(redis_down, settings, caplog):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMIT_SEARCH = "3/60"
    from claims import ratelimit

    if hasattr(ratelimit, "_fallback"):
        ratelimit._last_failure_logged[0] = 0.0
        ratelimit._fallback.clear()
    anonymous = Client(REMOTE_ADDR="198.51.100.77")
    with caplog.at_level(logging.ERROR, logger="claims.ratelimit"):
        codes = [anonymous.get(f"/search/?q=bridge{number}").status_code for number in range(4)]
    assert codes == [200, 200, 200, 429]
    assert "rate limits are counted per process" in caplog.text


def test_an_import_post_works_when_redis_is_down(redis_down, settings, client, editor):
    settings.RATELIMIT_ENABLED = True
    client.force_login(editor)
    response = client.post(reverse("claims:import"), {"text": "The mayor said: \"The ferry will run every hour.\""})
    assert response.status_code in (200, 302)


def test_healthz_reports_the_cache_failure_without_its_details(redis_down, client):
    body = client.get("/healthz").json()
    assert body["cache"] == {"ok": False}


# Finding 4: the public-page version survives a Redis blip.


class BlippingCache(LocMemCache):
    """Local memory whose writes of the page-cache version fail while `blipping` is set."""

    blipping = False

    def _refuse(self, key):
        if BlippingCache.blipping and key == public_cache.PUBLIC_CACHE_VERSION_KEY:
            raise ConnectionError("Redis is restarting")

    def set(self, key, *args, **kwargs):
        self._refuse(key)
        return super().set(key, *args, **kwargs)

    def incr(self, key, *args, **kwargs):
        self._refuse(key)
        return super().incr(key, *args, **kwargs)


def test_unpublishing_during_a_cache_blip_is_no_500_and_the_page_goes(client, reviewer, settings, django_capture_on_commit_callbacks):
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.BlippingCache", "LOCATION": "blipping"}}
    claim = _story()
    anonymous = Client()
    url = claim.get_absolute_url()
    anonymous.get(url)
    assert anonymous.get(url)["X-Public-Cache"] == "hit"
    client.force_login(reviewer)
    BlippingCache.blipping = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("claims:claim-status", args=[claim.pk]), {"status": Claim.Status.DRAFT, "version": claim.version})
    finally:
        BlippingCache.blipping = False
    assert response.status_code in (200, 302)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT
    # The cache's copy of the version lives PUBLIC_PAGE_VERSION_SECONDS; once it is gone
    # (expired, or a Redis restarted from a snapshot), the database's version rules.
    assert public_cache.public_cache_database_version() > 0
    cache.delete(public_cache.PUBLIC_CACHE_VERSION_KEY)
    public_cache.forget_local_pages()
    assert anonymous.get(url).status_code == 404


def test_the_cache_copy_of_the_version_is_short_lived_and_the_database_keeps_it(real_redis, settings):
    settings.PUBLIC_PAGE_VERSION_SECONDS = 7
    claim = _story()
    Client().get(claim.get_absolute_url())
    services.public_cache_bump()
    client = real_redis._cache.get_client()
    ttl = client.ttl(real_redis.make_and_validate_key(public_cache.PUBLIC_CACHE_VERSION_KEY))
    assert 0 < ttl <= 7
    assert public_cache.public_cache_version() == public_cache.public_cache_database_version() > 0


# Finding 6: keys only on the parameters a view reads.


def test_unknown_query_parameters_do_not_make_new_cache_entries(monkeypatch):
    claim = _story()
    anonymous = Client()
    anonymous.get(claim.get_absolute_url())
    stored = []
    real_set = cache.set
    monkeypatch.setattr(public_cache, "cache", _Wrapped(lambda key, *args, **kwargs: (stored.append(key), real_set(key, *args, **kwargs))))
    for number in range(5):
        response = anonymous.get(f"{claim.get_absolute_url()}?utm_source={number}")
        assert response.status_code == 200 and response["X-Public-Cache"] == "hit"
    assert [key for key in stored if key.startswith("public-page:")] == []


def test_parameters_a_view_reads_are_part_of_its_key():
    published_claim(text="Bridge statement one")
    anonymous = Client()
    assert anonymous.get("/search/?q=bridge")["X-Public-Cache"] == "miss"
    assert anonymous.get("/search/?q=bridge&utm_source=x")["X-Public-Cache"] == "hit"
    assert anonymous.get("/search/?q=ferry")["X-Public-Cache"] == "miss"


# Finding 7: htmx fragments and full pages never share an entry.


def test_a_history_restore_gets_the_full_page_not_the_cached_fragment():
    published_claim(text="Bridge statement two")
    anonymous = Client()
    fragment = anonymous.get("/search/?q=bridge", headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode()
    restore = anonymous.get("/search/?q=bridge", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.content.decode()
    assert "HX-History-Restore-Request" in restore["Vary"]
