"""Public pages are cached for anonymous readers, revalidated with ETag/Last-Modified, and
rendered afresh after any change a reader could see; query counts stay flat with data size."""

import copy
import datetime

import pytest
from django.core.cache import cache
from django.utils.http import http_date, parse_http_date

from claims import services
from claims.public_cache import public_cache_version
from claims.services import PUBLIC_CACHE_VERSION_KEY
from tests import factories
from tests.public.conftest import add_appearance, confirmed_link, published_claim

pytestmark = pytest.mark.django_db


def test_second_anonymous_request_is_served_from_the_cache(client, story, django_assert_num_queries):
    url = story["claim"].get_absolute_url()
    assert client.get(url)["X-Public-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response["X-Public-Cache"] == "hit"
    assert b"The new bridge will open to traffic in May" in response.content


def test_signed_in_readers_always_get_a_fresh_private_page(client, story, editor):
    client.force_login(editor)
    url = story["claim"].get_absolute_url()
    client.get(url)
    response = client.get(url)
    assert "X-Public-Cache" not in response
    assert "private" in response["Cache-Control"] and "ETag" not in response


def test_cached_page_does_not_leak_a_csrf_cookie_or_token(client, story):
    response = client.get(story["claim"].get_absolute_url())
    assert "csrftoken" not in response.cookies
    assert b"x-csrftoken" not in response.content


def test_anonymous_page_carries_etag_last_modified_and_vary(client, story):
    response = client.get(story["claim"].get_absolute_url())
    assert response["ETag"].startswith('"') and response["Last-Modified"]
    assert "public" in response["Cache-Control"]
    assert {"Cookie", "HX-Request"} <= {value.strip() for value in response["Vary"].split(",")}


def test_matching_etag_answers_304(client, story):
    url = story["claim"].get_absolute_url()
    etag = client.get(url)["ETag"]
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.content == b""


def test_if_modified_since_answers_304_only_when_the_page_is_not_newer(client, story):
    url = story["claim"].get_absolute_url()
    last_modified = client.get(url)["Last-Modified"]
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    an_hour_earlier = http_date(parse_http_date(last_modified) - 3600)
    response = client.get(url, headers={"If-Modified-Since": an_hour_earlier})
    assert response.status_code == 200 and b"The new bridge will open" in response.content


def test_stale_etag_gets_the_new_page_after_a_change(client, story, editor, django_capture_on_commit_callbacks):
    url = story["claim"].get_absolute_url()
    etag = client.get(url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_update(claim=story["claim"], actor=editor, expected_version=None, context="Said at a rally.")
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200 and response["ETag"] != etag


def test_404s_are_not_cached(client, editor, django_capture_on_commit_callbacks):
    claim = factories.ClaimFactory(status="review")
    assert client.get(claim.get_absolute_url()).status_code == 404
    services.claim_publish(claim=claim, actor=editor)  # no on_commit run: the version stays
    assert client.get(claim.get_absolute_url()).status_code == 200


def test_public_cache_version_bumps_and_never_comes_back_to_an_old_number():
    first = public_cache_version()
    services.public_cache_bump()
    assert public_cache_version() == first + 1
    # Evicted, flushed or restored from an old snapshot: the database still has the number.
    cache.delete(PUBLIC_CACHE_VERSION_KEY)
    assert public_cache_version() == first + 1
    cache.set(PUBLIC_CACHE_VERSION_KEY, first)
    cache.delete(PUBLIC_CACHE_VERSION_KEY)
    services.public_cache_bump()
    assert public_cache_version() == first + 2


# Each process's own copy of its most-read pages (PUBLIC_PAGE_LOCAL_SECONDS).


class CountingCache:
    """The configured cache, counting the calls a request makes to it."""

    def __init__(self, monkeypatch):
        import claims.public_cache

        self.calls = 0
        real = claims.public_cache.cache
        counter = self

        class Proxy:
            def __getattr__(self, name):
                counter.calls += 1
                return getattr(real, name)

        monkeypatch.setattr(claims.public_cache, "cache", Proxy())


@pytest.fixture
def local_pages(settings, monkeypatch):
    import claims.public_cache

    settings.PUBLIC_PAGE_LOCAL_SECONDS = 1.0
    clock = [1000.0]
    monkeypatch.setattr(claims.public_cache.time, "monotonic", lambda: clock[0])
    return clock


def test_a_hot_page_is_served_from_process_memory_without_a_cache_round_trip(client, story, local_pages, monkeypatch, django_assert_num_queries):
    url = story["claim"].get_absolute_url()
    assert client.get(url)["X-Public-Cache"] == "miss"
    counting = CountingCache(monkeypatch)
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response["X-Public-Cache"] == "hit" and counting.calls == 0
    assert b"The new bridge will open" in response.content


def test_a_change_through_this_process_shows_at_once(client, story, editor, local_pages, django_capture_on_commit_callbacks):
    url = story["claim"].get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Public-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_update(claim=story["claim"], actor=editor, expected_version=None, context="Said on the radio.")
    response = client.get(url)
    assert response["X-Public-Cache"] == "miss" and b"Said on the radio." in response.content


def test_a_change_through_another_server_shows_within_the_local_window(client, story, local_pages):
    url = story["claim"].get_absolute_url()
    client.get(url)
    etag = client.get(url)["ETag"]
    # Another app server published a change: the shared version moved, this process was not told.
    cache.incr(PUBLIC_CACHE_VERSION_KEY)
    local_pages[0] += 0.5
    assert client.get(url)["ETag"] == etag
    local_pages[0] += 0.6
    assert client.get(url)["X-Public-Cache"] == "miss"


def test_local_pages_off_asks_the_shared_cache_every_time(client, story, settings, monkeypatch):
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 0
    url = story["claim"].get_absolute_url()
    client.get(url)
    counting = CountingCache(monkeypatch)
    assert client.get(url)["X-Public-Cache"] == "hit" and counting.calls >= 1


def test_local_pages_stay_within_their_bounds(local_pages):
    from claims.public_cache import _LocalPages

    pages = _LocalPages()
    pages.note_version(7)
    for number in range(_LocalPages.MAX_PAGES + 10):
        pages.put(f"page-{number}", {"content": b"x" * 10, "version": 7})
    assert len(pages._pages) == _LocalPages.MAX_PAGES
    assert pages.get("page-0") == (None, 7) and pages.get(f"page-{_LocalPages.MAX_PAGES + 9}")[0] is not None
    pages.put("stale", {"content": b"x", "version": 6})
    assert pages.get("stale") == (None, 7)
    pages.note_version(8)
    assert pages.get(f"page-{_LocalPages.MAX_PAGES + 9}") == (None, 8)


# Every change a reader could see renders the page afresh (after commit).


def cached(client, url) -> str:
    client.get(url)
    response = client.get(url)
    assert response["X-Public-Cache"] == "hit"
    return response.content.decode()


def fresh(client, url) -> str:
    response = client.get(url)
    assert response["X-Public-Cache"] == "miss"
    return response.content.decode()


def test_claim_edit_refreshes_its_page(client, story, editor, django_capture_on_commit_callbacks):
    url = story["claim"].get_absolute_url()
    cached(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_update(claim=story["claim"], actor=editor, expected_version=None, text="The new bridge will open in June")
    assert "The new bridge will open in June" in fresh(client, url)


def test_claim_publication_and_archiving_refresh_the_home_page(client, editor, django_capture_on_commit_callbacks):
    claim = factories.ClaimFactory(text="Freshly published statement")
    assert "Freshly published statement" not in cached(client, "/")
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_publish(claim=claim, actor=editor)
    assert "Freshly published statement" in fresh(client, "/")
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_archive(claim=claim, actor=editor)
    assert "Freshly published statement" not in fresh(client, "/")
    assert client.get(claim.get_absolute_url()).status_code == 404


def test_new_appearance_refreshes_the_claim_page(client, story, django_capture_on_commit_callbacks):
    url = story["claim"].get_absolute_url()
    cached(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        add_appearance(story["claim"], url="https://third.example/story")
    assert "https://third.example/story" in fresh(client, url)


def test_article_archive_refreshes_the_claim_page(client, story, editor, django_capture_on_commit_callbacks):
    url = story["claim"].get_absolute_url()
    assert "https://gazette.example/bridge" in cached(client, url)
    article = story["claim"].appearances.get(article__url="https://gazette.example/bridge").article
    with django_capture_on_commit_callbacks(execute=True):
        services.article_archive(article=article, actor=editor)
    assert "https://gazette.example/bridge" not in fresh(client, url)


def test_link_confirmation_refreshes_the_claim_page(client, story, reviewer, django_capture_on_commit_callbacks):
    url = story["claim"].get_absolute_url()
    other = published_claim(text="The bridge cannot open before autumn")
    link = services.link_suggest(from_claim=other, to_claim=story["claim"], relation="contradicts")
    assert "cannot open before autumn" not in cached(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        services.link_confirm(link=link, reviewer=reviewer, expected_version=link.version)
    assert "cannot open before autumn" in fresh(client, url)


def test_link_reopen_refreshes_the_claim_page(client, story, reviewer, django_capture_on_commit_callbacks):
    url = story["claim"].get_absolute_url()
    assert "No opening date for the bridge" in cached(client, url)
    link = story["denial_link"]
    link.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.link_reopen(link=link, reviewer=reviewer, expected_version=link.version)
    assert "No opening date for the bridge" not in fresh(client, url)


def test_verdict_publication_refreshes_the_claim_page(client, story, reviewer, django_capture_on_commit_callbacks):
    url = story["claim"].get_absolute_url()
    assert "Our verdict" not in cached(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        services.verdict_create(claim=story["claim"], rating_value=1, rating_text="False", reviewer=reviewer, publish=True)
    assert "Our verdict" in fresh(client, url)


def test_dispute_unpublishing_refreshes_its_page_and_home(client, story, reviewer, django_capture_on_commit_callbacks):
    url = story["dispute"].get_absolute_url()
    cached(client, url)
    assert "When will the new bridge open?" in cached(client, "/")
    with django_capture_on_commit_callbacks(execute=True):
        services.dispute_set_status(dispute=story["dispute"], status="archived", actor=reviewer)
    assert client.get(url).status_code == 404
    assert "When will the new bridge open?" not in fresh(client, "/")


def test_dispute_publication_refreshes_the_home_page(client, reviewer, django_capture_on_commit_callbacks):
    claim, other = published_claim(), published_claim()
    link = confirmed_link(from_claim=other, to_claim=claim, reviewer=reviewer)
    dispute = services.dispute_create(title="A brand new dispute", claim=claim, links=[link], actor=reviewer)
    assert "A brand new dispute" not in cached(client, "/")
    with django_capture_on_commit_callbacks(execute=True):
        services.dispute_publish(dispute=dispute, actor=reviewer)
    assert "A brand new dispute" in fresh(client, "/")


def test_source_edit_refreshes_the_source_and_claim_pages(client, story, editor, django_capture_on_commit_callbacks):
    claim_url, source_url = story["claim"].get_absolute_url(), story["minister"].get_absolute_url()
    cached(client, claim_url)
    cached(client, source_url)
    with django_capture_on_commit_callbacks(execute=True):
        services.source_update(source=story["minister"], actor=editor, name="Minister Ada Renamed")
    assert "Minister Ada Renamed" in fresh(client, claim_url)
    assert "Minister Ada Renamed" in fresh(client, source_url)


def test_source_alias_refreshes_the_source_page_once_a_reviewer_shows_it(client, story, editor, reviewer, django_capture_on_commit_callbacks):
    url = story["minister"].get_absolute_url()
    cached(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        alias = services.source_alias_add(source=story["minister"], alias="the roads minister", actor=editor)
    assert "the roads minister" not in cached(client, url)  # an editor's alias waits for a reviewer
    with django_capture_on_commit_callbacks(execute=True):
        services.source_alias_review(alias=alias, reviewer=reviewer, show=True)
    assert "the roads minister" in fresh(client, url)


def test_source_merge_refreshes_the_claim_page(client, story, editor, django_capture_on_commit_callbacks):
    url = story["claim"].get_absolute_url()
    cached(client, url)
    survivor = factories.SourceFactory(name="Ada Example (merged)")
    with django_capture_on_commit_callbacks(execute=True):
        services.source_merge(survivor=survivor, merged=story["minister"], actor=editor)
    assert "Ada Example (merged)" in fresh(client, url)


# Query counts stay flat whatever the number of appearances or links.


def claim_with(count: int, reviewer):
    claim = published_claim(stated_on=datetime.date(2026, 1, 1))
    for _ in range(count):
        add_appearance(claim)
        other = published_claim()
        add_appearance(other)
        confirmed_link(from_claim=other, to_claim=claim, reviewer=reviewer, relation="contradicts")
    services.verdict_create(claim=claim, rating_value=3, rating_text="Half true", reviewer=reviewer, publish=True)
    return claim


@pytest.mark.parametrize("count", [1, 20])
def test_claim_page_query_count_is_constant(client, reviewer, count, django_assert_num_queries):
    claim = claim_with(count, reviewer)
    # One of them reads the page-cache version from the database (the cache has no copy yet).
    with django_assert_num_queries(6):
        response = client.get(claim.get_absolute_url())
    assert response.content.decode().count('class="counterclaim"') == count


@pytest.mark.parametrize("count", [1, 20])
def test_dispute_page_query_count_is_constant(client, reviewer, count, django_assert_num_queries):
    claim = claim_with(count, reviewer)
    dispute = services.dispute_publish(
        dispute=services.dispute_create(title="Many sides", claim=claim, links=list(claim.links_to.all()), actor=reviewer), actor=reviewer
    )
    with django_assert_num_queries(5):  # with the page-cache version
        response = client.get(dispute.get_absolute_url())
    assert response.content.decode().count('class="timeline-dot"') == count + 1


@pytest.mark.parametrize("count", [1, 20])
def test_source_page_query_count_is_constant(client, reviewer, count, django_assert_num_queries):
    source = factories.SourceFactory()
    for _ in range(count):
        claim = published_claim(speaker=source)
        add_appearance(claim)
        confirmed_link(from_claim=published_claim(), to_claim=claim, reviewer=reviewer)
    with django_assert_num_queries(5):  # with the page-cache version
        client.get(source.get_absolute_url())


@pytest.mark.parametrize("count", [1, 20])
def test_home_search_and_json_query_counts_are_constant(client, reviewer, count, django_assert_num_queries):
    for _ in range(count):
        claim = published_claim(text="Bridge statement")
        add_appearance(claim)
        confirmed_link(from_claim=published_claim(text="Bridge answer"), to_claim=claim, reviewer=reviewer)
    with django_assert_num_queries(3):  # with the page-cache version, copied to the cache for the next ones
        client.get("/")
    with django_assert_num_queries(4):
        client.get("/search/?q=bridge")
    with django_assert_num_queries(4):
        client.get("/api/claims.json")


# With Django's CSP middleware each reader gets their own nonce, cached page or not.

CSP_MIDDLEWARE = "django.middleware.csp.ContentSecurityPolicyMiddleware"


@pytest.fixture
def csp_settings(settings):
    from django.utils.csp import CSP

    if CSP_MIDDLEWARE not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, CSP_MIDDLEWARE]
    settings.SECURE_CSP = {"default-src": [CSP.SELF], "script-src": [CSP.SELF, CSP.NONCE]}
    templates = copy.deepcopy(settings.TEMPLATES)
    processors = templates[0]["OPTIONS"]["context_processors"]
    if "django.template.context_processors.csp" not in processors:
        processors.append("django.template.context_processors.csp")
    settings.TEMPLATES = templates  # assigned, not mutated, so the template engine is rebuilt
    return settings


def test_cached_claim_page_carries_the_current_requests_csp_nonce(client, story, csp_settings):
    import re

    nonces = []
    for expected in ("miss", "hit"):
        response = client.get(story["claim"].get_absolute_url())
        assert response["X-Public-Cache"] == expected
        in_page = re.search(r'<script type="application/ld\+json" nonce="([^"]+)">', response.content.decode()).group(1)
        assert f"'nonce-{in_page}'" in response["Content-Security-Policy"]
        nonces.append(in_page)
    assert nonces[0] != nonces[1]
    assert client.get(story["claim"].get_absolute_url(), headers={"If-None-Match": response["ETag"]}).status_code == 304


# Redis, as configured when REDIS_URL is set.


def test_public_pages_cache_and_invalidate_through_redis(client, story, editor, settings, django_capture_on_commit_callbacks):
    import socket
    import uuid

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    from django.core.cache import caches

    prefix = f"public-test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {"BACKEND": "factcheck.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/0",
                                   "KEY_PREFIX": prefix}}
    redis_cache = caches["default"]
    assert type(redis_cache).__name__ == "RedisCache"
    try:
        url = story["claim"].get_absolute_url()
        assert client.get(url)["X-Public-Cache"] == "miss"
        assert client.get(url)["X-Public-Cache"] == "hit"
        with django_capture_on_commit_callbacks(execute=True):
            services.claim_update(claim=story["claim"], actor=editor, expected_version=None, context="Said on the radio.")
        response = client.get(url)
        assert response["X-Public-Cache"] == "miss" and b"Said on the radio." in response.content
    finally:  # only our keys: clear() would flush a database others use too
        client_ = redis_cache._cache.get_client()
        keys = list(client_.scan_iter(match=f"{prefix}:*"))
        assert keys
        client_.delete(*keys)


def test_a_pending_message_is_shown_once_and_never_cached(client, story):
    from django.contrib import messages
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    from claims.views import public

    client.get("/")  # the home page is cached without any message
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request.htmx = False
    request._messages = CookieStorage(request)
    messages.success(request, "You have been logged out.")
    response = public.home(request)
    assert b"You have been logged out." in response.content and "X-Public-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert b"You have been logged out." not in client.get("/").content
