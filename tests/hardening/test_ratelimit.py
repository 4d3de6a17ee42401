"""The cache-based rate limiter in claims/ratelimit.py."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from claims import ratelimit
from tests import factories


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@ratelimit.rate_limit(scope="search", rate_setting="RATELIMIT_SEARCH", methods=("GET",))
def _view(request):
    return HttpResponse("ok")


def _get(address="192.0.2.1", user=None, **headers):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/search/", REMOTE_ADDR=address, headers=headers)
    request.user = user or AnonymousUser()
    request.htmx = False
    return request


def test_parse_rate_reads_requests_per_seconds():
    assert ratelimit.parse_rate("30/3600") == (30, 3600)


@pytest.mark.parametrize("rate", ["", "30", "x/60", "0/60", "5/0", None])
def test_parse_rate_refuses_nonsense(rate):
    with pytest.raises(ImproperlyConfigured):
        ratelimit.parse_rate(rate)


@pytest.mark.django_db
@override_settings(RATELIMIT_ENABLED=True, RATELIMIT_SEARCH="3/60")
def test_requests_over_the_limit_get_429_with_a_clear_message():
    responses = [_view(_get()) for _ in range(4)]
    assert [response.status_code for response in responses] == [200, 200, 200, 429]
    refused = responses[-1]
    assert "Too many search requests" in refused.content.decode()
    assert "Please wait" in refused.content.decode()
    assert 1 <= int(refused["Retry-After"]) <= 60


@pytest.mark.django_db
@override_settings(RATELIMIT_ENABLED=True, RATELIMIT_SEARCH="2/60")
def test_limits_are_counted_per_address_and_per_user():
    assert [_view(_get("192.0.2.1")).status_code for _ in range(3)] == [200, 200, 429]
    assert _view(_get("192.0.2.2")).status_code == 200
    user = factories.UserFactory(username="limited", role="editor")
    assert [_view(_get("192.0.2.1", user=user)).status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.django_db
@override_settings(RATELIMIT_ENABLED=True, RATELIMIT_SEARCH="1/60", RATELIMIT_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_forwarded_address_is_counted():
    assert _view(_get("10.0.0.1", x_forwarded_for="192.0.2.50")).status_code == 200
    assert _view(_get("10.0.0.1", x_forwarded_for="192.0.2.51")).status_code == 200
    assert _view(_get("10.0.0.1", x_forwarded_for="192.0.2.50")).status_code == 429


def test_window_resets_after_its_length():
    assert ratelimit.hit(scope="t", who="a", limit=1, window=10, now=1000.0) == (True, 10)
    assert ratelimit.hit(scope="t", who="a", limit=1, window=10, now=1005.0) == (False, 5)
    assert ratelimit.hit(scope="t", who="a", limit=1, window=10, now=1010.0)[0] is True


@pytest.mark.django_db
@override_settings(RATELIMIT_ENABLED=True, RATELIMIT_SEARCH="1/60")
def test_methods_not_listed_are_not_counted():
    from django.contrib.auth.models import AnonymousUser

    for _ in range(3):
        request = RequestFactory().post("/search/", REMOTE_ADDR="192.0.2.9")
        request.user, request.htmx = AnonymousUser(), False
        assert _view(request).status_code == 200


@pytest.mark.django_db
@override_settings(RATELIMIT_ENABLED=False, RATELIMIT_SEARCH="1/60")
def test_switching_the_limiter_off_lets_everything_through():
    assert [_view(_get()).status_code for _ in range(3)] == [200, 200, 200]


@pytest.mark.django_db
@override_settings(RATELIMIT_ENABLED=True, RATELIMIT_SEARCH="2/60")
def test_search_page_is_rate_limited_per_address(client):
    answers = [client.get("/search/", {"q": f"bridge {number}"}, REMOTE_ADDR="192.0.2.60").status_code for number in range(3)]
    assert answers == [200, 200, 429]
    assert client.get("/search/", {"q": "other"}, REMOTE_ADDR="192.0.2.61").status_code == 200


@pytest.mark.django_db
@override_settings(RATELIMIT_ENABLED=True, RATELIMIT_SEARCH="1/60")
def test_rate_limited_htmx_search_replaces_its_target_with_the_message(client):
    headers = {"HX-Request": "true", "HX-Target": "search-results"}
    client.get("/search/", {"q": "a"}, headers=headers, REMOTE_ADDR="192.0.2.62")
    refused = client.get("/search/", {"q": "b"}, headers=headers, REMOTE_ADDR="192.0.2.62")
    assert refused.status_code == 429
    body = refused.content.decode()
    assert body.startswith('<p id="search-results" class="form-error" role="alert">Too many search requests')
    assert "<html" not in body


@pytest.mark.django_db
@override_settings(RATELIMIT_ENABLED=True, RATELIMIT_IMPORT="2/3600")
def test_import_posts_are_rate_limited_per_editor(client, editor):
    from claims.models import Article

    client.force_login(editor)
    text = 'The minister said "the new bridge will open in May" on Monday.'
    answers = [client.post("/import/", {"mode": "text", "text": f"{text} {number}"}).status_code for number in range(3)]
    assert answers[:2] != [429, 429] and answers[2] == 429
    assert "Too many import requests" in client.post("/import/", {"mode": "text", "text": text}).content.decode()
    assert client.get("/import/").status_code == 200, "looking at the form is not limited"
    assert Article.objects.count() == 0
