"""/healthz reports database and cache state for load balancers."""

import pytest
from django.test import override_settings

from claims.views import health


@pytest.mark.django_db
def test_healthz_is_ok_when_database_and_cache_work(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": {"ok": True}, "cache": {"ok": True}}
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_needs_no_login_and_no_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}})
def test_healthz_reports_a_broken_cache_as_degraded_and_logs_why(client, caplog):
    """Pages are served uncached without the cache, so the server stays in the pool."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": {"ok": True}, "cache": {"ok": False}}
    assert "the cache failed" in caplog.text and "Connection" in caplog.text


@pytest.mark.django_db
@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_healthz_reports_a_cache_that_forgets(client, caplog):
    response = client.get("/healthz")
    assert response.json()["cache"] == {"ok": False}
    assert "could not be read back" in caplog.text


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails_and_shows_no_details(client, monkeypatch, caplog):
    """Finding 15: the public answer names no host, user or error; the log does."""
    from django.db.utils import OperationalError

    secret = 'connection to server at "db-primary.internal" (10.1.2.3), port 5432 failed: password for user "app"'

    class BrokenCursor:
        def __enter__(self):
            raise OperationalError(secret)

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(health.connections["default"], "cursor", lambda: BrokenCursor())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "fail", "database": {"ok": False}, "cache": {"ok": True}}
    assert "db-primary" not in response.content.decode() and "10.1.2.3" not in response.content.decode()
    assert "db-primary.internal" in caplog.text


@pytest.mark.django_db
def test_healthz_is_503_while_migrations_are_pending(client, monkeypatch, caplog):
    monkeypatch.setattr(health, "_migrations_seen_applied", False)
    monkeypatch.setattr(health.MigrationExecutor, "migration_plan", lambda self, targets: [("claims", "0099_future")])
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False}
    assert "1 migration(s) not applied" in caplog.text
