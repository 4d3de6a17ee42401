"""Two stateless app servers share one database and one Redis cache: a write through one
is visible through the other (sessions, login lockouts, cached state)."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import connection

from tests import factories
from tests.hardening.servers import Server, collect_static, database_url, free_port, production_environment, redis_reachable

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_servers():
    if not redis_reachable():
        pytest.skip("no Redis at 127.0.0.1:6379")
    environment = production_environment(
        DATABASE_URL=database_url(connection.settings_dict),
        REDIS_URL="redis://127.0.0.1:6379/0",
        DATABASE_POOL_SIZE="2",
    )
    collect_static(environment)
    servers = [Server(free_port(), environment) for _ in range(2)]
    try:
        for server in servers:
            server.wait_ready()
        yield servers
    finally:
        for server in servers:
            server.stop()


def _set_production_password(user, password):
    # The test settings hash with MD5 for speed; the servers run the production hashers.
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    user.password = PBKDF2PasswordHasher().encode(password, PBKDF2PasswordHasher().salt())
    user.save(update_fields=["password"])


class Browser:
    """A cookie-keeping client that can talk to any of the servers (same host, same cookies)."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def get(self, url):
        try:
            response = self.opener.open(url, timeout=10)
            return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, url, data):
        token = next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        try:
            response = self.opener.open(urllib.request.Request(url, data=body), timeout=10)
            return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_login_through_one_server_is_honoured_by_the_other(two_servers):
    first, second = two_servers
    user = factories.UserFactory(username="roaming-editor", role="editor")
    _set_production_password(user, "a-long-test-password")
    browser = Browser()
    assert browser.get(first.base + "/accounts/login/")[0] == 200
    status, _ = browser.post(first.base + "/accounts/login/", {"username": "roaming-editor", "password": "a-long-test-password"})
    assert status == 302
    status, page = browser.get(second.base + "/dashboard/")
    assert status == 200
    assert "roaming-editor" in page


def test_a_lockout_earned_on_one_server_holds_on_the_other(two_servers):
    first, second = two_servers
    user = factories.UserFactory(username="target-editor", role="editor")
    _set_production_password(user, "a-long-test-password")
    browser = Browser()
    browser.get(first.base + "/accounts/login/")
    for _ in range(5):
        browser.post(first.base + "/accounts/login/", {"username": "target-editor", "password": "wrong"})
    status, page = browser.post(second.base + "/accounts/login/", {"username": "target-editor", "password": "a-long-test-password"})
    assert status == 429
    assert "Too many failed logins" in page


def test_both_servers_report_the_shared_cache_healthy(two_servers):
    for server in two_servers:
        status, body = Browser().get(server.base + "/healthz")
        assert status == 200 and re.search(r'"cache": \{"ok": true\}', body)
